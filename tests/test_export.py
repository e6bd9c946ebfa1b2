"""``python -m newscrawl.query export`` to JSON Lines, CSV and Parquet from a real store, read
back by pyarrow, DuckDB and pandas; the filters; ``query pages``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.export import csv_value, format_of
from newscrawl.items import ARTICLE_FIELDS, Article
from newscrawl.storage.sqlite import SQLiteStore
from tests.conftest import PROJECT

BASE = "https://elaph.com/Web/News/2025/11"
QUOTED = 'عنوان فيه "اقتباس"، وفاصلة, وسطر\nثان'


def article(n: int, **fields: object) -> Article:
    values = {"url": f"{BASE}/{n}.html", "canonicalUrl": f"{BASE}/{n}.html", "articleId": str(n),
              "site": "elaph.com", "headline": f"عنوان الخبر {n}", "articleBody": f"نص الخبر رقم {n}.",
              "inLanguage": "ar", "dateDownloaded": "2025-12-01T08:00:00+00:00", **fields}  # fmt: skip
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite3"
    store = SQLiteStore(path)
    store.save(article(3, datePublished="2025-11-30T01:30:00+03:00", section="اقتصاد",  # 29th, 22:30 UTC
                       authors=[{"name": "ليلى الخطيب"}], tags=["النفط", "أوبك"],
                       breadcrumbs=[{"name": "الرئيسية", "url": "https://elaph.com/"}, {"name": "اقتصاد"}],
                       mainImage={"url": "https://s1.elaph.com/a.jpg"},
                       images=[{"url": f"https://s1.elaph.com/{n}.jpg"} for n in "ab"]))  # fmt: skip
    store.save(article(1, datePublished="2025-11-28", section="أخبار"))
    store.save(article(2, datePublished=None, section="أخبار", inLanguage="en"))
    store.save(article(4, datePublished="2025-12-01T09:00:00+00:00", section="أخبار", headline=QUOTED))
    store.save(article(1, datePublished="2025-11-28", section="أخبار", headline="عنوان معدل"))  # version 2
    store.note_page("elaph.com", "9", "video", f"{BASE}/9.html")
    store.note_page("elaph.com", "8", "empty_body")
    store.close()
    return path


def query(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl.query", "--db", str(db), *args], cwd=PROJECT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def export(db: Path, path: Path, *args: str) -> Path:
    done = query(db, "export", "-o", str(path), *args)
    assert done.returncode == 0, done.stderr
    return path


ORDER = ["2", "1", "3", "4"]  # undated first, then by publication (the 30th at +03:00 is a string after the 28th)


def test_parquet_has_typed_columns_and_one_row_per_article(db: Path, tmp_path: Path) -> None:
    path = export(db, tmp_path / "all.parquet")
    table = pq.read_table(path)
    assert table.column("articleId").to_pylist() == ORDER
    schema = table.schema
    assert schema.field("authors").type == pa.list_(pa.struct([("name", pa.string())]))
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("mainImage").type == pa.struct([("url", pa.string())])
    assert schema.field("datePublished").type == pa.timestamp("us", tz="UTC")
    assert schema.field("datePublishedDay").type == pa.date32()
    rows = {row["articleId"]: row for row in table.to_pylist()}
    assert rows["3"]["datePublished"] == datetime(2025, 11, 29, 22, 30, tzinfo=UTC)
    assert rows["3"]["datePublishedDay"] == date(2025, 11, 30)  # the day where it was published
    assert rows["1"]["datePublished"] is None and rows["1"]["datePublishedDay"] == date(2025, 11, 28)  # a day only
    assert rows["1"]["headline"] == "عنوان معدل"  # the latest version
    assert rows["3"]["authors"] == [{"name": "ليلى الخطيب"}] and rows["3"]["tags"] == ["النفط", "أوبك"]
    assert rows["3"]["breadcrumbs"] == [
        {"name": "الرئيسية", "url": "https://elaph.com/"},
        {"name": "اقتصاد", "url": None},
    ]
    assert rows["2"]["mainImage"] is None and rows["2"]["images"] == []
    con = duckdb.connect()
    count, tagged, first_author = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE len(tags) > 0), max(authors[1].name) FROM read_parquet(?)", [str(path)]
    ).fetchone()
    assert (count, tagged, first_author) == (4, 1, "ليلى الخطيب")
    assert con.execute("SELECT typeof(datePublished) FROM read_parquet(?) LIMIT 1", [str(path)]).fetchone() == (
        "TIMESTAMP WITH TIME ZONE",
    )


def test_csv_reads_back_in_pandas_with_json_nested_fields(db: Path, tmp_path: Path) -> None:
    path = export(db, tmp_path / "all.csv", "--bom")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfurl,")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(ARTICLE_FIELDS) and list(frame["articleId"]) == ORDER
    third = frame[frame["articleId"] == "3"].iloc[0]
    assert json.loads(third["breadcrumbs"])[1] == {"name": "اقتصاد"}
    assert json.loads(third["images"])[1] == {"url": "https://s1.elaph.com/b.jpg"}
    assert frame[frame["articleId"] == "2"].iloc[0]["datePublished"] == ""
    assert frame[frame["articleId"] == "4"].iloc[0]["headline"] == QUOTED
    assert csv_value("mainImage", None) == "" and csv_value("tags", []) == "[]"


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_two_exports_of_an_unchanged_store_are_identical(db: Path, tmp_path: Path, suffix: str) -> None:
    first = export(db, tmp_path / f"a.{suffix}").read_bytes()
    assert export(db, tmp_path / f"b.{suffix}").read_bytes() == first


def test_export_filters(db: Path, tmp_path: Path) -> None:
    def ids(*args: str) -> list[str]:
        path = export(db, tmp_path / "f.jsonl", *args)
        return [json.loads(line)["articleId"] for line in path.read_text(encoding="utf-8").splitlines()]

    assert ids("--since", "2025-11-29") == ["3", "4"]
    assert ids("--until", "2025-11-30") == ["1", "3"]  # the whole day of --until
    assert ids("--since", "2025-11-28", "--until", "2025-11-28") == ["1"]
    assert ids("--section", "أخبار") == ["2", "1", "4"]
    assert ids("--language", "en") == ["2"]
    assert ids("--site", "other.example") == []


def test_parquet_needs_a_file_and_the_format_follows_the_suffix(db: Path) -> None:
    done = query(db, "export", "--format", "parquet")
    assert done.returncode == 2 and "needs a file" in done.stderr
    assert format_of(Path("x.CSV"), None) == "csv"


def test_pages_lists_what_gave_no_article(db: Path) -> None:
    lines = query(db, "pages").stdout.splitlines()
    # The URL as downloaded; a page noted without one (by an older newscrawl) by its site and id.
    assert sorted(line.split("\t", 1)[1] for line in lines) == ["empty_body\telaph.com 8", f"video\t{BASE}/9.html"]
    assert [line.split("\t")[1:] for line in query(db, "pages", "--reason", "video").stdout.splitlines()] == [
        ["video", f"{BASE}/9.html"]
    ]
    assert query(db, "pages", "--since", "2999-01-01").stdout == ""
