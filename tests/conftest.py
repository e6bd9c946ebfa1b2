"""Shared fixtures: the local site replicas (``tests/sites/<shape>/`` served by
``tests/mockserver.py``, a real HTTP server in a subprocess on 127.0.0.1, port 0, one per
shape per test session; ``replica`` is the Elaph one), a throwaway PostgreSQL server (one per session, a database
per module, emptied for each test; :mod:`tests.postgres`) and a helper that runs
``scrapy crawl`` as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl import settings as newscrawl_settings

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SITES = TESTS / "sites"
SHAPES = ("elaph", "wordpress", "portal", "oldportal")
ELAPH_SITE = SITES / "elaph"
SCHEMA_PATH = PROJECT / "newscrawl" / "schema" / "article.json"
# The project's settings (newscrawl/settings.py) as a dict, for crawlers built in a test.
PROJECT_SETTINGS = {name: getattr(newscrawl_settings, name) for name in dir(newscrawl_settings) if name.isupper()}
# For crawlers built in a test that use the store: its owner (newscrawl/extensions/store.py).
STORE_OWNER = {"EXTENSIONS": {"newscrawl.extensions.store.CrawlStore": 0}}
# Settings that make a crawl of the local replica fast; politeness defaults stay otherwise.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "TELNETCONSOLE_ENABLED": "False"}


@dataclass
class Replica:
    base_url: str
    request_log: Path
    root: Path = ELAPH_SITE

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (``/a?b``) on this replica."""
        return self.base_url + path

    def requests(self) -> list[str]:
        """Request lines (``GET /path?query``) the server has received so far."""
        if not self.request_log.exists():
            return []
        return self.request_log.read_text(encoding="utf-8").splitlines()

    def paths(self) -> list[str]:
        return [line.split(" ", 1)[1].split("?", 1)[0] for line in self.requests()]


@contextmanager
def start_replica(
    folder: Path, delay: float = 0.0, root: Path = ELAPH_SITE, host: str = "127.0.0.1"
) -> Iterator[Replica]:
    """Run ``tests/mockserver.py --root ROOT`` in a subprocess on ``host`` (port 0) while in
    the block; its request log is ``folder/requests.log``."""
    log = folder / "requests.log"
    command = [sys.executable, str(TESTS / "mockserver.py"), "--root", str(root), "--host", host,
               "--log", str(log), "--delay", str(delay)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith(f"http://{host}:"), base_url
    try:
        yield Replica(base_url, log, root)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def site_replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Replica]]:
    """``site_replica(shape, host="127.0.0.1") -> Replica``: the replica of ``tests/sites/<shape>/``
    (one of :data:`SHAPES`), started on first use and shared by the session."""
    started: dict[tuple[str, str], Replica] = {}
    with ExitStack() as servers:

        def get(shape: str, host: str = "127.0.0.1") -> Replica:
            if shape not in SHAPES:
                raise ValueError(f"no replica {shape!r} (known: {', '.join(SHAPES)})")
            if (shape, host) not in started:
                folder = tmp_path_factory.mktemp(f"replica-{shape}")
                started[shape, host] = servers.enter_context(start_replica(folder, root=SITES / shape, host=host))
            return started[shape, host]

        yield get


@pytest.fixture(scope="session")
def replica(site_replica: Callable[..., Replica]) -> Replica:
    """The Elaph replica (``tests/sites/elaph/``, as before the other shapes)."""
    return site_replica("elaph")


@cache
def site_gold(shape: str) -> dict[str, Any]:
    """``tests/sites/<shape>/gold.json``: the replica's articles and non-article pages."""
    return json.loads((SITES / shape / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """A PostgreSQL server for the session; tests skip (saying how to install it) without one."""
    from tests import postgres

    reason = postgres.unavailable_reason()
    if reason:
        pytest.skip(reason)
    with postgres.postgres_server() as server:
        yield server


@pytest.fixture(scope="module")
def postgres_database(postgres_server: Any) -> str:
    """A database of the session's PostgreSQL server for one test module (its DSN)."""
    return postgres_server.new_database()


@pytest.fixture
def postgres_dsn(postgres_server: Any, postgres_database: str) -> str:
    """The DSN of an empty database: the module's, emptied for each test."""
    postgres_server.empty(postgres_database)
    return postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """The crawl settings that select one store, a test per backend (PostgreSQL: an empty
    database; without a server those cases skip)."""
    settings = {"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3")}
    if request.param == "postgres":
        settings["NEWSCRAWL_POSTGRES_DSN"] = request.getfixturevalue("postgres_dsn")
    return settings


@pytest.fixture
def open_store(backend: dict[str, str]) -> Iterator[Callable[[], Any]]:
    """Opens a connection to the test's store (``newscrawl.storage.open_store``); all are
    closed after the test."""
    from newscrawl.storage import open_store as open_configured

    opened: list[Any] = []

    def open_one() -> Any:
        opened.append(open_configured(backend))
        return opened[-1]

    yield open_one
    for one in opened:
        with suppress(*one.errors):
            one.close()


@pytest.fixture
def store(open_store: Callable[[], Any]) -> Any:
    """The test's store, on each backend."""
    return open_store()


@pytest.fixture(scope="session", autouse=True)
def no_store_in_the_project() -> Iterator[None]:
    """Tests must write their stores under tmp paths, never ``data/`` of the checkout."""
    existed = (PROJECT / "data").exists()
    yield
    assert existed or not (PROJECT / "data").exists(), "a test wrote data/ into the project folder"


@dataclass
class CrawlResult:
    returncode: int
    log: str
    items: list[dict[str, Any]]
    output: Path

    def stats(self) -> dict[str, int]:
        """Integer stats from the final stats dump of the log."""
        dump = self.log.split("Dumping Scrapy stats:", 1)[-1]
        return {key: int(value) for key, value in re.findall(r"'([^']+)': (\d+)[,}]", dump)}


def crawl_command(
    tmp_path: Path,
    *args: str,
    settings: dict[str, str] | None = None,
    output: str = "out.jsonl",
    append: bool = False,
    spider: str = "elaph",
) -> list[str]:
    """``scrapy crawl SPIDER ARGS -O|-o output`` with the store and the archive in ``tmp_path``."""
    out = tmp_path / output
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *args, "-o" if append else "-O", str(out)]
    where = {"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3"), "NEWSCRAWL_ARCHIVE_DIR": str(tmp_path / "warc")}
    for name, value in {**where, **FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


def run_crawl(
    tmp_path: Path,
    *args: str,
    settings: dict[str, str] | None = None,
    output: str = "out.jsonl",
    append: bool = False,
    timeout: int = 120,
    spider: str = "elaph",
) -> CrawlResult:
    """``scrapy crawl SPIDER ARGS -O output`` in the project folder, as a user runs it."""
    out = tmp_path / output
    command = crawl_command(tmp_path, *args, settings=settings, output=output, append=append, spider=spider)
    done = subprocess.run(command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=timeout)
    # Whole lines only: a crawl stopped by a full disk leaves a torn last line (the next
    # crawl appending to the feed cuts it).
    lines = out.read_bytes().split(b"\n")[:-1] if out.exists() else []
    items = [json.loads(line) for line in lines if line]
    return CrawlResult(done.returncode, done.stderr, items, out)


@cache
def article_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def golden_records() -> list[dict[str, Any]]:
    """Expected records of the replica's articles (``tests/golden/elaph/*.json``)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((TESTS / "golden" / "elaph").glob("*.json"))]
