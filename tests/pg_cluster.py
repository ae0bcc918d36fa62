"""A throwaway PostgreSQL cluster for the tests and benchmarks: ``initdb`` + ``pg_ctl`` on a temp folder
and a free loopback port, stopped and deleted afterwards. Never a mock: the real server Debian ships.

Run as root (CI's containers), the server runs as the unprivileged ``nobody`` (PostgreSQL refuses root).
Connections go over TCP to 127.0.0.1 with passwords (scram-sha-256), as a team's desktops connect; the
superuser ``lectern_test`` exists only to create databases and roles.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "lectern_test"
SUPERUSER_PASSWORD = "throwaway-superuser"


def server_binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: Debian keeps them out of PATH, under /usr/lib/postgresql/N/bin."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found:
            return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    raise RuntimeError(
        "The PostgreSQL server is not installed: `make test` installs Debian's `postgresql` package"
        " (or install it: sudo apt-get install postgresql)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayCluster:
    """One PostgreSQL server of our own: ``start()``, make databases, ``kill()``/``restart()``, ``stop()``."""

    def __init__(self) -> None:
        self.bin = server_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="lectern-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_user = "nobody" if os.geteuid() == 0 else None
        self._databases = 0

    # -- life ------------------------------------------------------------------------------------
    def start(self) -> ThrowawayCluster:
        password_file = self.root / "pw"
        password_file.write_text(SUPERUSER_PASSWORD + "\n")
        if self._as_user:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, self._as_user)
            shutil.chown(password_file, self._as_user)
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(password_file),
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        password_file.unlink()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "fsync": "off",  # a test server: a killed *process* loses nothing (the OS still has the pages)
            "max_connections": "200",
            "shared_buffers": "64MB",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self._pg_ctl_start()
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def kill(self) -> None:
        """Kill the server as a crash would (SIGKILL to the postmaster): no shutdown, no checkpoint."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, 9)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        time.sleep(0.3)  # the children notice the postmaster is gone and exit

    def restart(self) -> None:
        self._pg_ctl_start()

    # -- databases -------------------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = SUPERUSER_PASSWORD) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "lectern") -> str:
        """A fresh empty database's name (owned by the superuser)."""
        import psycopg

        self._databases += 1
        name = f"{prefix}_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(
                psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name))
            )

    # -- helpers ---------------------------------------------------------------------------------
    def _pg_ctl_start(self) -> None:
        log = self.root / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start")

    def _run(self, program: str, *arguments: str, check: bool = True) -> None:
        command = [str(self.bin / program), *arguments]
        result = subprocess.run(
            command, user=self._as_user, cwd=self.root, capture_output=True, text=True, check=False,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )  # fmt: skip
        if check and result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")
