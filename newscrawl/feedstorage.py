"""A local-file feed storage for Scrapy feed exports that a ``kill -9`` cannot tear.

Scrapy's own ``FileFeedStorage`` writes through a buffered file: a crawl killed mid-way
loses the buffer and can leave half a JSON line at the end of the file. This storage opens
the file unbuffered, so each exported line is one ``write()`` of the whole line (or an
``OSError``: :class:`WholeLineFile`); and when a feed
is appended to (``-o``), a torn last line left by an earlier crash is cut off first (logged
at WARNING). Enabled for ``file://`` and plain paths by ``FEED_STORAGES`` in
``newscrawl/settings.py``.
"""

from __future__ import annotations

import errno
import io
import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


def cut_torn_tail(path: Path) -> int:
    """Truncate ``path`` after its last newline; returns how many bytes were removed."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as file:
        end = size
        while end > 0:
            start = max(0, end - CHUNK)
            file.seek(start)
            chunk = file.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline != -1:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            file.truncate(keep)
            os.fsync(file.fileno())
    return size - keep


class WholeLineFile(io.FileIO):
    """An unbuffered file whose ``write()`` writes all of its bytes or raises: a plain
    unbuffered write may write part of a line and return a short count on a full disk,
    which an exporter does not look at (the line would count as written)."""

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        written = 0
        while written < len(view):
            count = super().write(view[written:])
            if not count:  # no progress (None: would block; 0: nothing written)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.name)
            written += count
        return written


class CrashSafeFileFeedStorage(FileFeedStorage):
    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and path.exists():
            removed = cut_torn_tail(path)
            if removed:
                logger.warning("Removed a torn last line (%d bytes) from %s (an interrupted crawl)", removed, path)
        return WholeLineFile(path, self.write_mode)
