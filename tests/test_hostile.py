"""A hostile site, crawled for real (issue 14): every trick is a request the crawl must not
make or a page it must not store, and the rest of the site is still crawled.

The site (a mock server on 127.0.0.6) lists in its robots.txt and sitemaps: an article that
redirects (HTTP 302, and a meta refresh) to an "internal service" on another address
(127.0.0.7) that serves credentials as text/plain; an article served as text/plain; a
redirect loop; a gzip bomb (40 MB of zeros in 40 KB, past ``DOWNLOAD_MAXSIZE``); ``ftp://``,
``file://``, ``data:`` and malformed locations, a sitemap on
another host, a relative sitemap location — and two real articles. Nothing may reach the
internal service; only the two real articles are records; every trick is counted.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.conftest import CrawlResult, Replica, run_crawl, start_replica

SECRET = "DB_PASSWORD=hunter2"


STORIES = {
    "الخبر الأول الحقيقي": (
        "افتتحت البلدية صباح اليوم حديقة عامة جديدة على أطراف المدينة بمساحة تتجاوز عشرين دونماً.",
        "وتضم الحديقة مسارات للمشي وملاعب للأطفال ومكتبة صغيرة مفتوحة للزوار طوال أيام الأسبوع.",
        "وقال رئيس البلدية إن المشروع مول من موازنة العام الماضي بالشراكة مع عدد من الشركات المحلية.",
    ),
    "الخبر الثاني الحقيقي": (
        "ارتفعت أسعار الخضار في أسواق الجملة خلال الأسبوع الماضي بسبب موجة البرد التي ضربت المزارع.",
        "وأوضح تجار أن كميات الطماطم الواردة إلى السوق تراجعت إلى النصف مقارنة بالشهر السابق.",
        "وتوقعت وزارة الزراعة أن تعود الأسعار إلى مستوياتها المعتادة مع تحسن الأحوال الجوية.",
    ),
}


def article(title: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in STORIES[title])
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": "2025-11-28T10:00:00+00:00"}  # fmt: skip
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{title}</title>"
        f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script></head>"
        f"<body><h1>{title}</h1><article>{body}</article></body></html>"
    )


def hostile_site(root: Path, internal: str) -> None:
    """Write the hostile site's files under ``root`` (``internal``: the other service's URL)."""
    pages = {
        "2025/11/28/good-one.html": article("الخبر الأول الحقيقي"),
        "2025/11/28/good-two.html": article("الخبر الثاني الحقيقي"),
        "2025/11/28/plain-text-article.html": f"{SECRET}\nAWS_KEY=AKIA0000\n",
        "2025/11/28/deep-article.html": (  # 1,500 nested <div>s around a real article
            "<html lang='ar'><head><meta charset='utf-8'></head><body>"
            + "<div>" * 1500
            + article("الخبر الأول الحقيقي").split("<body>", 1)[1].split("</body>", 1)[0].replace("الأول", "العميق")
            + "</div>" * 1500
            + "</body></html>"
        ),
        "2025/11/28/huge-article.html": article("الخبر الثاني الحقيقي").replace(
            "</article>", "</article>" + "<div class='x'>" + "ز" * 400_000 + "</div>"
        ),
        "2025/11/28/refresh-article.html": (
            f"<html><head><meta http-equiv='refresh' content='0; url={internal}/internal/secret.txt'></head>"
            "<body>...</body></html>"
        ),
    }
    for path, text in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "2025/11/28/bomb-article.html").write_bytes(gzip.compress(b"<html>" + b"\0" * 40_000_000, 9))
    (root / "robots.txt").write_text(
        "User-agent: *\nDisallow: /private/\n"
        "Sitemap: {{BASE}}/s1.xml\nSitemap: ftp://127.0.0.6/s2.xml\nSitemap: /s3.xml\n"
        "Sitemap: http://[::1/x.xml\n" + f"Sitemap: {internal}/internal/sitemap.xml\n",
        encoding="utf-8",
    )
    locations = [
        "{{BASE}}/2025/11/28/good-one.html",
        "{{BASE}}/2025/11/28/redirect-article.html",
        "{{BASE}}/2025/11/28/refresh-article.html",
        "{{BASE}}/2025/11/28/plain-text-article.html",
        "{{BASE}}/2025/11/28/loop-a.html",
        "{{BASE}}/2025/11/28/deep-article.html",
        "{{BASE}}/2025/11/28/huge-article.html",
        "{{BASE}}/2025/11/28/bomb-article.html",
        f"{internal}/2025/11/28/off-site-article.html",
        "file:///etc/passwd",
        "data:text/html,<h1>x</h1>",
        "http://[::1/2025/11/28/broken.html",
        "ftp://127.0.0.6/2025/11/28/ftp-article.html",
    ]
    urlset = "".join(f"<url><loc>{loc.replace('&', '&amp;')}</loc></url>" for loc in locations)
    (root / "s1.xml").write_text(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>')
    (root / "s3.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>/2025/11/28/good-two.html</loc></url></urlset>"  # relative: resolved against the sitemap
    )
    (root / "server.json").write_text(
        json.dumps(
            {
                "templated": [".xml", ".txt"],
                "content_types": {
                    ".html": "text/html; charset=utf-8",
                    "/2025/11/28/plain-text-article.html": "text/plain; charset=utf-8",
                },
                "headers": {"/2025/11/28/bomb-article.html": {"Content-Encoding": "gzip"}},
                "redirects": {
                    "/2025/11/28/redirect-article.html": {
                        "status": 302,
                        "location": f"{internal}/internal/secret.txt",
                    },
                    "/2025/11/28/loop-a.html": {"status": 301, "location": "/2025/11/28/loop-b.html"},
                    "/2025/11/28/loop-b.html": {"status": 301, "location": "/2025/11/28/loop-a.html"},
                },
            }
        )
    )


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, Replica, Replica]:
    with ExitStack() as servers:
        internal_root = tmp_path_factory.mktemp("internal")
        (internal_root / "internal").mkdir()
        (internal_root / "internal" / "secret.txt").write_text(SECRET)
        internal = servers.enter_context(start_replica(internal_root, root=internal_root, host="127.0.0.7"))
        root = tmp_path_factory.mktemp("hostile-site")
        hostile_site(root, internal.base_url)
        site = servers.enter_context(start_replica(tmp_path_factory.mktemp("hostile-log"), root=root, host="127.0.0.6"))
        result = run_crawl(
            tmp_path_factory.mktemp("crawl"),
            "-a",
            f"url={site.base_url}",
            settings={"NEWSCRAWL_MAX_PAGE_BYTES": "500000"},
            spider="news",
            timeout=180,
        )
        yield result, site, internal


def test_nothing_reaches_another_host(hostile_crawl: tuple[CrawlResult, Replica, Replica]) -> None:
    result, _, internal = hostile_crawl
    assert internal.requests() == [], internal.requests()
    assert all(SECRET not in json.dumps(item) for item in result.items)


def test_only_the_real_articles_are_records(hostile_crawl: tuple[CrawlResult, Replica, Replica]) -> None:
    result, _, _ = hostile_crawl
    assert result.returncode == 0, result.log[-3000:]
    headlines = sorted(item["headline"] for item in result.items)
    # The nested page repeats the first article's text without its date: one copy of the
    # story is fed, whichever downloaded first; the store names the dated one the original.
    assert headlines in (
        ["الخبر الأول الحقيقي", "الخبر الثاني الحقيقي"],
        ["الخبر الثاني الحقيقي", "الخبر العميق الحقيقي"],
    )
    with sqlite3.connect(result.output.parent / "store.sqlite3") as store:
        rows = dict(store.execute("SELECT headline, duplicateOf FROM articles"))
    assert rows["الخبر الأول الحقيقي"] is None and rows["الخبر الثاني الحقيقي"] is None
    if "الخبر العميق الحقيقي" in headlines:  # fed first: stored, and marked as the copy
        assert rows["الخبر العميق الحقيقي"].endswith("/2025/11/28/good-one.html")
    else:  # came second: dropped
        assert rows.keys() == {"الخبر الأول الحقيقي", "الخبر الثاني الحقيقي"}


def test_every_trick_is_counted_and_logged(hostile_crawl: tuple[CrawlResult, Replica, Replica]) -> None:
    result, site, _ = hostile_crawl
    stats = result.stats()
    assert stats["newscrawl/skip/off_site"] == 2  # the HTTP redirect and the meta refresh
    assert stats["newscrawl/skip/not_html"] == 1  # the text/plain "article"
    assert stats["newscrawl/failed/article/redirect_loop"] == 1
    assert stats["newscrawl/failed/article/decompression_bomb"] == 1  # stopped at DOWNLOAD_MAXSIZE
    assert stats["newscrawl/skip/too_large"] == 1  # the 800 KB page: over NEWSCRAWL_MAX_PAGE_BYTES, not parsed
    # 1,500 nested <div>s are read: the page (the first article's text again) is a duplicate
    assert "spider_exceptions/RecursionError" not in stats
    # (the copy that came second: dropped, or stored as the original and not fed again)
    assert stats.get("newscrawl/duplicates/near", 0) + stats.get("newscrawl/duplicates/near_original_stored", 0) == 1
    # ftp:// and the malformed robots line; file:, data:, ftp: and malformed locations
    assert stats["newscrawl/discovery/bad_url"] == 6
    assert stats["newscrawl/discovery/off_site"] == 1  # the sitemap on the other host
    assert stats["newscrawl/discovery/not_article_url"] == 1  # the location on the other host
    for line in ("Not requesting", "off_site", "not_html", "redirect_loop", "decompression_bomb"):
        assert line in result.log
    assert not [line for line in site.requests() if "ftp" in line or "passwd" in line]
