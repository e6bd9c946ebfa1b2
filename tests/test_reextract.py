"""``python -m newscrawl.reextract``: a crawl of the replica with the archive on, then, with
the replica server stopped, re-extraction from the archive reproduces the store; a changed
profile updates exactly the articles it changes; a run stopped mid-way continues where it
committed; an unreadable record is counted, not fatal."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newscrawl.content_hash import content_hash
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.items import Article
from newscrawl.minhash import band_keys, signature, to_bytes
from newscrawl.reextract import Reextraction
from newscrawl.storage.sqlite import SQLiteStore
from newscrawl.text.arabic import display_match_key
from tests.conftest import PROJECT, run_crawl, start_replica

PROFILE = PROJECT / "newscrawl" / "sites" / "elaph.com.json"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the Elaph replica with the archive on; the server is stopped after it."""
    folder = tmp_path_factory.mktemp("crawled")
    with start_replica(folder) as replica:
        result = run_crawl(folder, "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}")
    assert result.returncode == 0, result.log[-2000:]
    return folder


@pytest.fixture
def copy(crawled: Path, tmp_path: Path) -> Path:
    """The crawl's store and archive, copied for one test to change."""
    for name in ("store.sqlite3", "warc"):
        source, target = crawled / name, tmp_path / name
        if source.is_dir():
            target.mkdir()
            for file in source.iterdir():
                (target / file.name).write_bytes(file.read_bytes())
        else:
            with sqlite3.connect(source) as connection, sqlite3.connect(target) as backup:
                connection.backup(backup)
    return tmp_path


def rows(store: Path) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(store) as connection:
        connection.row_factory = sqlite3.Row
        return {row["articleId"]: dict(row) for row in connection.execute("SELECT * FROM articles")}


def reextract(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl.reextract", "--db", str(folder / "store.sqlite3"),
               "--archive", str(folder / "warc"), *args]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)


def counts(done: subprocess.CompletedProcess[str]) -> dict[str, int]:
    return {name: int(n) for name, n in (line.split("\t") for line in done.stdout.splitlines())}


def test_reextraction_from_the_archive_reproduces_the_store(copy: Path) -> None:
    before = rows(copy / "store.sqlite3")
    done = reextract(copy)
    assert done.returncode == 0, done.stderr
    assert counts(done) == {"unchanged": len(before)}
    assert "reextract: " in done.stderr and f"{len(before)}/{len(before)}" in done.stderr  # the progress line
    assert rows(copy / "store.sqlite3") == before  # field for field: nothing written
    assert {row["extractorVersion"] for row in before.values()} == {EXTRACTOR_VERSION}


def test_a_changed_profile_updates_exactly_the_articles_it_changes(copy: Path, tmp_path: Path) -> None:
    before = rows(copy / "store.sqlite3")
    paragraphs = Counter(p for row in before.values() for p in set(row["articleBody"].split("\n")))
    target, line = next((article_id, p) for article_id, row in sorted(before.items())
                        for p in row["articleBody"].split("\n") if paragraphs[p] == 1 and len(p) > 40)  # fmt: skip
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    profile["boilerplate_lines"].append(line)
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "elaph.com.json").write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    done = reextract(copy, "--sites-dir", str(sites))
    assert done.returncode == 0, done.stderr
    assert counts(done) == {"changed": 1, "unchanged": len(before) - 1}
    after = rows(copy / "store.sqlite3")
    assert after[target]["version"] == 2 and line not in after[target]["articleBody"].split("\n")
    assert {k for k in before if after[k] != before[k]} == {target}
    with sqlite3.connect(copy / "store.sqlite3") as connection:
        (kept,) = connection.execute('SELECT "articleBody" FROM article_versions').fetchone()
        (hashes,) = connection.execute('SELECT count(*) FROM dedup_exact WHERE "canonicalUrl" = ?',
                                       (after[target]["canonicalUrl"],)).fetchone()  # fmt: skip
    assert kept == before[target]["articleBody"]  # the earlier text is kept
    assert hashes == 2  # the new text's exact hash joins the old one's
    assert counts(reextract(copy, "--sites-dir", str(sites))) == {"unchanged": len(before)}  # done once


