"""A robots.txt that cannot be downloaded, said in one INFO line instead of a traceback.

Scrapy's ``RobotsTxtMiddleware`` downloads each host's robots.txt itself. When that download
fails (a DNS error, a refused connection, a timeout: a machine without network), it logs an
ERROR with the whole chained traceback — some 75 lines that bury what happened — and then
crawls the host as if it had no robots.txt. This downloader middleware sees such a failure
after ``RetryMiddleware`` (550) has given up (it sits at 540: exceptions go down the
chain from the highest number) and turns it into :class:`RobotsUnavailable`, an
``IgnoreRequest`` that ``RobotsTxtMiddleware`` takes quietly with the same outcome, with one
INFO line naming the host and the reason. The spider's own robots.txt request (for its
``Sitemap:`` lines) is not touched: it is counted as ``newscrawl/failed/robots/<reason>``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)


class RobotsUnavailable(IgnoreRequest):
    """Scrapy's own robots.txt request failed: the host is crawled as if it had none."""


def is_robots_middleware_request(request: Request) -> bool:
    """The robots.txt request ``RobotsTxtMiddleware`` makes (no callback, not checked against
    robots.txt itself); the spider's own robots.txt requests have a callback."""
    return (
        request.callback is NO_CALLBACK
        and bool(request.meta.get("dont_obey_robotstxt"))
        and urlparse_cached(request).path == "/robots.txt"
    )


class RobotsUnavailableMiddleware:
    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest) or not is_robots_middleware_request(request):
            return
        logger.info(
            "robots.txt of %s could not be downloaded (%s: %s); its URLs are crawled as if it had none",
            urlparse_cached(request).hostname,
            type(exception).__name__,
            exception,
        )
        raise RobotsUnavailable(str(exception)) from exception
