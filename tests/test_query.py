"""``python -m newscrawl.query``: counts, search, export and versions from a real store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.items import Article
from newscrawl.storage.sqlite import SQLiteStore
from tests.conftest import PROJECT


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    store = SQLiteStore(path)
    for n, (section, day, headline) in enumerate(
        [("أخبار", "2025-11-28", "مُحَمَّد يزور باريس"), ("أخبار", "2025-11-29", "أحمد في لندن"),
         ("اقتصاد", "2025-11-29", "النفط يتراجع")], start=1):  # fmt: skip
        store.save(Article(
            url=f"https://elaph.com/Web/News/2025/11/{n}.html", canonicalUrl=f"https://elaph.com/Web/News/2025/11/{n}.html",
            articleId=str(n), site="elaph.com", headline=headline, articleBody=f"نص الخبر رقم {n}.",
            section=section, datePublished=f"{day}T10:00:00+00:00",
        ))  # fmt: skip
    store.save(Article(canonicalUrl="https://elaph.com/Web/News/2025/11/1.html", url="https://elaph.com/x",
                       articleId="1", site="elaph.com", headline="مُحَمَّد يزور باريس", articleBody="نص معدل.",
                       section="أخبار", datePublished="2025-11-28T10:00:00+00:00"))  # fmt: skip
    store.close()
    return path


def query(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.query", "--db", str(db), *args],
        cwd=PROJECT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_count_by_day_and_section(db: Path) -> None:
    assert query(db, "count", "--by", "day").stdout.splitlines() == ["2025-11-28\t1", "2025-11-29\t2"]
    assert sorted(query(db, "count", "--by", "section").stdout.splitlines()) == ["أخبار\t2", "اقتصاد\t1"]


@pytest.mark.parametrize("text, expected", [("محمد", "1"), ("احمد", "2"), ("أحمد لندن", "2"), ("النفط", "3")])
def test_search_is_spelling_folded(db: Path, text: str, expected: str) -> None:
    done = query(db, "search", text, "--json")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["articleId"] for line in done.stdout.splitlines()] == [expected]


def test_export_and_versions(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    done = query(db, "export", "-o", str(out), "--since", "2025-11-29")
    assert done.returncode == 0 and "2 articles written" in done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["articleId"] for r in records] == ["2", "3"]
    assert "\\u0" not in out.read_text(encoding="utf-8")
    versions = query(db, "versions", "https://elaph.com/Web/News/2025/11/1.html").stdout.splitlines()
    assert [json.loads(v)["articleBody"] for v in versions] == ["نص الخبر رقم 1."]


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    done = query(tmp_path / "none.sqlite3", "count")
    assert done.returncode == 2 and "no store at" in done.stderr
