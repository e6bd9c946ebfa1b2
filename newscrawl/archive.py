"""The raw archive: every response a crawl downloaded, as WARC 1.1 records (``warcio``).

A record holds the response as the spider received it: status, headers and body after
Scrapy's decompression (``Content-Encoding``, ``Transfer-Encoding`` and ``Content-Length``
are dropped from the stored headers, since the body is no longer encoded), one gzip member
per record, and a ``WARC-Newscrawl-Meta`` header with what the request carried that
extraction reads (the request kind, the site, discovery's hints, the article's identity
key). Re-extracting a stored article needs nothing else: its record's bytes, headers and
meta give the same record again (:func:`read_record`).

Files are named ``newscrawl-<UTC time>-<host>-<pid>-<n>.warc.gz`` (one set per process, so
workers on one folder never share a file) and rotated past ``NEWSCRAWL_ARCHIVE_MAX_MB``.
Records are appended whole and flushed; a process killed mid-record leaves a torn last
record, which :func:`read_record` and :func:`records` detect by its payload digest and skip.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

META_HEADER = "WARC-Newscrawl-Meta"
# gzip level of each record: warcio's own is 9, which took 11 ms per 115 KB page (a third of
# a crawl's CPU); 1 takes a fifth of that, for files a quarter larger than 9 gives (real
# pages: 21.6 % of their size against 17.9 % at 6 and 20.3 % at 3, 11-30 % less CPU than 3).
COMPRESS_LEVEL = 1
# Headers that describe an encoding the stored body no longer has.
DROPPED_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})


@dataclass(frozen=True)
class Archived:
    """A response read back from the archive."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    meta: dict[str, Any]
    date: str  # WARC-Date: when it was archived


class ArchiveWriter:
    """Appends response records to this process's archive files in ``folder``."""

    def __init__(self, folder: Path, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes
        self.prefix = f"newscrawl-{datetime.now(UTC):%Y%m%d%H%M%S}-{socket.gethostname()}-{os.getpid()}"
        self.number = 0
        self.file: IO[bytes] | None = None

    @property
    def name(self) -> str:
        return f"{self.prefix}-{self.number:05d}.warc.gz"

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.number += 1
        self.file = (self.folder / self.name).open("xb")

    def write(
        self, url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, meta: dict[str, Any]
    ) -> tuple[str, int]:
        """Append one response record; returns ``(file name, offset)`` where it starts."""
        if self.file is None or self.file.tell() >= self.max_bytes:
            self.close()
            self._open()
        assert self.file is not None
        kept = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers if k.lower() not in DROPPED_HEADERS]
        http = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
        block = BytesIO()
        writer = WARCWriter(block, gzip=False, warc_version="1.1")  # the record, then gzipped here
        record = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=http,
            warc_headers_dict={META_HEADER: json.dumps(meta, sort_keys=True, default=str)},
        )
        writer.write_record(record)
        offset = self.file.tell()
        self.file.write(gzip.compress(block.getvalue(), compresslevel=COMPRESS_LEVEL, mtime=0))  # one member
        self.file.flush()
        return self.name, offset

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _archived(record: Any) -> Archived | None:
    """The response of a record, or ``None`` when it is torn or no response record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    body = record.content_stream().read()
    expected = record.rec_headers.get_header("WARC-Payload-Digest")
    if expected and _payload_digest(body) != expected:
        return None  # torn (a process killed mid-record) or damaged
    return Archived(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(record.http_headers.get_statuscode() or 0),
        headers=list(record.http_headers.headers),
        body=body,
        meta=json.loads(record.rec_headers.get_header(META_HEADER) or "{}"),
        date=record.rec_headers.get_header("WARC-Date") or "",
    )


def read_record(path: Path, offset: int) -> Archived | None:
    """The response record at ``offset`` of an archive file; ``None`` when there is none
    whole there (a torn last record, a wrong offset, a damaged file)."""
    try:
        with path.open("rb") as file:
            file.seek(offset)
            for record in ArchiveIterator(file):
                return _archived(record)
    except (OSError, ValueError, EOFError, Exception):  # warcio raises plain Exceptions on garbage
        return None
    return None


def records(path: Path) -> Iterator[tuple[int, Archived | None]]:
    """``(offset, response)`` of every record of a file; a torn or damaged one gives ``None``
    and ends the file (nothing after a torn record is readable)."""
    with path.open("rb") as file:
        iterator = ArchiveIterator(file)
        try:
            for record in iterator:
                archived = _archived(record)  # first: the offset is known once the record is read
                yield iterator.get_record_offset(), archived
                if archived is None and record.rec_type == "response":
                    return
        except Exception:  # a torn gzip member or header
            yield -1, None
