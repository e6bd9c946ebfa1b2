"""Shared fixtures: the local Elaph replica (a real HTTP server in a subprocess on 127.0.0.1,
port 0, one per test session) and a helper that runs ``scrapy crawl`` as a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SCHEMA_PATH = PROJECT / "newscrawl" / "schema" / "article.json"
# Settings that make a crawl of the local replica fast; politeness defaults stay otherwise.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "TELNETCONSOLE_ENABLED": "False"}


@dataclass
class Replica:
    base_url: str
    request_log: Path

    def requests(self) -> list[str]:
        """Request lines (``GET /path?query``) the server has received so far."""
        if not self.request_log.exists():
            return []
        return self.request_log.read_text(encoding="utf-8").splitlines()

    def paths(self) -> list[str]:
        return [line.split(" ", 1)[1].split("?", 1)[0] for line in self.requests()]


@pytest.fixture(scope="session")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replica]:
    log = tmp_path_factory.mktemp("replica") / "requests.log"
    process = subprocess.Popen(
        [sys.executable, str(TESTS / "mockserver.py"), "--log", str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith("http://127.0.0.1:"), base_url
    try:
        yield Replica(base_url, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def run_crawl(
    tmp_path: Path, *args: str, settings: dict[str, str] | None = None, output: str = "out.jsonl", timeout: int = 120
) -> CrawlResult:
    """``scrapy crawl elaph ARGS -O output`` in the project folder, as a user runs it."""
    out = tmp_path / output
    command = [sys.executable, "-m", "scrapy", "crawl", "elaph", *args, "-O", str(out)]
    for name, value in {"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3"), **FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout)
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return CrawlResult(done.returncode, done.stderr, items, out)


@cache
def article_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def golden_records() -> list[dict[str, Any]]:
    """Expected records of the replica's articles (``tests/golden/elaph/*.json``)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((TESTS / "golden" / "elaph").glob("*.json"))]
