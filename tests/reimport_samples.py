"""Two versions of one article, and a quote of each kind re-anchoring must tell apart."""

from __future__ import annotations

VERSION_1 = """\
# Gulf supply lines

Tehran ordered radars from Moscow last winter.

Interceptor stocks are finite, and air defense support is scarce across the region.

Baghdad watches the deal with growign concern about its own airspace.

Damascus asks for training and spare parts before the summer.
"""

# A paragraph inserted above the second highlight, a typo fixed inside the third, the fourth's paragraph deleted.
VERSION_2 = """\
# Gulf supply lines

Tehran ordered radars from Moscow last winter.

A new paragraph about the Kestrel programme shifts everything below it.

Interceptor stocks are finite, and air defense support is scarce across the region.

Baghdad watches the deal with growing concern about its own airspace.
"""

QUOTES = {
    "kept": "Tehran ordered radars",
    "moved": "air defense support is scarce",
    "fuzzy": "watches the deal with growign concern",
    "orphaned": "Damascus asks for training",
}
