"""Connecting to a team library's server: Lectern's rules on top of libpq's.

libpq already finds a password where a user keeps one (the address, ``PGPASSWORD``, ``~/.pgpass`` or
``PGPASSFILE``, a ``service=`` entry of pg_service.conf); Lectern never stores one in plain text and adds
the system keyring, asked only when libpq found none. A server on another computer is reached only over
TLS with its certificate verified for its host name (``sslmode=verify-full``): an address asking for less
is refused before a byte is sent, because a password or a private note must not cross a network in clear.
Every failure becomes one line a user can act on (``pg_errors``).
"""

from __future__ import annotations

import configparser
import getpass
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from annotations.errors import InsecureConnection, InvalidTeamAddress, PasswordRefused
from annotations.pg_errors import connection_failure, password_missing

KEYRING_SERVICE = "Lectern team library"  # the keyring's entry: this service, account "user@host:port/db"
CONNECT_TIMEOUT_SECONDS = 5  # an unreachable server is said quickly, not after the OS's two minutes
APPLICATION_NAME = "Lectern"  # how the server's admin sees these sessions (pg_stat_activity)
SECURE_MODE = "verify-full"
_SYSTEM_ROOTS_LIBPQ = 160000  # libpq 16 learnt sslrootcert=system: the operating system's trusted authorities


@dataclass(frozen=True)
class Address:
    """Who connects where, as libpq will resolve it: for messages and the keyring, never holding a password."""

    user: str
    host: str  # "" or a folder: the local server's Unix socket
    port: str
    database: str

    @property
    def where(self) -> str:
        """The server as a user would write it: ``db.example.org:5432``."""
        if not self.host or self.host.startswith(("/", "@")):
            return f"the local server (port {self.port})"
        return f"{self.host}:{self.port}"

    @property
    def keyring_account(self) -> str:
        """The keyring's account name for this member on this team library."""
        host = self.host if self.host and not self.host.startswith(("/", "@")) else "localhost"
        return f"{self.user}@{host}:{self.port}/{self.database}"

    @property
    def url_without_password(self) -> str:
        """The address to show or to suggest in a command (never with a secret in it)."""
        host = self.host if self.host and not self.host.startswith(("/", "@")) else "localhost"
        return f"postgresql://{self.user}@{host}:{self.port}/{self.database}"


def connection_parameters(url: str) -> dict[str, str]:
    """libpq's keywords for ``url`` with Lectern's rules applied (TLS, timeout, name); no network I/O.

    Raises InvalidTeamAddress for something that is no connection address, InsecureConnection for a
    server on another computer asked for without verified TLS."""
    try:
        parameters = {key: str(value) for key, value in conninfo_to_dict(url).items() if value is not None}
    except psycopg.ProgrammingError as error:
        raise InvalidTeamAddress(
            "cannot read the team library's address: write it as postgresql://user@host/dbname"
        ) from error
    service = _service_settings(parameters.get("service", os.environ.get("PGSERVICE", "")))

    def setting(key: str, variable: str) -> str | None:
        return parameters.get(key) or service.get(key) or os.environ.get(variable) or None

    hosts = setting("host", "PGHOST") or setting("hostaddr", "PGHOSTADDR") or ""
    if not all(is_local_host(host.strip()) for host in hosts.split(",")):
        mode = setting("sslmode", "PGSSLMODE")
        if mode is not None and mode != SECURE_MODE:
            where = _address(parameters, service).where
            raise InsecureConnection(
                f"the team library at {where} is on another computer, so Lectern connects only with verified"
                f" TLS: remove sslmode={mode} from the address (sslmode={SECURE_MODE} is used)"
            )
        parameters["sslmode"] = SECURE_MODE
        if setting("sslrootcert", "PGSSLROOTCERT") is None and not _default_root_certificate().exists():
            if psycopg.pq.version() >= _SYSTEM_ROOTS_LIBPQ:  # a server with a public authority's certificate
                parameters["sslrootcert"] = "system"
    if setting("connect_timeout", "PGCONNECT_TIMEOUT") is None:
        parameters["connect_timeout"] = str(CONNECT_TIMEOUT_SECONDS)
    parameters.setdefault("fallback_application_name", APPLICATION_NAME)
    return parameters


