"""The raw archive: WARC records written and read back (rotation, a torn last record), and
real crawls of the replica — every stored article knows its record, which holds the bytes
the server sent; a crawl killed with ``kill -9`` leaves every complete record readable, and
re-extraction over the archive still reproduces the store; an archive that cannot be
written stops the crawl."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.archive import ArchiveWriter, read_record, records
from tests.conftest import ELAPH_SITE, PROJECT, Replica, crawl_command, crawl_env, run_crawl, start_replica

HEADERS = [(b"Content-Type", b"text/html; charset=windows-1256"), (b"Content-Encoding", b"gzip"),
           (b"Content-Length", b"12"), (b"Date", b"Mon, 01 Dec 2025 10:00:00 GMT")]  # fmt: skip


def arguments(replica: Replica) -> tuple[str, ...]:
    return ("-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}")


def test_records_read_back_whole_and_files_rotate(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path, max_bytes=1500)
    bodies = [(f"نص الخبر {n} " * 40).encode("cp1256") for n in range(6)]
    places = [writer.write(f"https://elaph.com/{n}.html", 200, HEADERS, body, {"kind": "article", "n": n})
              for n, body in enumerate(bodies)]  # fmt: skip
    writer.close()
    assert len({name for name, _ in places}) > 1  # rotated past the size
    for n, (name, offset) in enumerate(places):
        got = read_record(tmp_path / name, offset)
        assert got is not None and got.url == f"https://elaph.com/{n}.html" and got.status == 200
        assert got.body == bodies[n] and got.meta == {"kind": "article", "n": n}
        # The body is stored decoded: the headers that said otherwise are not kept.
        assert got.headers == [("Content-Type", "text/html; charset=windows-1256"),
                               ("Date", "Mon, 01 Dec 2025 10:00:00 GMT")]  # fmt: skip
    assert read_record(tmp_path / places[0][0], places[0][1] + 7) is None  # not a record's start
    assert read_record(tmp_path / "none.warc.gz", 0) is None


def test_a_torn_last_record_is_detected_and_the_others_stay_readable(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path, max_bytes=10**9)
    places = [writer.write(f"https://elaph.com/{n}.html", 200, HEADERS, b"x" * 3000 + bytes([n]), {})
              for n in range(3)]  # fmt: skip
    writer.close()
    path = tmp_path / places[0][0]
    path.write_bytes(path.read_bytes()[:-40])  # a process killed while writing the last record
    assert read_record(path, places[2][1]) is None
    assert read_record(path, places[1][1]) is not None
    read = list(records(path))
    assert [archived is not None for _, archived in read] == [True, True, False]


def stored_locations(store: Path) -> dict[str, tuple[str, str | None, int | None]]:
    with sqlite3.connect(store) as connection:
        rows = connection.execute('SELECT "articleId", "url", "warcFile", "warcOffset" FROM articles')
        return {article_id: (url, name, offset) for article_id, url, name, offset in rows}


def test_every_stored_article_knows_its_record_which_holds_the_served_bytes(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, *arguments(replica))
    assert result.returncode == 0, result.log[-2000:]
    stored = stored_locations(tmp_path / "store.sqlite3")
    assert stored and result.stats()["newscrawl/archive/records"] > len(stored)  # discovery documents too
    for url, name, offset in stored.values():
        assert name is not None and offset is not None
        archived = read_record(tmp_path / "warc" / name, offset)
        assert archived is not None and archived.url == url and archived.meta["kind"] == "article"
        path = url.removeprefix(replica.base_url).lstrip("/")
        assert archived.body == (ELAPH_SITE / path).read_bytes()
    kinds = {a.meta["kind"] for f in (tmp_path / "warc").iterdir() for _, a in records(f) if a is not None}
    assert {"article", "sitemap"} <= kinds


@pytest.fixture(scope="module")
def slow_replica(tmp_path_factory: pytest.TempPathFactory):
    with start_replica(tmp_path_factory.mktemp("slow-archive"), delay=0.4) as server:
        yield server


def test_a_killed_crawl_leaves_every_stored_article_a_readable_record(slow_replica: Replica, tmp_path: Path) -> None:
    settings = {"NEWSCRAWL_SQLITE_BATCH_SIZE": "2", "NEWSCRAWL_SQLITE_COMMIT_SECONDS": "0.5"}
    command = crawl_command(tmp_path, *arguments(slow_replica), settings=settings, append=True)
    process = subprocess.Popen(command, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 90
    while sum(f.stat().st_size for f in (tmp_path / "warc").glob("*")) < 15_000:  # a third of the archive
        assert process.poll() is None and time.monotonic() < deadline, "the crawl ended before the kill"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    for file in (tmp_path / "warc").iterdir():  # the killed crawl's files read to their end, never fail
        list(records(file))
    rerun = run_crawl(tmp_path, *arguments(slow_replica), settings=settings, append=True)
    assert rerun.returncode == 0, rerun.log[-2000:]
    stored = stored_locations(tmp_path / "store.sqlite3")
    assert stored
    for url, name, offset in stored.values():
        archived = read_record(tmp_path / "warc" / name, offset)  # type: ignore[operator, arg-type]
        assert archived is not None and archived.url == url
    done = subprocess.run([sys.executable, "-m", "newscrawl.reextract", "--db", str(tmp_path / "store.sqlite3"),
                           "--archive", str(tmp_path / "warc")], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0 and done.stdout == f"unchanged\t{len(stored)}\n", done.stdout + done.stderr


def test_an_archive_that_cannot_be_written_stops_the_crawl(replica: Replica, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = run_crawl(tmp_path, *arguments(replica), settings={"NEWSCRAWL_ARCHIVE_DIR": str(blocker / "warc")})
    assert result.returncode == 7, result.log[-2000:]
    assert "Cannot write the archive" in result.log and result.stats()["newscrawl/archive/failed"] == 1


def test_no_archive_when_the_folder_is_empty(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, *arguments(replica), settings={"NEWSCRAWL_ARCHIVE_DIR": ""})
    assert result.returncode == 0 and not (tmp_path / "warc").exists()
    assert {name for _, name, _ in stored_locations(tmp_path / "store.sqlite3").values()} == {None}
