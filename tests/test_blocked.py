"""A site's firewall and an absent network: refusals and challenge pages are counted as
``blocked`` (never stored, never an empty page), Retry-After is honoured, the ``blocked`` and
``unreachable`` health checks say what happened and what to do, and
``NEWSCRAWL_IMPERSONATE=chrome`` gets past a server that refuses anything but a browser's TLS
handshake and headers, still obeying robots.txt.

The crawls run against real servers on 127.0.0.1 started here: the Elaph replica
(``tests/mockserver.py``'s server, in a thread so that each request's arrival time is known)
over HTTP, and over HTTPS with a self-signed certificate made for the test.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import shutil
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from curl_cffi.requests import Session
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawl.addons.impersonate import ImpersonateAddon, check_target
from newscrawl.config import SettingError
from newscrawl.extensions.health import evaluate
from newscrawl.extensions.summary import CrawlSummary
from newscrawl.middlewares.blocked import BlockedMiddleware, BlockedRequest, challenge_of, retry_after_seconds
from newscrawl.spiders.failures import failure_reason
from newscrawl.spiders.news import NewsSpider
from tests.conftest import ELAPH_SITE, golden_records, run_crawl
from tests.mockserver import ReplicaHandler, TimedReplicaServer, serving

GOLDEN_IDS = sorted(record["articleId"] for record in golden_records())
# A challenge page of the usual shape, written for these tests: a title, one line, a script.
CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main">
<h1>127.0.0.1</h1><p>Checking that the connection is secure. This may take a few seconds.</p>
<noscript><div><span>Enable JavaScript and cookies to continue</span></div></noscript>
<script>(function(){window._cf_chl_opt = {cType: 'managed', cRay: '0000'};}());</script>
</div></body></html>"""
DATADOME_PAGE = (
    '<html><head><title>127.0.0.1</title></head><body style="margin:0">'
    '<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=x" width="100%"></iframe></body></html>'
)
ARTICLE_WORDS = " ".join(["كلمة"] * 200)
BASE = "https://elaph.com"


# -- detection, Retry-After, failure reason: tables ------------------------------------


def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HtmlResponse:
    return HtmlResponse(f"{BASE}/a.html", status=status, body=body.encode(), headers=headers, encoding="utf-8")


@pytest.mark.parametrize(
    "response, challenge",
    [
        (html(CHALLENGE_PAGE), "<title>just a moment"),
        (html(CHALLENGE_PAGE, status=403), "<title>just a moment"),
        (html(DATADOME_PAGE), "captcha-delivery.com"),
        (html("<html><body><p>Sucuri WebSite Firewall - Access Denied</p></body></html>"), "sucuri website firewall"),
        (html("<p>Access denied</p>", headers={"cf-mitigated": "challenge"}), "cf-mitigated: challenge"),
        # a page with an article's structure or length is a page, whatever it mentions
        (html("<html><body><article><p>cf_clearance</p></article></body></html>"), None),
        (html(f"<html><body><p>{ARTICLE_WORDS} _cf_chl</p></body></html>"), None),
        (html("<html><body><h1>عنوان</h1><p>نص قصير</p></body></html>"), None),
        (
            TextResponse(f"{BASE}/a.json", body=b'{"note": "_cf_chl"}', headers={"Content-Type": "application/json"}),
            None,
        ),
    ],
    ids=["cloudflare", "cloudflare-403", "datadome", "sucuri", "header", "article", "long", "plain", "json"],
)
def test_challenge_pages_are_told_from_pages(response: TextResponse, challenge: str | None) -> None:
    assert challenge_of(response) == challenge


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("1", 1.0),
        (b" 120 ", 120.0),
        ("Sun, 07 Dec 2026 10:00:30 GMT", 30.0),
        ("Sun, 07 Dec 2026 09:59:00 GMT", 0.0),  # a date in the past: go now
        ("in a while", None),
        ("-5", None),
        (None, None),
    ],
)
def test_retry_after_values(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, now=datetime(2026, 12, 7, 10, 0, tzinfo=UTC)) == seconds


def blocked_middleware(**settings: Any) -> BlockedMiddleware:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSCRAWL_SQLITE_PATH": "", **settings})
    crawler.spider = NewsSpider.from_crawler(crawler, url="https://elaph.com")
    return BlockedMiddleware.from_crawler(crawler)