def address_of(url: str) -> Address:
    """The user, server and database ``url`` names (after a service file and libpq's variables)."""
    parameters = connection_parameters(url)
    return _address(parameters, _service_settings(parameters.get("service", os.environ.get("PGSERVICE", ""))))


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    """A connection to the team library's server, or a TeamLibraryUnavailable error in one line.

    The keyring is asked only when libpq found no password, so ``.pgpass`` and service files keep
    their precedence and a desktop without a keyring never waits for one."""
    parameters = connection_parameters(url)
    address = _address(parameters, _service_settings(parameters.get("service", os.environ.get("PGSERVICE", ""))))
    try:
        return psycopg.connect(**parameters, autocommit=autocommit)
    except psycopg.OperationalError as error:
        if not password_missing(error):
            raise connection_failure(error, address) from error
        missing = error
    password = keyring_password(address)
    if password is None:
        raise PasswordRefused(
            f"the server at {address.where} wants a password for {address.user} and none was found: add it to"
            f' ~/.pgpass, or to the system keyring with: keyring set "{KEYRING_SERVICE}" {address.keyring_account}'
        ) from missing
    try:
        return psycopg.connect(**parameters, password=password, autocommit=autocommit)
    except psycopg.OperationalError as error:
        raise connection_failure(error, address) from error


def keyring_password(address: Address) -> str | None:
    """This member's password from the system keyring, or None (no keyring package, backend or entry)."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, address.keyring_account)
    except Exception:  # no backend (a server without a desktop session), a locked or broken keyring
        return None


def remember_password(url: str, password: str) -> None:
    """Keep a member's password in the system keyring (never in Lectern's own files)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, address_of(url).keyring_account, password)


def is_local_host(host: str) -> bool:
    """Whether libpq reaches ``host`` without a network: a Unix socket, localhost or a loopback address."""
    if not host or host.startswith(("/", "@")):
        return True
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _address(parameters: dict[str, str], service: dict[str, str]) -> Address:
    def setting(key: str, variable: str, default: str) -> str:
        return parameters.get(key) or service.get(key) or os.environ.get(variable) or default

    user = setting("user", "PGUSER", "") or getpass.getuser()
    host = setting("host", "PGHOST", "") or setting("hostaddr", "PGHOSTADDR", "")
    return Address(
        user=user,
        host=host.split(",")[0].strip(),
        port=setting("port", "PGPORT", "5432").split(",")[0].strip(),
        database=setting("dbname", "PGDATABASE", user),
    )


def _service_settings(name: str) -> dict[str, str]:
    """A ``service=`` entry's settings, read from the files libpq reads (the user's first, then the system's)."""
    if not name:
        return {}
    candidates = [Path(os.environ.get("PGSERVICEFILE", Path.home() / ".pg_service.conf"))]
    if os.environ.get("PGSYSCONFDIR"):
        candidates.append(Path(os.environ["PGSYSCONFDIR"]) / "pg_service.conf")
    candidates.append(Path("/etc/postgresql-common/pg_service.conf"))  # Debian's
    for candidate in candidates:
        reader = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            reader.read(candidate, encoding="utf-8")
        except (OSError, configparser.Error, UnicodeDecodeError):
            continue
        if reader.has_section(name):
            return {key.strip(): value.strip() for key, value in reader.items(name)}
    return {}


def _default_root_certificate() -> Path:
    """libpq's own default for the authorities a desktop trusts: ``~/.postgresql/root.crt``."""
    return Path.home() / ".postgresql" / "root.crt"
