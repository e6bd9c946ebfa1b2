"""A throwaway PostgreSQL server for tests: ``initdb`` into a temporary folder, ``postgres``
on 127.0.0.1 and a free port (fsync off), databases made empty per test, all deleted on exit.

The server binaries are looked up in ``$PG_BINDIR``, on ``PATH``, then in Debian's
``/usr/lib/postgresql/<version>/bin`` (``apt-get install postgresql``). ``initdb`` and
``postgres`` refuse to run as root, so as root they run as the ``postgres`` user (what
``runuser -u postgres --`` does: ``subprocess`` switches user and groups in the child).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import psycopg

from tests.ports import free_port

INSTALL_HINT = "install them with `apt-get install postgresql` (Debian/Ubuntu), or set PG_BINDIR"


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``postgres``, or ``None``."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name), reverse=True)
    candidates += [str(p) for p in debian]
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "postgres").is_file():
            return Path(folder)
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def unavailable_reason() -> str | None:
    """Why no test server can start here, or ``None`` when one can."""
    if find_bindir() is None:
        return f"PostgreSQL server binaries (initdb, postgres) not found: {INSTALL_HINT}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return f"running as root and there is no `postgres` user to run the server as: {INSTALL_HINT}"
    return None


class PostgresServer:
    """A running test server: :meth:`new_database` makes a database, :meth:`empty` empties one."""

    def __init__(self, bindir: Path, folder: Path):
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self._names = count(1)
        self._as_user: dict[str, Any] = {}
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
            self._as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 30.0) -> None:
        subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            cwd=self.folder, check=True, capture_output=True, text=True, **self._as_user,
        )  # fmt: skip
        for _ in range(3):  # a free port can be taken before the server binds it
            self.port = free_port()
            log = (self.folder / "server.log").open("w")
            self.process = subprocess.Popen(
                [str(self.bindir / "postgres"), "-D", str(self.data), "-k", str(self.folder), "-p", str(self.port),
                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=50"],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, text=True, **self._as_user,
            )  # fmt: skip
            log.close()
            if self._wait_ready(timeout):
                return
            self.stop()
        raise RuntimeError(f"PostgreSQL did not start:\n{(self.folder / 'server.log').read_text()}")

    def _wait_ready(self, timeout: float) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False

    def dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def new_database(self) -> str:
        """Create an empty database; returns its DSN."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.dsn(name)

    @staticmethod
    def empty(dsn: str) -> None:
        """Make a database empty again, as new (tens of milliseconds; creating one takes
        a few hundred): its other connections are ended, its ``public`` schema re-made."""
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown: disconnect clients
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Run a throwaway server while in the block; its folder is deleted afterwards."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(f"PostgreSQL server binaries not found: {INSTALL_HINT}")
    # Not under pytest's tmp_path: the postgres user must reach it, and socket paths are short.
    folder = Path(tempfile.mkdtemp(prefix="newscrawl-pg-"))
    server = PostgresServer(bindir, folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
