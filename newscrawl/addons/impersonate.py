"""A browser's TLS and HTTP/2 fingerprint, for sites whose firewall refuses plain HTTP
clients: the add-on behind ``NEWSCRAWL_IMPERSONATE``.

Firewalls (Cloudflare, Akamai, Imperva…) tell a crawler from a browser by its TLS
ClientHello (JA3/JA4) and its HTTP/2 settings before they read a header: Twisted/OpenSSL's
handshake is refused whatever the User-Agent says. With ``-s NEWSCRAWL_IMPERSONATE=chrome``
(any curl_cffi browser target: ``firefox``, ``safari``, ``edge``, ``chrome131``…) this
add-on

1. downloads every ``http``/``https`` request — robots.txt included — as that browser with
   :class:`BrowserDownloadHandler` (libcurl-impersonate through curl_cffi; shaped after
   scrapy-impersonate's handler, which is not used because its wheel installs a top-level
   ``tests`` package that hides this project's), keeping what Scrapy's handler honours:
   ``DOWNLOAD_TIMEOUT`` (meta ``download_timeout``), ``DOWNLOAD_MAXSIZE`` (meta
   ``download_maxsize``, counted on the decoded body while it arrives: a compression bomb
   stops there too), ``DOWNLOAD_VERIFY_CERTIFICATES`` (off by default, as in Scrapy),
   proxies (meta ``proxy``), no cookies of its own, the latency AutoThrottle reads. curl's
   network errors become Scrapy's exceptions (``CannotResolveHostError``,
   ``DownloadTimeoutError``, ``DownloadConnectionRefusedError``), so that they are retried
   and counted (``newscrawl/failed/<kind>/dns``…) as with the default handler;
2. sends the browser's own headers (``Accept``, ``Accept-Language``, ``sec-ch-ua``…):
   Scrapy's ``DEFAULT_REQUEST_HEADERS`` and ``HttpCompressionMiddleware``'s
   ``Accept-Encoding`` would replace them, so both are off (libcurl decodes the body);
3. sends as User-Agent the browser's own followed by newscrawl's,
   ``Mozilla/5.0 (…) Chrome/152.0.0.0 Safari/537.36 newscrawl/0.2.0 (Arabic news research
   crawler; +CONTACT)``: a browser fingerprint under a bot's User-Agent is refused on sight,
   a browser's User-Agent alone would hide who crawls; the token keeps the contact URL. A
   ``USER_AGENT`` given with ``-s`` is sent as it is;
4. keeps robots.txt matched as newscrawl (``ROBOTSTXT_USER_AGENT``: newscrawl's own
   User-Agent, unless set) and leaves politeness (delays, concurrency, AutoThrottle,
   Crawl-delay, Retry-After) as it is.

A target curl_cffi does not know stops ``scrapy crawl`` before it starts (:func:`check_target`,
called by :mod:`newscrawl.commands.crawl`): ``Bad setting: NEWSCRAWL_IMPERSONATE: unknown
browser 'chrom' (did you mean chrome?)``.
"""

from __future__ import annotations

import base64
import difflib
import logging
import re
import socket
import threading
from functools import cache
from time import monotonic
from typing import TYPE_CHECKING, Any, get_args

from curl_cffi import BrowserTypeLiteral, CurlECode
from curl_cffi.curl import CURL_WRITEFUNC_ERROR
from curl_cffi.requests import AsyncSession, Session
from curl_cffi.requests.exceptions import DNSError, RequestException, Timeout
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    NotConfigured,
)
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.asyncio import is_asyncio_available

from newscrawl.config import SettingError, setting

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

HANDLER = "newscrawl.addons.impersonate.BrowserDownloadHandler"
TARGETS: tuple[str, ...] = get_args(BrowserTypeLiteral)  # chrome, chrome131, firefox, safari_ios…
ALIASES = ("chrome", "firefox", "safari", "edge", "chrome_android", "safari_ios")
PROBE_TIMEOUT = 5.0


def check_target(target: str) -> str:
    """``target`` when curl_cffi can impersonate it, else :class:`SettingError` naming it."""
    if target in TARGETS:
        return target
    close = difflib.get_close_matches(target, TARGETS, n=1)
    hint = f" (did you mean {close[0]}?)" if close else f" (one of {', '.join(ALIASES)}, or a version: chrome131…)"
    raise SettingError(f"NEWSCRAWL_IMPERSONATE: unknown browser {target!r}{hint}")


def check_impersonate(settings: BaseSettings) -> None:
    """:class:`SettingError` when ``NEWSCRAWL_IMPERSONATE`` is set to no known browser."""
    target = setting(settings, "NEWSCRAWL_IMPERSONATE")
    if target:
        check_target(target)


