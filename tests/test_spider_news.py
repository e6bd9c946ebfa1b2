"""The ``news`` spider's discovery, incremental skipping, budget and error handling, on
hand-made responses (no network): each callback's output goes through the real spider
middlewares (seen-before, budget) as in a crawl."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newscrawl.items import Article
from newscrawl.middlewares.budget import ArticleBudgetMiddleware
from newscrawl.middlewares.seen_before import SeenBeforeMiddleware
from newscrawl.spiders.news import ArgumentError, ElaphSpider, NewsSpider
from newscrawl.storage.sqlite import SQLiteStore
from tests.conftest import STORE_OWNER

BASE = "http://127.0.0.1:9"


NO_STORE = {"NEWSCRAWL_SQLITE_PATH": ""}


def make_spider(settings: dict[str, Any] | None = None, spidercls: type = ElaphSpider, **arguments: Any) -> Any:
    crawler = get_crawler(spidercls, settings_dict={**STORE_OWNER, **NO_STORE, **(settings or {})})
    if spidercls is ElaphSpider:
        arguments = {"base_url": BASE, "api_url": BASE, **arguments}
    crawler.spider = spidercls.from_crawler(crawler, **arguments)
    return crawler.spider


def run(spider: Any, callback: Any, response: Response) -> list[Any]:
    """A callback's output after the spider middlewares newscrawl adds (seen-before, budget)."""
    crawler = spider.crawler
    if not hasattr(crawler, "test_middlewares"):
        middlewares = []
        for cls in (SeenBeforeMiddleware, ArticleBudgetMiddleware):
            with contextlib.suppress(NotConfigured):
                middlewares.append(build_from_crawler(cls, crawler))
        crawler.test_middlewares = middlewares
    output: Any = callback(response)
    for middleware in crawler.test_middlewares:
        output = middleware.process_spider_output(response, output)
    return list(output)


def stats(spider: ElaphSpider) -> dict[str, Any]:
    return spider.crawler.stats.get_stats()  # type: ignore[union-attr]


