"""What every generator returns, and how a generator picks between hostile structure and a mutated seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from fuzzing.hostile import mutate

Variant = Callable[[random.Random], bytes]
MUTATED_SHARE = 0.35  # the rest is structure-aware: a valid-looking document with one hostile part


@dataclass(frozen=True)
class Generated:
    """One input: the file name it is written under (its suffix picks the importer), its bytes, and a label
    naming how it was made (the variant, or the seed and mutations)."""

    name: str
    data: bytes
    label: str


def pick(rng: random.Random, suffix: str, variants: dict[str, Variant], seed: Variant) -> Generated:
    """A structure-aware variant, or a valid seed mutated byte by byte."""
    if rng.random() < MUTATED_SHARE:
        data, how = mutate(seed(rng), rng)
        return Generated(f"input{suffix}", data, f"mutated seed ({how})")
    name = rng.choice(sorted(variants))
    return Generated(f"input{suffix}", variants[name](rng), name)
