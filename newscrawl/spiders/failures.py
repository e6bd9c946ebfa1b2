"""Why a request failed, as a short stat-friendly reason (``http_404``, ``timeout``, ``dns``…).

The spider counts each failed request as ``newscrawl/failed/<kind>/<reason>``; a health
check reads them to say what happened to a crawl that got nothing (every request refused,
every host unknown).
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.middlewares.blocked import BlockedRequest


def failure_reason(failure: Failure) -> str:
    """``http_<status>``, ``blocked``, ``robots_forbidden``, ``timeout``, ``dns``,
    ``connection_refused``, ``too_large``, ``decompression_bomb``, ``data_loss``, ``ignored``
    or the exception's name."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(BlockedRequest):  # a firewall's refusal (newscrawl.middlewares.blocked)
        return "blocked"
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "decompression" in message:  # Scrapy's HttpCompressionMiddleware, past DOWNLOAD_MAXSIZE
            return "decompression_bomb"
        return "robots_forbidden" if "robots" in message else "ignored"
    if failure.check(DownloadTimeoutError):
        return "timeout"
    if failure.check(CannotResolveHostError):
        return "dns"
    if failure.check(DownloadConnectionRefusedError):
        return "connection_refused"
    if failure.check(DownloadCancelledError):
        message = str(failure.value).lower()
        if "decompress" in message:
            return "decompression_bomb"
        return "too_large" if "max size" in message or "larger than" in message else "cancelled"
    if failure.check(ResponseDataLossError):
        return "data_loss"
    return type(failure.value).__name__