def urlset(*entries: str, news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{"".join(entries)}</urlset>'.encode()


def url_entry(loc: str, lastmod: str | None = None, news_date: str | None = None, title: str | None = None) -> str:
    parts = [f"<loc>{loc}</loc>"]
    if lastmod:
        parts.append(f"<lastmod>{lastmod}</lastmod>")
    if news_date:
        parts.append(
            "<news:news><news:publication><news:name>إيلاف</news:name><news:language>ar</news:language>"
            f"</news:publication><news:publication_date>{news_date}</news:publication_date>"
            f"<news:title>{title}</news:title></news:news>"
        )
    return f"<url>{''.join(parts)}</url>"


def sitemap_response(body: bytes, url: str = BASE + "/sitemaps/s.xml", depth: int = 0) -> XmlResponse:
    meta = {"newscrawl_depth": depth, "newscrawl_site": "elaph.com"}
    return XmlResponse(url=url, body=body, request=Request(url, meta=meta))


def api_response(rows: Any, section: str = "economics", page: int = 1) -> TextResponse:
    url = f"{BASE}/v2/web/com/marticles/index/{section}/{page}"
    meta = {"newscrawl_section": section, "newscrawl_page": page, "newscrawl_site": "elaph.com"}
    body = json.dumps({"data": rows}).encode()
    return TextResponse(url=url, body=body, encoding="utf-8", request=Request(url, meta=meta))


def article_requests(requests: list[Request]) -> list[Request]:
    return [r for r in requests if r.meta.get("newscrawl_kind") == "article"]


def test_robots_sitemaps_are_followed_and_rebased_to_the_mirror() -> None:
    spider = make_spider()
    body = b"User-agent: *\nDisallow: /x\nSitemap: https://elaph.com/sitemaps/a.xml\nSitemap: https://other.org/s.xml\n"
    response = TextResponse(url=BASE + "/robots.txt", body=body, encoding="utf-8")
    urls = [r.url for r in spider.parse_robots(response)]
    assert urls == [BASE + "/sitemaps/a.xml", BASE + "/sitemaps/allsitemaps.xml", BASE + "/sitemaps/google_news.xml"]
    assert stats(spider)["newscrawl/discovery/off_site"] == 1  # other.org is not the site


def test_robots_without_sitemaps_falls_back_to_the_profile() -> None:
    spider = make_spider()
    response = TextResponse(url=BASE + "/robots.txt", body=b"User-agent: *\nDisallow:\n", encoding="utf-8")
    assert [r.url for r in spider.parse_robots(response)] == [
        BASE + "/sitemaps/allsitemaps.xml",
        BASE + "/sitemaps/google_news.xml",
    ]


def test_padded_and_unpadded_months_are_one_article() -> None:
    spider = make_spider()
    body = urlset(
        url_entry("https://elaph.com/Web/Culture/2025/09/1578705.html"),
        url_entry("https://elaph.com/Web/Culture/2025/9/1578705.html"),
    )
    assert len(article_requests(run(spider, spider.parse_sitemap, sitemap_response(body)))) == 1


def test_sitemap_index_is_unpacked_once_and_depth_is_bounded() -> None:
    spider = make_spider()
    index = b"<sitemapindex><sitemap><loc>https://elaph.com/s1.xml</loc></sitemap><sitemap><loc>https://elaph.com/s1.xml</loc></sitemap></sitemapindex>"
    assert [r.url for r in spider.parse_sitemap(sitemap_response(index))] == [BASE + "/s1.xml"]
    assert run(spider, spider.parse_sitemap, sitemap_response(index)) == []  # already requested
    deep = b"<sitemapindex><sitemap><loc>https://elaph.com/s9.xml</loc></sitemap></sitemapindex>"
    assert run(spider, spider.parse_sitemap, sitemap_response(deep, depth=5)) == []
    assert stats(spider)["newscrawl/discovery/sitemap_too_deep"] == 1


def test_bad_sitemap_locations_are_counted_and_the_rest_requested() -> None:
    """Issue 14, bugs 3 and 5: one malformed <loc> raised ValueError and lost the entries after
    it; an ftp:// child sitemap was requested (and hung the crawl)."""
    spider = make_spider()
    body = urlset(
        url_entry("http://[::1/Web/News/2025/11/1578701.html"),
        url_entry("/Web/News/2025/11/1578702.html"),  # relative: resolved against the sitemap
        url_entry("file:///etc/passwd"),
        url_entry("https://elaph.com/Web/News/2025/11/1578703.html"),
    )
    requests = article_requests(run(spider, spider.parse_sitemap, sitemap_response(body)))
    assert [r.url for r in requests] == [
        BASE + "/Web/News/2025/11/1578702.html",
        BASE + "/Web/News/2025/11/1578703.html",
    ]
    index = (
        b"<sitemapindex><sitemap><loc>ftp://elaph.com/s1.xml</loc></sitemap>"
        b"<sitemap><loc>data:text/xml,x</loc></sitemap><sitemap><loc>s2.xml</loc></sitemap></sitemapindex>"
    )
    assert [r.url for r in run(spider, spider.parse_sitemap, sitemap_response(index))] == [BASE + "/sitemaps/s2.xml"]
    assert stats(spider)["newscrawl/discovery/bad_url"] == 4


def test_a_broken_sitemap_is_counted_and_its_entries_before_the_break_requested() -> None:
    spider = make_spider()
    body = (
        urlset(url_entry("https://elaph.com/Web/News/2025/11/1578701.html"))[: -len("</urlset>")] + b"<url><loc>https"
    )
    requests = article_requests(run(spider, spider.parse_sitemap, sitemap_response(body)))
    assert [r.url for r in requests] == [BASE + "/Web/News/2025/11/1578701.html"]
    assert stats(spider)["newscrawl/discovery/sitemap_broken"] == 1


def test_variants_of_one_article_collapse_before_download() -> None:
    spider = make_spider()
    body = urlset(
        url_entry("https://elaph.com/amp/Web/News/2025/11/1578707.html?utm_source=gn"),
        url_entry("https://www.elaph.com/Web/News/2025/11/1578707.html?fbclid=x"),
        url_entry("http://elaph.com/Web/News/2025/11/1578707.html"),
        url_entry("https://elaph.com/Web/News/2025/11/1578707.html#comments"),
        url_entry("https://elaph.com/Web/Sports/"),
    )
    requests = article_requests(run(spider, spider.parse_sitemap, sitemap_response(body)))
    assert [r.url for r in requests] == [BASE + "/Web/News/2025/11/1578707.html"]
    assert stats(spider)["newscrawl/discovery/duplicate"] == 3
    assert stats(spider)["newscrawl/discovery/not_article_url"] == 1


def test_news_sitemap_fields_reach_the_article_request() -> None:
    spider = make_spider()
    body = urlset(
        url_entry(
            "https://elaph.com/Web/News/2025/11/1578701.html", news_date="2025-11-28T10:15:00+00:00", title="عنوان"
        ),
        news=True,
    )
    (request,) = article_requests(run(spider, spider.parse_sitemap, sitemap_response(body)))
    hints = request.meta["newscrawl_hints"]
    assert (hints.source, hints.headline, hints.published) == ("news_sitemap", "عنوان", "2025-11-28T10:15:00+00:00")
    assert stats(spider)["newscrawl/discovery/article/news_sitemap"] == 1


@pytest.mark.parametrize(
    "entry, kept",
    [
        (url_entry("https://elaph.com/Web/News/2025/11/1.html", lastmod="2025-10-30T00:00:00+00:00"), False),
        (url_entry("https://elaph.com/Web/News/2025/11/2.html", lastmod="2025-11-15T00:00:00+00:00"), True),
        # lastmod after `until` proves nothing: the article may have been published inside the window.
        (url_entry("https://elaph.com/Web/News/2025/11/3.html", lastmod="2025-12-15T00:00:00+00:00"), True),
        (
            url_entry("https://elaph.com/Web/News/2025/11/4.html", news_date="2025-12-01T09:00:00+00:00", title="t"),
            False,
        ),
        (
            url_entry("https://elaph.com/Web/News/2025/11/5.html", news_date="2025-11-30T23:00:00+00:00", title="t"),
            True,
        ),
        (url_entry("https://elaph.com/Web/News/2025/11/6.html"), True),
    ],
    ids=["lastmod-before", "lastmod-inside", "lastmod-after-until", "news-after", "news-last-day", "no-date"],
)
def test_since_until_window_before_download(entry: str, kept: bool) -> None:
    spider = make_spider(since="2025-11-01", until="2025-11-30")
    requests = article_requests(
        run(spider, spider.parse_sitemap, sitemap_response(urlset(entry, news="news:" in entry)))
    )
    assert bool(requests) is kept
    assert stats(spider).get("newscrawl/skip/out_of_window", 0) == (0 if kept else 1)


def api_row(article_id: int, timestamp: int = 1764300000, section: str = "Economics") -> dict[str, Any]:
    return {
        "ArticleID": article_id,
        "PostingURL": f"/Web/{section}/2025/11/{article_id}.html",
        "RelativeTime": timestamp,
    }


def test_api_pages_until_an_empty_page() -> None:
    spider = make_spider()
    requests = run(spider, spider.parse_api, api_response([api_row(1), api_row(2)]))
    assert [r.url for r in article_requests(requests)] == [
        BASE + "/Web/Economics/2025/11/1.html",
        BASE + "/Web/Economics/2025/11/2.html",
    ]
    (next_page,) = [r for r in requests if r.meta["newscrawl_kind"] == "api"]
    assert next_page.url == BASE + "/v2/web/com/marticles/index/economics/2"
    assert next_page.headers["Referer"] == (BASE + "/").encode()
    assert run(spider, spider.parse_api, api_response([], page=2)) == []


def test_api_stops_paging_past_since() -> None:
    spider = make_spider(since="2025-11-01")
    old = 1700000000  # 2023-11-14
    requests = run(spider, spider.parse_api, api_response([api_row(1, old), api_row(2, old)], page=4))
    assert requests == []
    assert stats(spider)["newscrawl/skip/out_of_window"] == 2


def test_api_bad_pages_and_rows_are_counted_not_fatal() -> None:
    spider = make_spider()
    url = BASE + "/v2/web/com/marticles/index/economics/1"
    meta = {"newscrawl_section": "economics", "newscrawl_page": 1, "newscrawl_site": "elaph.com"}
    broken = TextResponse(
        url=url, body=b"<html>WAF challenge</html>", encoding="utf-8", request=Request(url, meta=meta)
    )
    assert run(spider, spider.parse_api, broken) == []
    rows = [{"PostingURL": None}, "junk", api_row(7)]
    requests = run(spider, spider.parse_api, api_response(rows))
    assert len(article_requests(requests)) == 1
    assert stats(spider)["newscrawl/discovery/api_unreadable"] == 1
    assert stats(spider)["newscrawl/discovery/api_bad_row"] == 2


def test_max_articles_limits_scheduled_downloads() -> None:
    spider = make_spider(max_articles="2")
    requests = run(spider, spider.parse_api, api_response([api_row(i) for i in range(1, 6)]))
    assert len(article_requests(requests)) == 2
    assert not [r for r in requests if r.meta["newscrawl_kind"] == "api"]  # no further pages
    assert stats(spider)["newscrawl/skip/max_articles"] == 3


@pytest.mark.parametrize(
    "arguments, name",
    [
        ({"base_url": "not a url"}, "base_url"),
        ({"since": "2025-11-31"}, "since"),
        ({"since": "2025-11-10", "until": "2025-11-01"}, "since"),
        ({"max_articles": "-4"}, "max_articles"),
        ({"sections": "news,اقتصاد"}, "sections"),
    ],
)
def test_bad_arguments_name_the_argument(arguments: dict[str, str], name: str) -> None:
    crawler = get_crawler(ElaphSpider, settings_dict=NO_STORE)
    with pytest.raises(ArgumentError, match=f"^{name}: "):
        ElaphSpider.from_crawler(crawler, **arguments)


def test_empty_api_url_disables_the_api_and_sections_are_parsed() -> None:
    crawler = get_crawler(ElaphSpider, settings_dict=NO_STORE)
    spider = ElaphSpider.from_crawler(crawler, api_url="", sections=" News , economics ")
    assert spider.sites[0].api_url is None
    assert spider.sites[0].sections == ("news", "economics")


def test_user_agent_names_the_contact_url() -> None:
    crawler = get_crawler(
        ElaphSpider, settings_dict={**NO_STORE, "NEWSCRAWL_CONTACT_URL": "https://example.org/crawler"}
    )
    assert crawler.settings["USER_AGENT"].startswith("newscrawl/")
    assert crawler.settings["USER_AGENT"].endswith("+https://example.org/crawler)")


def failure_for(exception: Exception, url: str = BASE + "/Web/News/2025/11/1.html") -> Failure:
    failure = Failure(exception)
    failure.request = Request(url, meta={"newscrawl_kind": "article"})  # type: ignore[attr-defined]
    return failure


@pytest.mark.parametrize(
    "exception, key",
    [
        (HttpError(Response(BASE + "/x", status=404)), "newscrawl/failed/article/http_404"),
        (HttpError(Response(BASE + "/x", status=503)), "newscrawl/failed/article/http_503"),
        (IgnoreRequest("Forbidden by robots.txt"), "newscrawl/failed/article/robots_forbidden"),
        (DownloadTimeoutError("took longer than 30.0 seconds"), "newscrawl/failed/article/timeout"),
        (CannotResolveHostError("no results for hostname lookup"), "newscrawl/failed/article/dns"),
        (
            DownloadCancelledError("Received 30000000 bytes which is larger than download max size (20971520)"),
            "newscrawl/failed/article/too_large",
        ),
        (
            IgnoreRequest(
                "Ignored response <200 http://x/a.html> because its body (33 B compressed, 33554433 B "
                "decompressed so far) exceeded DOWNLOAD_MAXSIZE (33554432 B) during decompression."
            ),
            "newscrawl/failed/article/decompression_bomb",
        ),
    ],
    ids=["404", "503", "robots", "timeout", "dns", "too-large", "gzip-bomb"],
)
def test_failures_are_counted_by_reason(exception: Exception, key: str, caplog: pytest.LogCaptureFixture) -> None:
    spider = make_spider()
    with caplog.at_level("INFO"):
        spider.on_error(failure_for(exception))
    assert stats(spider)[key] == 1
    assert "/Web/News/2025/11/1.html" in caplog.text


@pytest.mark.parametrize(
    ("complete_run_finished", "caught_up"),
    [
        (None, False),  # the articles were stored by a crawl that was killed: page on
        ("2000-01-01T00:00:00+00:00", False),  # … killed after an older complete crawl
        ("2099-01-01T00:00:00+00:00", True),  # stored by a crawl that ran to its end
    ],
)
def test_api_is_caught_up_only_on_articles_a_complete_crawl_stored(
    tmp_path: Path, complete_run_finished: str | None, caught_up: bool
) -> None:
    path = tmp_path / "store.sqlite3"
    store = SQLiteStore(path)
    for n in (1, 2):
        url = f"https://elaph.com/Web/Economics/2025/11/{n}.html"
        article = Article(url=url, canonicalUrl=url, articleId=str(n), site="elaph.com", headline="h")
        store.save(article)
    if complete_run_finished:
        store.record_run("elaph", None, complete_run_finished, "finished", {})
    store.record_run("elaph", None, "2099-06-01T00:00:00+00:00", "shutdown", {})  # a later run cut short
    store.commit()
    store.close()
    spider = make_spider({"NEWSCRAWL_SQLITE_PATH": str(path)})
    requests = run(spider, spider.parse_api, api_response([api_row(1), api_row(2)]))
    assert article_requests(requests) == []  # both stored: never downloaded again
    next_pages = [r for r in requests if r.meta["newscrawl_kind"] == "api"]
    assert (next_pages == []) is caught_up
    assert stats(spider).get("newscrawl/discovery/api_caught_up", 0) == int(caught_up)


def test_making_the_spider_opens_no_store(tmp_path: Path) -> None:
    """``scrapy push`` and ``scrapy parse`` build the spider: no store file may appear."""
    path = tmp_path / "never.sqlite3"
    make_spider({"NEWSCRAWL_SQLITE_PATH": str(path)})
    make_spider({"NEWSCRAWL_SQLITE_PATH": str(path)}, spidercls=NewsSpider, url="http://127.0.0.1:9")
    assert not path.exists()


def test_the_seen_before_middleware_passes_requests_on_as_the_callback_yields_them(tmp_path: Path) -> None:
    """A sitemap of 50,000 links must not wait whole in memory: Scrapy runs callbacks
    through the async path, and the middleware took the whole output before passing any."""
    spider = make_spider({"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3")})
    middleware = build_from_crawler(SeenBeforeMiddleware, spider.crawler)
    made: list[int] = []

    async def output() -> Any:
        for n in range(3):
            made.append(n)
            yield Request(f"{BASE}/page-{n}")

    async def first() -> Any:
        passed = middleware.process_spider_output_async(TextResponse(BASE, body=b""), output())
        entry = await anext(passed)
        await passed.aclose()
        return entry

    assert asyncio.run(first()).url == f"{BASE}/page-0"
    assert made == [0]