@cache
def browser_user_agent(target: str) -> str:
    """The User-Agent curl_cffi sends as ``target``. libcurl-impersonate keeps its headers in
    its own tables, with no way to read them: this reads it off one request to a throwaway
    socket on 127.0.0.1 (once per target and process). Empty if that fails."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(PROBE_TIMEOUT)
        head = bytearray()

        def answer() -> None:
            try:
                connection, _ = server.accept()
                with connection:
                    connection.settimeout(PROBE_TIMEOUT)
                    while b"\r\n\r\n" not in head and (chunk := connection.recv(4096)):
                        head.extend(chunk)
                    connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            except OSError:
                pass

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.getsockname()[1]}/"
        try:
            with Session(trust_env=False) as session:  # no proxy from the environment
                session.get(url, impersonate=target, timeout=PROBE_TIMEOUT)  # type: ignore[arg-type]
        except RequestException as error:
            logger.debug("Reading the User-Agent of %s failed: %s", target, error)
        thread.join(PROBE_TIMEOUT)
    found = re.search(rb"(?im)^user-agent:[ \t]*([^\r\n]+)", bytes(head))
    return found.group(1).decode("latin-1").strip() if found else ""


class ImpersonateAddon:
    """Switches the download handlers, headers and User-Agent together when
    ``NEWSCRAWL_IMPERSONATE`` names a browser (see the module docstring)."""

    def update_settings(self, settings: BaseSettings) -> None:
        target = setting(settings, "NEWSCRAWL_IMPERSONATE")
        if not target:
            return
        check_target(target)
        # The other schemes' handlers are kept, whoever set them.
        handlers = {**settings.getdict("DOWNLOAD_HANDLERS"), "http": HANDLER, "https": HANDLER}
        priority = max(settings.getpriority("DOWNLOAD_HANDLERS") or 0, SETTINGS_PRIORITIES["addon"])
        settings.set("DOWNLOAD_HANDLERS", handlers, priority=priority)
        settings.set("DEFAULT_REQUEST_HEADERS", {}, priority="addon")
        settings.set("COMPRESSION_ENABLED", False, priority="addon")
        crawler_agent = settings.get("USER_AGENT")
        settings.set("ROBOTSTXT_USER_AGENT", crawler_agent, priority="addon")
        if (settings.getpriority("USER_AGENT") or 0) <= SETTINGS_PRIORITIES["spider"]:
            browser = browser_user_agent(target)
            if browser:
                settings.set("USER_AGENT", f"{browser} {crawler_agent}", priority="spider")
            else:
                logger.warning("Could not read the User-Agent of %s: sending %s", target, crawler_agent)
        logger.info("Downloading as %s (curl_cffi); User-Agent: %s", target, settings.get("USER_AGENT"))


class BrowserDownloadHandler(BaseDownloadHandler):
    """Downloads as the browser ``NEWSCRAWL_IMPERSONATE`` names (a request's meta
    ``impersonate`` wins), with curl_cffi, keeping Scrapy's download settings."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        target = setting(settings, "NEWSCRAWL_IMPERSONATE")
        if not target:
            raise NotConfigured("NEWSCRAWL_IMPERSONATE is empty")
        if not is_asyncio_available():
            raise NotConfigured("NEWSCRAWL_IMPERSONATE needs the asyncio reactor (TWISTED_REACTOR)")
        self.target = check_target(target)
        self.verify = settings.getbool("DOWNLOAD_VERIFY_CERTIFICATES")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.max_clients = max(settings.getint("CONCURRENT_REQUESTS"), 1)
        self.session: AsyncSession[Any] | None = None  # made in the running event loop

    async def download_request(self, request: Request) -> Response:
        if self.session is None:
            # Proxies come from request meta (HttpProxyMiddleware), as for Scrapy's handler.
            self.session = AsyncSession(max_clients=self.max_clients, trust_env=False)
        meta = request.meta
        maxsize = int(meta.get("download_maxsize", self.maxsize))
        body = bytearray()

        def receive(chunk: bytes) -> int | None:
            body.extend(chunk)  # decoded by libcurl: the limit holds for a compression bomb too
            return CURL_WRITEFUNC_ERROR if maxsize and len(body) > maxsize else None

        headers = request.headers.to_unicode_dict()
        proxy_auth = headers.pop("Proxy-Authorization", None)
        started = monotonic()
        try:
            answer = await self.session.request(
                request.method,  # type: ignore[arg-type]
                request.url,
                data=request.body or None,
                headers=dict(headers),
                impersonate=meta.get("impersonate", self.target),
                timeout=meta.get("download_timeout", self.timeout),
                verify=self.verify,
                allow_redirects=False,  # Scrapy follows redirects (and the site guard checks them)
                proxy=meta.get("proxy"),
                proxy_auth=basic_credentials(proxy_auth),
                content_callback=receive,
                discard_cookies=True,  # cookies are Scrapy's business (COOKIES_ENABLED)
            )
        except RequestException as error:
            if maxsize and len(body) > maxsize:
                raise DownloadCancelledError(
                    f"Received more than {maxsize} bytes (decoded): larger than download max size"
                ) from error
            raise scrapy_exception(error) from error
        meta["download_latency"] = monotonic() - started  # AutoThrottle reads it
        response_headers = Headers(answer.headers.multi_items())
        response_headers.pop("Content-Encoding", None)  # libcurl has decoded the body
        respcls = responsetypes.from_args(headers=response_headers, url=request.url, body=bytes(body))
        return respcls(
            url=request.url,
            status=answer.status_code,
            headers=response_headers,
            body=bytes(body),
            flags=["impersonate"],
            request=request,
        )

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """User and password of a ``Basic`` ``Proxy-Authorization`` header.

    >>> basic_credentials("Basic dXNlcjpwYXNz")
    ('user', 'pass')
    """
    if not header or not header.lower().startswith("basic "):
        return None
    user, _, password = base64.b64decode(header.split(" ", 1)[1]).decode("latin-1").partition(":")
    return user, password


def scrapy_exception(error: RequestException) -> Exception:
    """The Scrapy exception the default handler raises for what curl reported (so that
    ``RetryMiddleware`` and :mod:`newscrawl.spiders.failures` read it alike), else ``error``
    (an ``OSError``: retried too)."""
    if isinstance(error, DNSError):
        return CannotResolveHostError(str(error))
    if isinstance(error, Timeout):
        return DownloadTimeoutError(str(error))
    if getattr(error, "code", None) == CurlECode.COULDNT_CONNECT:
        return DownloadConnectionRefusedError(str(error))
    return error
