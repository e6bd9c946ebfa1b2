"""The read side against stores it cannot or must not change, and a store of a newer schema:
``python -m newscrawl.query`` and ``python -m newscrawl.report`` run as subprocesses on real
files (a text file, an empty file, another program's SQLite database, a directory, a store on
a read-only file system), with a huge ``--limit``, through a real ``| head -1``; and
``scrapy crawl`` on a store a newer newscrawl wrote. Each answer is one line and an exit
status, never a traceback, and no file is changed."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newscrawl.items import Article
from newscrawl.storage.sqlite import SQLiteStore
from tests.conftest import PROJECT, Replica, run_crawl

NEWER = "was written by a newer newscrawl (schema 999, this one reads up to"


def make_store(path: Path, articles: int = 1) -> Path:
    """A store with ``articles`` articles of a kilobyte or so, published on 2025-11-28."""
    store = SQLiteStore(path)
    for n in range(1, articles + 1):
        url = f"https://elaph.com/Web/News/2025/11/{n}.html"
        store.save(Article(url=url, canonicalUrl=url, articleId=str(n), site="elaph.com", headline=f"خبر رقم {n}",
                           articleBody="نص الخبر. " * 100, datePublished="2025-11-28T10:00:00+00:00"))  # fmt: skip
    store.close()
    return path


def make_newer_store(path: Path) -> Path:
    """A store whose ``meta`` says a newer newscrawl (schema 999) wrote it."""
    make_store(path)
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', '999')")
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every entry under ``folder``: its mtime and (files) bytes."""
    return {
        str(entry.relative_to(folder)): (entry.stat().st_mtime_ns, entry.read_bytes() if entry.is_file() else b"")
        for entry in sorted(folder.rglob("*"))
    }


def cli(module: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, "--db", str(db), *args], cwd=PROJECT, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def assert_one_line(done: subprocess.CompletedProcess[str], status: int, message: str) -> None:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr, done.stderr


def other_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE notes (body TEXT)")


NOT_STORES: dict[str, tuple[Callable[[Path], object], str]] = {
    "text file": (lambda path: path.write_text("hello\n", encoding="utf-8"), "is not a newscrawl store (not an SQLite"),
    "empty file": (lambda path: path.write_bytes(b""), "is not a newscrawl store"),
    "other database": (other_database, "is not a newscrawl store"),
    "directory": (lambda path: path.mkdir(), "is a directory, not a newscrawl store"),
}


@pytest.mark.parametrize("kind", NOT_STORES)
@pytest.mark.parametrize("command", [("newscrawl.query", "count"), ("newscrawl.report",)], ids=["query", "report"])
def test_a_path_without_a_store_is_refused_and_left_as_it_was(tmp_path: Path, kind: str, command: list[str]) -> None:
    """Before: a text file or a directory gave a traceback, and an empty file or another
    program's database was made a store (the schema written into it) and read as empty."""
    make, message = NOT_STORES[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "store.sqlite3"
    make(path)
    before = snapshot(folder)
    module, *args = command
    if module == "newscrawl.report":
        args = ["-o", str(tmp_path / "report.html")]
    assert_one_line(cli(module, path, *args), 2, message)
    assert snapshot(folder) == before  # no schema written, no -wal or -shm file made
    assert not (tmp_path / "report.html").exists()


@contextlib.contextmanager
def read_only_store(folder: Path) -> Iterator[tuple[Path, str]]:
    """A store in ``folder`` made read-only while in the block; yields it and how.

    ``mount``: a tmpfs mounted on ``folder`` and remounted read-only, a real read-only file
    system that stops root too (CI runs as root, where mounting works). Elsewhere ``chmod``:
    the file 0444 in a folder 0555, which stops any other user; root is not stopped by it,
    and then only the file's unchanged bytes and mtime show that nothing wrote it."""
    folder.mkdir()
    mounted = os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder))
    try:
        path = make_store(folder / "store.sqlite3", articles=3)
        if mounted and _mount("-o", "remount,ro", str(folder)):
            yield path, "mount"
            return
        path.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield path, "chmod"
        finally:
            folder.chmod(0o755)
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True, timeout=30)


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, timeout=30).returncode == 0


