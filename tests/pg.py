"""A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temp dir on a free loopback port.

``FAQBOT_TEST_POSTGRES_URL`` names an existing server instead (its faqbot_* tables are dropped
between tests). Where no server can be started the tests that need one skip, saying why; with
``FAQBOT_REQUIRE_POSTGRES=1`` (CI) they fail instead. As root, the server runs as the
``postgres`` user (PostgreSQL refuses to run as root).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


class NoPostgres(Exception):
    """Why no PostgreSQL server could be had here."""


@dataclass
class PostgresServer:
    url: str
    stop: callable


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise NoPostgres("PostgreSQL server programs (initdb, pg_ctl) are not installed; "
                     "apt-get install postgresql, or set FAQBOT_TEST_POSTGRES_URL")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_postgres() -> PostgresServer:
    """Start a server owned by this test run; raises NoPostgres with the reason if it cannot."""
    bin_dir = _bin_dir()
    run_as: dict = {}
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise NoPostgres("running as root and there is no 'postgres' user to run the server as") from None
        run_as = {"user": user.pw_uid, "group": user.pw_gid}
    root = Path(tempfile.mkdtemp(prefix="faqbot-pg-"))
    if run_as:
        os.chown(root, run_as["user"], run_as["group"])
    data, port = root / "data", _free_port()

    def run(*argv: str) -> None:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=root, **run_as)
        if result.returncode != 0:
            log = (root / "server.log").read_text(errors="replace")[-2000:] if (root / "server.log").exists() else ""
            raise NoPostgres(f"{Path(argv[0]).name} failed ({result.returncode}): "
                             f"{(result.stderr or result.stdout).strip()[-2000:]} {log}")

    def stop() -> None:
        subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, cwd=root, **run_as)
        shutil.rmtree(root, ignore_errors=True)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "faqbot", "--auth=trust", "-E", "UTF8",
            "--no-locale", "--no-sync")
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=200"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-o", options,
            "-w", "-t", "60", "start")
    except (NoPostgres, OSError, subprocess.SubprocessError) as exc:
        stop()
        raise exc if isinstance(exc, NoPostgres) else NoPostgres(f"cannot start PostgreSQL: {exc}") from exc
    return PostgresServer(f"postgresql://faqbot@127.0.0.1:{port}/postgres", stop)


def unavailable(reason: str) -> None:
    """Skip, or fail where FAQBOT_REQUIRE_POSTGRES=1 says the PostgreSQL tests must run."""
    if os.environ.get("FAQBOT_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"FAQBOT_REQUIRE_POSTGRES=1 but no PostgreSQL server: {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL server: {reason}")


def drop_tables(url: str) -> None:
    """Empty an existing server of faqbot's tables, so each test starts clean."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("DROP TABLE IF EXISTS faqbot_feedback, faqbot_answers")


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a PostgreSQL server for the whole run (started here, or FAQBOT_TEST_POSTGRES_URL)."""
    given = os.environ.get("FAQBOT_TEST_POSTGRES_URL", "").strip()
    if given:
        yield given
        return
    try:
        server = start_postgres()
    except NoPostgres as exc:
        unavailable(str(exc))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A PostgreSQL URL whose faqbot tables are absent at the start of the test."""
    try:
        drop_tables(postgres_server)
    except Exception as exc:  # the server went away, or the given URL is wrong
        unavailable(f"cannot connect to {postgres_server}: {exc}")
    return postgres_server
