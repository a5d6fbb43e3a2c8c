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
import time
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
    """Start a server owned by this test run; raises NoPostgres with the reason if it cannot.

    The server is this process's child with a parent-death signal, so a test run that is killed
    takes it along; data directories of servers that are gone are swept on the next start.
    """
    bin_dir = _bin_dir()
    run_as: dict = {}
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise NoPostgres("running as root and there is no 'postgres' user to run the server as") from None
        run_as = {"user": user.pw_uid, "group": user.pw_gid}
    _sweep_stale()
    # As root, under /tmp: a TMPDIR below /root would be out of the postgres user's reach.
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir="/tmp" if run_as and os.path.isdir("/tmp") else None))
    if run_as:
        os.chown(root, run_as["user"], run_as["group"])
    data, port = root / "data", _free_port()
    try:
        initdb = subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "faqbot", "--auth=trust", "-E",
                                 "UTF8", "--no-locale", "--no-sync"], capture_output=True, text=True, timeout=120,
                                cwd=root, **run_as)
        if initdb.returncode != 0:
            raise NoPostgres(f"initdb failed ({initdb.returncode}): {(initdb.stderr or initdb.stdout).strip()[-2000:]}")
        with open(root / "server.log", "wb") as log:
            server = subprocess.Popen([str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                                       "-k", str(root), "-c", "fsync=off", "-c", "max_connections=200"],
                                      stdout=log, stderr=subprocess.STDOUT, cwd=root, preexec_fn=_die_with_parent,
                                      **run_as)
        url = f"postgresql://faqbot@127.0.0.1:{port}/postgres"
        _wait_ready(server, url, root / "server.log")
    except BaseException as exc:
        if "server" in locals():
            _stop(server)
        shutil.rmtree(root, ignore_errors=True)
        if isinstance(exc, (OSError, subprocess.SubprocessError)):
            raise NoPostgres(f"cannot start PostgreSQL: {exc}") from exc
        raise

    def stop() -> None:
        _stop(server)
        shutil.rmtree(root, ignore_errors=True)
    return PostgresServer(url, stop)


PREFIX = "faqbot-pg-"


def _die_with_parent() -> None:
    """In the child, after it became the postgres user: quit (immediate shutdown) when we die."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGQUIT)


def _wait_ready(server: subprocess.Popen, url: str, log: Path, seconds: float = 60) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise NoPostgres(f"postgres exited ({server.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.1)
    raise NoPostgres(f"postgres did not accept connections in {seconds:.0f} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(server: subprocess.Popen) -> None:
    import signal

    if server.poll() is None:
        server.send_signal(signal.SIGINT)  # fast shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def _sweep_stale(min_age: float = 600) -> None:
    """Remove data directories left by test runs that were killed (their server is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        pid_file = folder / "data" / "postmaster.pid"
        try:
            if time.time() - folder.stat().st_mtime < min_age:
                continue  # maybe another run, still starting
            if pid_file.exists() and Path(f"/proc/{pid_file.read_text().split()[0]}").exists():
                continue  # its server is alive
        except (OSError, IndexError):
            continue
        shutil.rmtree(folder, ignore_errors=True)


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
