"""TLS to a team library's server, for real: a server of this module's own with a certificate signed by a
team's CA for ``db.example.org`` (reached on loopback through ``hostaddr``). Verified, it connects; an
unknown authority or another host name is refused in one line; nothing unverified ever gets through."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_cluster import SUPERUSER, SUPERUSER_PASSWORD, ThrowawayCluster
from psycopg import sql
from tls_certificates import Certificates, make_certificates

from annotations.errors import TlsVerificationFailed
from annotations.pg_connect import connect

HOST = "db.example.org"


@pytest.fixture(scope="module")
def tls_server() -> Iterator[tuple[ThrowawayCluster, Certificates]]:
    """A server with ``ssl = on`` and the team CA's certificate (its own: the session's server stays plain)."""
    cluster = ThrowawayCluster().start()
    try:
        made = make_certificates(cluster.root / "tls", HOST)
        if os.geteuid() == 0:  # the server runs as nobody and must own its key
            for path in (made.server_certificate, made.server_key):
                shutil.chown(path, "nobody")
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            for name, value in (
                ("ssl_cert_file", str(made.server_certificate)), ("ssl_key_file", str(made.server_key)), ("ssl", "on")
            ):  # fmt: skip
                admin.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value)))
            admin.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the postmaster rereads its settings on its own time
            try:
                psycopg.connect(cluster.url(), sslmode="require").close()
                break
            except psycopg.OperationalError:
                time.sleep(0.05)
        yield cluster, made
    finally:
        cluster.stop()


def _url(cluster: ThrowawayCluster, host: str = HOST, **options: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"hostaddr": "127.0.0.1", **options}.items())
    return f"postgresql://{SUPERUSER}:{SUPERUSER_PASSWORD}@{host}:{cluster.port}/postgres?{query}"


def test_a_certificate_signed_by_the_teams_authority_connects_encrypted(
    tls_server: tuple[ThrowawayCluster, Certificates],
) -> None:
    cluster, made = tls_server
    with connect(_url(cluster, sslrootcert=str(made.authority))) as connection:
        assert connection.pgconn.ssl_in_use
        assert connection.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)


def test_an_authority_this_desktop_does_not_trust_is_refused(
    tls_server: tuple[ThrowawayCluster, Certificates], tmp_path: Path
) -> None:
    cluster, _ = tls_server
    """Another CA; and one with the team CA's very name (OpenSSL then finds the signature wrong)."""
    for name in ("Another CA", "Test team CA"):
        stranger = make_certificates(tmp_path / name.replace(" ", "-"), HOST, authority_name=name)
        with pytest.raises(TlsVerificationFailed) as refused:
            connect(_url(cluster, sslrootcert=str(stranger.authority)))
        assert str(refused.value) == (
            f"cannot verify the team library's server at {HOST}:{cluster.port}: its certificate is not signed by"
            " an authority this computer trusts (put the team's CA certificate in ~/.postgresql/root.crt, or add"
            " sslrootcert=FILE to the address)"
        )


def test_a_certificate_for_another_host_name_is_refused(tls_server: tuple[ThrowawayCluster, Certificates]) -> None:
    cluster, made = tls_server
    with pytest.raises(TlsVerificationFailed) as refused:
        connect(_url(cluster, host="files.example.org", sslrootcert=str(made.authority)))
    assert str(refused.value) == (
        f"cannot verify the team library's server at files.example.org:{cluster.port}: its certificate is for"
        " another host name"
    )


def test_without_a_trusted_authority_set_up_nothing_is_accepted(
    tls_server: tuple[ThrowawayCluster, Certificates], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ~/.postgresql/root.crt and no sslrootcert: the system's authorities, which do not know the team's CA."""
    cluster, _ = tls_server
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    with pytest.raises(TlsVerificationFailed, match="its certificate is not signed by an authority"):
        connect(_url(cluster))