def test_a_stopped_run_continues_after_what_it_committed(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    total = len(rows(copy / "store.sqlite3"))
    monkeypatch.setattr("newscrawl.reextract.COMMIT_EVERY", 2)
    original, calls = Reextraction.one, []

    def dies_at_the_fifth(self: Reextraction, record: dict[str, Any]) -> str:
        calls.append(record["canonicalUrl"])
        if len(calls) == 5:
            raise KeyboardInterrupt  # killed while working on the fifth
        return original(self, record)

    store = SQLiteStore(copy / "store.sqlite3")
    monkeypatch.setattr(Reextraction, "one", dies_at_the_fifth)
    with pytest.raises(KeyboardInterrupt):
        Reextraction(store, copy / "warc", None, {"site": None, "since": None, "until": None}).run(progress=None)
    store.connection.close()  # as a kill leaves it: uncommitted work lost
    monkeypatch.setattr(Reextraction, "one", original)
    store = SQLiteStore(copy / "store.sqlite3")
    again = Reextraction(store, copy / "warc", None, {"site": None, "since": None, "until": None}).run(progress=None)
    store.close()
    assert sum(again.values()) == total - 4  # the four committed are not read again
    assert counts(reextract(copy)) == {"unchanged": total}  # and the next full run starts from the top


def test_an_unreadable_record_is_counted_and_the_run_goes_on(copy: Path) -> None:
    before = rows(copy / "store.sqlite3")
    name, offset = next((r["warcFile"], r["warcOffset"]) for r in before.values())
    path = copy / "warc" / name
    data = bytearray(path.read_bytes())
    data[offset + 20 : offset + 60] = b"\x00" * 40  # damaged inside one record
    path.write_bytes(bytes(data))
    done = reextract(copy)
    assert done.returncode == 1, done.stderr
    found = counts(done)
    assert found.get("failed/unreadable_record", 0) >= 1 and sum(found.values()) == len(before)


def test_no_archive_folder_is_a_usage_error(copy: Path, tmp_path: Path) -> None:
    done = reextract(copy, "--archive", str(tmp_path / "none"))
    assert done.returncode == 2 and "no archive folder" in done.stderr


def test_a_changed_text_that_copies_an_earlier_article_is_marked_as_its_copy(copy: Path) -> None:
    """Dedup runs again on what changed: re-extraction gives an article back its page's text
    (the store held another), and that text is a near-copy of an earlier stored article —
    so the article is marked ``duplicateOf`` that one, as the crawl's stage would have."""
    path = copy / "store.sqlite3"
    before = rows(path)
    target = sorted(before)[0]
    text = before[target]
    url = "https://elaph.com/Web/News/2012/1/999.html"
    earlier = {**{k: text[k] for k in ("site", "headline", "section")}, "articleId": "999", "url": url,
               "canonicalUrl": url, "articleBody": text["articleBody"] + " وأضاف المصدر.",
               "datePublished": "2012-01-01T10:00:00+00:00"}  # fmt: skip
    store = SQLiteStore(path)
    store.save(Article(**earlier))
    sig = signature(display_match_key(f"{earlier['headline']}\n{earlier['articleBody']}"))
    store.add_signature(earlier["canonicalUrl"], earlier["datePublished"], to_bytes(sig), band_keys(sig), time.time())
    other_text = (
        "نص آخر قصير.",
        content_hash(text["headline"], "نص آخر قصير."),
        target,
    )  # as an older extraction stored it
    store.connection.execute(
        'UPDATE articles SET "articleBody" = ?, "contentHash" = ? WHERE "articleId" = ?', other_text
    )
    store.close()
    done = reextract(copy)
    assert done.returncode == 0, done.stderr
    assert counts(done) == {"changed/duplicate_near": 1, "unchanged": len(before) - 1}
    after = rows(path)[target]
    assert after["duplicateOf"] == earlier["canonicalUrl"] and after["articleBody"] == text["articleBody"]
