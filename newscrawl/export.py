"""Stored articles as files for analysis: JSON Lines, CSV or Parquet
(``python -m newscrawl.query export --format …``).

Every format holds one row per stored article (its latest version), the ``Article`` fields
in their order, rows ordered by publication time, then canonical URL (undated first), so
that two exports of an unchanged store are the same bytes.

* **JSON Lines**: the records as the feeds write them (UTF-8, Arabic unescaped).
* **CSV** (RFC 4180, UTF-8; ``bom=True`` starts it with a byte-order mark for Excel): the
  list and object fields (``authors``, ``breadcrumbs``, ``tags``, ``mainImage``, ``images``)
  as JSON text, read back with ``json.loads``; an absent value is an empty cell.
* **Parquet** (``pyarrow``, zstd): typed columns — ``authors`` and ``breadcrumbs`` lists of
  structs, ``tags`` a list of strings, ``mainImage`` a struct and ``images`` a list of
  them; ``datePublished``, ``dateModified``, ``dateDownloaded`` timestamps in UTC
  (microseconds). A date known only as a day (no time) is no instant: its timestamp is
  null and ``datePublishedDay`` (a date, filled for every dated article) keeps the day, as
  do the ``…Raw`` text columns. pandas, polars, DuckDB and ``datasets`` read it as is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from newscrawl.items import ARTICLE_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
NESTED = ("authors", "breadcrumbs", "tags", "mainImage", "images")
TIMES = ("datePublished", "dateModified", "dateDownloaded")
PARQUET_BATCH = 1000  # rows per row group


def format_of(path: Path | None, given: str | None) -> str:
    """The export format: ``given``, else the output file's suffix (``.csv``, ``.parquet``),
    else JSON Lines.

    >>> format_of(Path("a.parquet"), None), format_of(Path("a.txt"), "csv"), format_of(None, None)
    ('parquet', 'csv', 'jsonl')
    """
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".") if path else ""
    return suffix if suffix in FORMATS else "jsonl"


def write_jsonl(records: Iterable[dict[str, Any]], target: IO[str]) -> int:
    written = 0
    for record in records:
        target.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written


def write_csv(records: Iterable[dict[str, Any]], target: IO[str], *, bom: bool = False) -> int:
    """``target`` opened with ``newline=""`` (the csv module writes the line ends)."""
    if bom:
        target.write("\ufeff")
    writer = csv.DictWriter(target, fieldnames=ARTICLE_FIELDS)
    writer.writeheader()
    written = 0
    for record in records:
        writer.writerow({name: csv_value(name, record.get(name)) for name in ARTICLE_FIELDS})
        written += 1
    return written


def csv_value(name: str, value: Any) -> Any:
    """A field as a CSV cell: nested fields as JSON text, absent values empty.

    >>> csv_value("tags", ["أ", "ب"]), csv_value("headline", None), csv_value("tags", [])
    ('["أ", "ب"]', '', '[]')
    """
    if name in NESTED:
        return "" if value is None else json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def parquet_schema() -> Any:
    import pyarrow as pa

    link = pa.struct([("url", pa.string())])
    types = {
        "authors": pa.list_(pa.struct([("name", pa.string())])),
        "breadcrumbs": pa.list_(pa.struct([("name", pa.string()), ("url", pa.string())])),
        "tags": pa.list_(pa.string()),
        "mainImage": link,
        "images": pa.list_(link),
        **dict.fromkeys(TIMES, pa.timestamp("us", tz="UTC")),
        "version": pa.int32(),
    }
    fields = [pa.field(name, types.get(name, pa.string())) for name in ARTICLE_FIELDS]
    at = ARTICLE_FIELDS.index("datePublished") + 1
    return pa.schema([*fields[:at], pa.field("datePublishedDay", pa.date32()), *fields[at:]])


def instant(value: str | None) -> datetime | None:
    """An ISO 8601 time with its offset as a UTC instant; ``None`` for a day alone (no
    instant) or no value.

    >>> instant("2025-11-28T10:15:00+03:00"), instant("2025-11-28"), instant(None)
    (datetime.datetime(2025, 11, 28, 7, 15, tzinfo=datetime.timezone.utc), None, None)
    """
    if not value or "T" not in value:
        return None
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {**record, **{name: instant(record.get(name)) for name in TIMES}}
    published = record.get("datePublished")
    row["datePublishedDay"] = date.fromisoformat(published[:10]) if published else None
    return row


def write_parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write ``records`` to a Parquet file at ``path``, :data:`PARQUET_BATCH` rows a group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    written = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(parquet_row(record))
            if len(batch) == PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                written, batch = written + len(batch), []
        if batch or not written:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            written += len(batch)
    return written