def test_a_rate_limit_is_retried_after_its_wait_then_counted_blocked() -> None:
    middleware = blocked_middleware(RETRY_TIMES=1, NEWSCRAWL_RETRY_AFTER_MAX=60)
    request = Request(f"{BASE}/a.html")
    answer = html("<p>slow down</p>", status=429, headers={"Retry-After": "3600"})
    retry = middleware.process_response(request, answer)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    assert 55 < middleware.resume_at["elaph.com"] - time.monotonic() <= 60  # capped at NEWSCRAWL_RETRY_AFTER_MAX
    with pytest.raises(BlockedRequest, match="http_429"):
        middleware.process_response(retry, answer.replace(request=retry))
    with pytest.raises(BlockedRequest, match="http_403"):  # a refusal is not retried
        middleware.process_response(request, html("<p>Forbidden</p>", status=403))
    page = html(f"<p>{ARTICLE_WORDS}</p>")
    assert middleware.process_response(request, page) is page


def test_a_blocked_request_is_counted_blocked_even_as_a_probe() -> None:
    assert failure_reason(Failure(BlockedRequest("http_403"))) == "blocked"
    crawler = get_crawler(NewsSpider, settings_dict={"NEWSCRAWL_SQLITE_PATH": ""})
    spider = crawler.spider = NewsSpider.from_crawler(crawler, url="https://elaph.com")
    failure = Failure(BlockedRequest("refused"))
    failure.request = Request(f"{BASE}/sitemap.xml", meta={"newscrawl_kind": "sitemap", "newscrawl_probe": True})  # type: ignore[attr-defined]
    spider.on_error(failure)
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats.get("newscrawl/failed/sitemap/blocked") == 1
    assert "newscrawl/discovery/absent/sitemap" not in stats


# -- health checks: tables ---------------------------------------------------------------


def failures(stats: dict[str, int], hosts: tuple[str, ...] = (), **settings: Any) -> dict[str, str]:
    return {f.check: f.message() for f in evaluate(CrawlSummary.from_stats(stats), Settings(settings), hosts)}


@pytest.mark.parametrize(
    "stats, fails",
    [
        ({"response_received_count": 2, "newscrawl/failed/article/blocked": 3}, True),  # 3 of 5
        ({"response_received_count": 3, "newscrawl/failed/article/blocked": 3}, False),  # half: not over
        ({"newscrawl/failed/robots/blocked": 1}, True),  # nothing but refusals, however few
        ({"response_received_count": 40, "item_scraped_count": 30, "newscrawl/failed/article/blocked": 2}, False),
    ],
)
def test_blocked_check_fires_over_its_share(stats: dict[str, int], fails: bool) -> None:
    assert ("blocked" in failures(stats)) is fails


def test_blocked_check_names_the_remedy_and_replaces_no_articles() -> None:
    stats = {"response_received_count": 1, "newscrawl/failed/sitemap/blocked": 4, "newscrawl/failed/robots/blocked": 1}
    failed = failures(stats)
    assert list(failed) == ["blocked"]
    assert "5 of 6 answers were refusals" in failed["blocked"]
    assert "-s NEWSCRAWL_IMPERSONATE=chrome" in failed["blocked"] and "DOWNLOAD_DELAY" in failed["blocked"]
    assert "NEWSCRAWL_IMPERSONATE=firefox" in failures(stats, NEWSCRAWL_IMPERSONATE="chrome")["blocked"]
    assert failures(stats, NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE=-1) == {
        "no_articles": "Health check failed: no_articles = 0 (limit 1, setting NEWSCRAWL_HEALTH_MIN_ARTICLES)"
    }


@pytest.mark.parametrize(
    "stats, message",
    [
        (
            {"newscrawl/failed/robots/dns": 1, "newscrawl/failed/sitemap/dns": 5},
            "every request failed: DNS lookup failed for elaph.com — is this machine online?",
        ),
        (
            {"newscrawl/failed/home/connection_refused": 2},
            "every request failed: elaph.com refused the connection",
        ),
        (
            {"newscrawl/failed/home/timeout": 2, "newscrawl/failed/sitemap/dns": 1},
            "every request to elaph.com failed (dns 1, timeout 2) — is this machine online?",
        ),
    ],
    ids=["dns", "refused", "mixed"],
)
def test_a_crawl_that_got_no_answer_says_why(stats: dict[str, int], message: str) -> None:
    failed = failures(stats, ("elaph.com",))
    assert list(failed) == ["unreachable"]
    assert failed["unreachable"].startswith("Health check failed: unreachable: " + message)