def test_a_store_on_a_read_only_file_system_is_read_and_not_written(tmp_path: Path) -> None:
    """Before: "attempt to write a readonly database" / "unable to open database file"
    tracebacks (the store was opened for writing, in WAL mode)."""
    with read_only_store(tmp_path / "ro") as (path, how):
        before = path.stat().st_mtime_ns, path.read_bytes()
        count = cli("newscrawl.query", path, "count", "--by", "day")
        assert (count.returncode, count.stdout, count.stderr) == (0, "2025-11-28\t3\n", ""), how
        search = cli("newscrawl.query", path, "search", "خبر رقم 2", "--json")
        assert [json.loads(line)["articleId"] for line in search.stdout.splitlines()] == ["2"], (how, search.stderr)
        report = cli("newscrawl.report", path, "-o", str(tmp_path / "report.html"))
        assert report.returncode == 0 and "<bdi>3</bdi> articles of" in (tmp_path / "report.html").read_text("utf-8")
        assert (path.stat().st_mtime_ns, path.read_bytes()) == before, how


def test_a_huge_limit_is_a_usage_error(tmp_path: Path) -> None:
    """Before: OverflowError (Python int too large to convert to SQLite INTEGER)."""
    done = cli("newscrawl.query", make_store(tmp_path / "store.sqlite3"), "search", "خبر", "--limit",
               "99999999999999999999")  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "argument --limit: '99999999999999999999' is not a whole number from 1 to" in done.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    """``export | head -1`` through a real pipe: the export (a megabyte or so, more than a
    pipe holds) ends by SIGPIPE, silently, as ``cat`` does (status 141 in the shell).
    Before: a BrokenPipeError traceback, and "Exception ignored … BrokenPipeError" at exit."""
    path = make_store(tmp_path / "store.sqlite3", articles=1000)
    status = tmp_path / "status"
    command = (f"{shlex.quote(sys.executable)} -m newscrawl.query --db {shlex.quote(str(path))} export | head -1; "
               f"echo ${{PIPESTATUS[0]}} > {shlex.quote(str(status))}")  # fmt: skip
    done = subprocess.run(["bash", "-c", command], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert json.loads(done.stdout)["articleId"] == "1"
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert done.stderr == ""
    assert status.read_text().strip() == "141"  # 128 + SIGPIPE


@pytest.mark.parametrize(
    "command",
    [("newscrawl.query", "count"), ("newscrawl.query", "search", "خبر"), ("newscrawl.report",)],
    ids=["count", "search", "report"],
)
def test_the_clis_refuse_a_store_of_a_newer_schema(tmp_path: Path, command: list[str]) -> None:
    """Before: read as if this newscrawl had written it. (Reading a WAL store may leave
    SQLite's ``-wal`` and ``-shm`` files next to it; the store itself is not written.)"""
    path = make_newer_store(tmp_path / "store.sqlite3")
    before = path.stat().st_mtime_ns, path.read_bytes()
    module, *args = command
    if module == "newscrawl.report":
        args = ["-o", str(tmp_path / "report.html")]
    done = cli(module, path, *args)
    assert_one_line(done, 2, f"the store at {path} {NEWER}")
    assert done.stderr.rstrip().endswith(": upgrade newscrawl")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_a_crawl_refuses_a_store_of_a_newer_schema_at_start(replica: Replica, tmp_path: Path) -> None:
    """``scrapy crawl elaph`` on a store a newer newscrawl wrote stops before it fetches
    anything, with the message and exit status 2; the store is not touched. Before: the crawl
    stored into it and exited 0."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = make_newer_store(folder / "store.sqlite3")
    before, fetched = snapshot(folder), len(replica.requests())
    done = run_crawl(tmp_path, "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}",
                     settings={"NEWSCRAWL_SQLITE_PATH": str(path)})  # fmt: skip
    assert done.returncode == 2, done.log[-3000:]
    assert f"the store at {path} {NEWER}" in done.log and "Traceback" not in done.log
    assert len(replica.requests()) == fetched and done.items == []
    assert snapshot(folder) == before
