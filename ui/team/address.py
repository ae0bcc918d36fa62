"""Where a team library lives: host, port, database and user, as the Open Team Library dialog asks for
them, the ``postgresql://`` URL they make, and the short name the title and status bar show.

A password is never part of it: libpq finds it (``~/.pgpass``, a service file) or the system keyring
does, so nothing Lectern shows or remembers can leak one. Only these four fields are remembered.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import QSettings

DEFAULT_PORT = 5432
SETTINGS_GROUP = "team_library"


@dataclass(frozen=True)
class TeamAddress:
    """A team library's server, database and member (never a password)."""

    host: str
    port: int
    database: str
    user: str

    @property
    def url(self) -> str:
        """``postgresql://alice@db.example.org:5432/research``, each part quoted for a URL."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{quote(self.user, safe='')}@{host}:{self.port}/{quote(self.database, safe='')}"

    def url_with(self, password: str) -> str:
        """The URL carrying a password the user typed (kept in memory only, to open this once)."""
        if not password:
            return self.url
        head, rest = self.url.split("@", 1)
        return f"{head}:{quote(password, safe='')}@{rest}"

    @property
    def name(self) -> str:
        """ "research@db.example.org" (the port only when it is not the usual 5432)."""
        port = "" if self.port == DEFAULT_PORT else f":{self.port}"
        return f"{self.database}@{self.host}{port}"

    def missing(self) -> str:
        """What the user still has to fill in, in words ("" when nothing is missing)."""
        empty = [label for label, value in (("the server", self.host), ("the database", self.database),
                                            ("your user name", self.user)) if not value]  # fmt: skip
        return f"Fill in {' and '.join(empty)}." if empty else ""

    @classmethod
    def from_url(cls, url: str) -> TeamAddress:
        """The address in a ``postgresql://`` URL; a password in it is dropped."""
        parts = urlsplit(url)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            port = DEFAULT_PORT
        return cls(
            host=parts.hostname or "localhost",
            port=port,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
        )


def team_name(url: str) -> str:
    """The short name of the team library at ``url``, safe to show: no password, ever."""
    return TeamAddress.from_url(url).name


def remembered(settings: QSettings | None = None) -> TeamAddress | None:
    """The address last opened from the dialog, if any."""
    settings = settings or QSettings()
    host = str(settings.value(f"{SETTINGS_GROUP}/host", "") or "")
    if not host:
        return None
    try:
        port = int(str(settings.value(f"{SETTINGS_GROUP}/port", DEFAULT_PORT)))
    except ValueError:
        port = DEFAULT_PORT
    return TeamAddress(
        host=host,
        port=port,
        database=str(settings.value(f"{SETTINGS_GROUP}/database", "") or ""),
        user=str(settings.value(f"{SETTINGS_GROUP}/user", "") or ""),
    )


def remember(address: TeamAddress, settings: QSettings | None = None) -> None:
    """Keep the four fields for next time (QSettings is plain text: never a password here)."""
    settings = settings or QSettings()
    for key, value in (("host", address.host), ("port", address.port), ("database", address.database),
                       ("user", address.user)):  # fmt: skip
        settings.setValue(f"{SETTINGS_GROUP}/{key}", value)