# -- NEWSCRAWL_IMPERSONATE: the setting -------------------------------------------------


def test_a_browser_target_is_checked_by_name() -> None:
    assert check_target("chrome") == "chrome"
    assert check_target("safari_ios") == "safari_ios"
    with pytest.raises(SettingError, match="unknown browser 'chrom' \\(did you mean chrome\\?\\)"):
        check_target("chrom")


def test_impersonation_sets_handlers_headers_and_a_browser_user_agent_with_ours() -> None:
    settings = {"NEWSCRAWL_SQLITE_PATH": "", "NEWSCRAWL_CONTACT_URL": "https://example.org/c"}
    crawler_agent = get_crawler(NewsSpider, settings_dict=settings).settings["USER_AGENT"]
    addon = {"ADDONS": {ImpersonateAddon: 0}, "NEWSCRAWL_IMPERSONATE": "firefox"}
    impersonating = get_crawler(NewsSpider, settings_dict={**settings, **addon}).settings
    assert impersonating.getdict("DOWNLOAD_HANDLERS")["https"] == "newscrawl.addons.impersonate.BrowserDownloadHandler"
    assert impersonating.getdict("DEFAULT_REQUEST_HEADERS") == {} and not impersonating.getbool("COMPRESSION_ENABLED")
    agent = impersonating["USER_AGENT"]
    assert agent.startswith("Mozilla/5.0 (") and "Firefox/" in agent
    assert agent.endswith(" newscrawl/0.2.0 (Arabic news research crawler; +https://example.org/c)")
    assert impersonating["ROBOTSTXT_USER_AGENT"] == crawler_agent  # robots.txt is matched as newscrawl


# -- servers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientHello:
    """What a TLS ClientHello offers (RFC 8446 4.1.2)."""

    ciphers: tuple[int, ...]
    extensions: tuple[int, ...]
    alpn: tuple[str, ...]

    @property
    def greased(self) -> bool:
        """GREASE values (RFC 8701): Chrome, Edge and Safari send them, OpenSSL never does."""
        return any(v & 0x0F0F == 0x0A0A and v >> 8 == v & 0xFF for v in self.ciphers + self.extensions)


def parse_client_hello(record: bytes) -> ClientHello | None:
    """The ClientHello in the first TLS record of a connection, or None."""
    if len(record) < 43 or record[0] != 0x16 or record[5] != 0x01:
        return None
    body = record[9:]
    at = 2 + 32  # version, random
    at += 1 + body[at]  # session id
    size = int.from_bytes(body[at : at + 2])
    ciphers = tuple(int.from_bytes(body[i : i + 2]) for i in range(at + 2, at + 2 + size, 2))
    at += 2 + size
    at += 1 + body[at]  # compression methods
    end = at + 2 + int.from_bytes(body[at : at + 2])
    at += 2
    extensions, alpn = [], []
    while at + 4 <= min(end, len(body)):
        kind, size = int.from_bytes(body[at : at + 2]), int.from_bytes(body[at + 2 : at + 4])
        data = body[at + 4 : at + 4 + size]
        extensions.append(kind)
        if kind == 16:  # application_layer_protocol_negotiation
            i = 2
            while i < len(data):
                alpn.append(data[i + 1 : i + 1 + data[i]].decode("ascii", "replace"))
                i += 1 + data[i]
        at += 4 + size
    return ClientHello(ciphers, tuple(extensions), tuple(alpn))


def peek_client_hello(connection: socket.socket) -> ClientHello | None:
    """Read the ClientHello without taking it off the socket (the TLS layer reads it next)."""
    connection.settimeout(5)
    data = b""
    for _ in range(100):
        data = connection.recv(65536, socket.MSG_PEEK)
        if not data or (len(data) >= 5 and len(data) >= 5 + int.from_bytes(data[3:5])):
            break
        time.sleep(0.01)
    return parse_client_hello(data)


class FirewalledServer(TimedReplicaServer):
    """The replica server, over TLS when given a context, quiet about failed handshakes."""

    def __init__(self, root: Path, tls: ssl.SSLContext | None = None):
        super().__init__(root)
        self.tls = tls
        if tls is not None:
            self.base_url = self.base_url.replace("http://", "https://")

    def paths(self) -> list[str]:
        return [line.split(" ", 1)[1].split("?", 1)[0] for _, line in self.arrivals]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up its TLS handshake


class BrowserOnlyHandler(ReplicaHandler):
    """Answers like a firewall (403 and a challenge page) unless the client sent a browser's
    headers (a ``Mozilla/5.0`` User-Agent and ``Sec-Fetch-Mode``) and, over TLS, a browser's
    ClientHello (GREASE values, ``h2`` offered by ALPN)."""

    server: FirewalledServer
    hello: ClientHello | None = None

    def setup(self) -> None:
        if self.server.tls is not None:
            self.hello = peek_client_hello(self.request)
            self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        super().setup()

    def browser_like(self) -> bool:
        headers = self.headers.get("User-Agent", "").startswith("Mozilla/5.0") and "Sec-Fetch-Mode" in self.headers
        handshake = self.server.tls is None or (
            self.hello is not None and self.hello.greased and "h2" in self.hello.alpn
        )
        return headers and handshake

    def do_GET(self) -> None:
        if self.browser_like():
            return super().do_GET()
        self.server.record(f"GET {self.path}")
        self.reply(403, CHALLENGE_PAGE.encode(), "text/html; charset=utf-8")


def tls_context(folder: Path) -> ssl.SSLContext:
    """A server context with a self-signed certificate for 127.0.0.1, made now."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.set_alpn_protocols(["http/1.1"])  # a browser offering h2 falls back to HTTP/1.1
    return context


@contextmanager
def browser_only_server(tmp_path: Path, scheme: str) -> Iterator[FirewalledServer]:
    server = FirewalledServer(ELAPH_SITE, tls_context(tmp_path) if scheme == "https" else None)
    server.RequestHandlerClass = BrowserOnlyHandler
    with serving(server):
        yield server


def elaph_crawl(tmp_path: Path, base_url: str, **settings: str) -> Any:
    return run_crawl(tmp_path, "-a", f"base_url={base_url}", "-a", f"api_url={base_url}", settings=settings)


# -- crawls -----------------------------------------------------------------------------

REFUSED = "/Web/News/2025/11/1578701.html"  # 403 and a challenge page
CHALLENGED = "/Web/Economics/2025/11/1578706.html"  # a challenge page with status 200
LIMITED = "/Web/NewsPapers/2025/11/1578704.html"  # 429 with Retry-After: 2, then the page


@pytest.fixture
def firewalled_site(tmp_path: Path) -> Path:
    """The Elaph replica with one article refused, one challenged, one rate-limited once."""
    root = tmp_path / "site"
    shutil.copytree(ELAPH_SITE, root)
    config = json.loads((root / "server.json").read_text(encoding="utf-8"))
    config["status"][REFUSED] = {"status": 403, "body": CHALLENGE_PAGE}
    config["status"][LIMITED] = {"status": 429, "times": 1, "headers": {"Retry-After": "2"}}
    (root / "server.json").write_text(json.dumps(config), encoding="utf-8")
    (root / CHALLENGED.lstrip("/")).write_text(CHALLENGE_PAGE, encoding="utf-8")
    return root


def test_refusals_and_challenges_are_blocked_and_retry_after_is_honoured(firewalled_site: Path, tmp_path: Path) -> None:
    with serving(FirewalledServer(firewalled_site)) as server:
        result = elaph_crawl(tmp_path, server.base_url, NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE="0.01")
    stats = result.stats()
    assert stats.get("newscrawl/failed/article/blocked") == 2, result.log[-3000:]
    assert sorted(item["articleId"] for item in result.items) == sorted(set(GOLDEN_IDS) - {"1578701", "1578706"})
    # the challenge page is no empty article (the replica's one empty page, 1578709, is)
    assert [line for line in result.log.splitlines() if "Skipped" in line and "1578706" in line] == []
    assert stats.get("newscrawl/skip/empty_body") == 1
    refused = (
        f"INFO: Failed article {server.base_url}{REFUSED}: blocked (http_403, challenge page: <title>just a moment)"
    )
    challenged = f"INFO: Failed article {server.base_url}{CHALLENGED}: blocked (http_200, challenge page: <title>just"
    assert refused in result.log and challenged in result.log
    # the rate-limited article is stored, asked again only after its Retry-After, and the
    # whole host waited meanwhile
    assert stats.get("newscrawl/politeness/retry_after") == 1
    limited = [at for at, line in server.arrivals if line == f"GET {LIMITED}"]
    assert len(limited) == 2 and limited[1] - limited[0] >= 2.0
    assert [line for at, line in server.arrivals if limited[0] + 0.5 < at < limited[0] + 1.9] == []
    # the blocked check fails with its remedy (threshold lowered: 2 refusals of ~30 answers)
    assert result.returncode == 3
    assert "ERROR: Health check failed: blocked = " in result.log
    assert "(-s NEWSCRAWL_IMPERSONATE=chrome)" in result.log


def test_a_firewall_that_wants_a_browser_blocks_the_crawl_and_says_so(tmp_path: Path) -> None:
    with browser_only_server(tmp_path, "https") as server:
        result = elaph_crawl(tmp_path, server.base_url, DOWNLOAD_VERIFY_CERTIFICATES="False")
    assert result.returncode == 3, result.log[-3000:]
    assert result.items == []
    assert (
        "ERROR: Health check failed: blocked = 1 (limit 0.5, setting NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE)" in result.log
    )
    assert "crawl with a browser's TLS fingerprint (-s NEWSCRAWL_IMPERSONATE=chrome)" in result.log
    assert "no_articles" not in result.log
    assert "Traceback" not in result.log


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_impersonating_a_browser_gets_past_it_and_still_obeys_robots(tmp_path: Path, scheme: str) -> None:
    with browser_only_server(tmp_path, scheme) as server:
        result = elaph_crawl(
            tmp_path, server.base_url, NEWSCRAWL_IMPERSONATE="chrome", DOWNLOAD_VERIFY_CERTIFICATES="False"
        )
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(item["articleId"] for item in result.items) == GOLDEN_IDS
    assert "/robots.txt" in server.paths()
    assert "/Web/Private/2025/11/1578791.html" not in server.paths()  # Disallow: /Web/Private/
    assert "newscrawl/failed/article/blocked" not in result.stats()


class CompressionBombHandler(BaseHTTPRequestHandler):
    """Every page is 5 MB of HTML in 5 kB of gzip."""

    BOMB = gzip.compress(b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>")

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.BOMB)))
        self.end_headers()
        self.wfile.write(self.BOMB)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def test_impersonated_downloads_keep_the_size_limit_on_the_decoded_body(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), CompressionBombHandler)
    with serving(server):
        result = run_crawl(tmp_path, "-a", f"url=http://127.0.0.1:{server.server_address[1]}", spider="news",
                           settings={"NEWSCRAWL_IMPERSONATE": "chrome", "DOWNLOAD_MAXSIZE": "100000"})  # fmt: skip
    assert result.stats().get("newscrawl/failed/home/too_large") == 1, result.log[-3000:]
    assert "larger than download max size" in result.log


def test_the_server_refuses_an_openssl_handshake_even_with_browser_headers(tmp_path: Path) -> None:
    """What the HTTPS server above checks is the handshake, not only the headers."""
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/152.0.0.0", "Sec-Fetch-Mode": "navigate"}
    with browser_only_server(tmp_path, "https") as server:
        url = server.base_url + "/robots.txt"
        context = ssl.create_default_context()
        context.set_alpn_protocols(["h2", "http/1.1"])
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), context=context, timeout=10)
        assert refused.value.code == 403
        with Session(trust_env=False) as session:
            assert session.get(url, impersonate="chrome", verify=False, timeout=10).status_code == 200


def test_no_network_fails_with_what_happened_and_no_traceback(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "url=http://nonexistent.invalid", spider="news")
    assert result.returncode == 3, result.log[-3000:]
    errors = [line for line in result.log.splitlines() if " ERROR: " in line]
    assert errors == [
        errors[0].split(" [", 1)[0] + " [newscrawl.health] ERROR: Health check failed: unreachable: every request "
        "failed: DNS lookup failed for nonexistent.invalid — is this machine online?"
    ]
    assert "Traceback" not in result.log
    assert "INFO: robots.txt of nonexistent.invalid could not be downloaded (CannotResolveHostError" in result.log


def test_an_unknown_browser_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", "url=http://nonexistent.invalid", spider="news",
                       settings={"NEWSCRAWL_IMPERSONATE": "chrom"})  # fmt: skip
    assert result.returncode == 2
    last = result.log.strip().splitlines()[-1]
    assert last == "Bad setting: NEWSCRAWL_IMPERSONATE: unknown browser 'chrom' (did you mean chrome?)"
    assert "Traceback" not in result.log
    assert not (tmp_path / "store.sqlite3").exists()
