"""Golden files: each saved replica page parsed into an Article, field by field.

The page bytes come from ``tests/sites/elaph``; the expected record from ``tests/golden/elaph``.
Responses are built as the downloader would build them (the legacy page with its lying
``charset=utf-8`` header goes through the charset repair middleware first).
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest
from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.extraction.page import DiscoveryHints, PageResult, parse_article_page
from newscrawl.identity import identify
from newscrawl.middlewares.charset import CharsetRepairMiddleware
from newscrawl.sites import load_profile
from tests.conftest import ELAPH_SITE, article_schema, golden_records
from tests.mockserver import SiteConfig

PROFILE = load_profile("elaph").with_mirror("http://127.0.0.1:8000")  # the replica's address
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
GOLDEN = golden_records()
SERVER = SiteConfig.load(ELAPH_SITE)


LEGACY = {"546546", "520001"}  # old table layout, windows-1256 / ISO-8859-6 bytes


def saved_response(path: str) -> HtmlResponse:
    """The page as the replica serves it (with the header its ``server.json`` gives it)."""
    content_type = SERVER.content_type(path)
    url = "http://127.0.0.1:8000" + path
    body = (ELAPH_SITE / path.lstrip("/")).read_bytes()
    response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}, request=Request(url))
    middleware = build_from_crawler(CharsetRepairMiddleware, get_crawler())
    return middleware.process_response(response.request, response)  # type: ignore[return-value]


def parse(path: str, hints: DiscoveryHints | None = None) -> PageResult:
    response = saved_response(path)
    return parse_article_page(
        response, PROFILE, article_url=identify(response.url, PROFILE), hints=hints, downloaded_at=NOW
    )


@pytest.fixture(scope="module", params=GOLDEN, ids=[g["articleId"] for g in GOLDEN])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any], PageResult]:
    gold = request.param
    result = parse(gold["path"])
    assert result.article is not None, result.skip
    return gold, ItemAdapter(result.article).asdict(), result


@pytest.mark.parametrize("field", ["canonicalUrl", "articleId", "headline", "description", "section", "tags"])
def test_field(case: tuple[dict[str, Any], dict[str, Any], PageResult], field: str) -> None:
    gold, item, _ = case
    assert item[field] == gold[field]


def test_body_paragraphs(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    gold, item, _ = case
    assert item["articleBody"].split("\n") == gold["paragraphs"]


def test_no_page_chrome_in_body(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    gold, item, _ = case
    assert [s for s in gold["must_not_contain"] if s in item["articleBody"]] == []


def test_dates(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    gold, item, _ = case
    assert item["datePublished"] == gold["datePublished"]
    assert item["dateModified"] == gold["dateModified"]
    assert item["datePublishedRaw"]
    assert item["dateDownloaded"] == "2026-12-01T12:00:00+00:00"


def test_authors_and_image(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    gold, item, _ = case
    assert [a["name"] for a in item["authors"]] == gold["authors"]
    assert (item["mainImage"] or {}).get("url") == gold["mainImage"]
    if gold["mainImage"]:
        assert item["images"][0] == {"url": gold["mainImage"]}


def test_fixed_fields_and_schema(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    gold, item, result = case
    assert item["site"] == "elaph.com"
    assert item["inLanguage"] == "ar"
    assert item["url"] == "http://127.0.0.1:8000" + gold["path"]
    assert result.fallback is (gold["articleId"] in LEGACY)
    jsonschema.validate(item, article_schema())


def test_removed_paragraphs_are_reported_with_reasons() -> None:
    result = parse("/Web/News/2025/11/1578701.html")
    reasons = {reason for reason, _ in result.removed}
    assert {"site_line", "comments", "empty"} <= reasons
    removed = [text for _, text in result.removed]
    assert "قراؤنا من مستخدمي إنستجرام" in removed
    assert "التعليقات" in removed


@pytest.mark.parametrize(
    "path, reason",
    [("/Web/Video/2025/11/1578708.html", "non_article/video"), ("/Web/News/2025/11/1578709.html", "empty_body")],
)
def test_non_article_pages_yield_no_article(path: str, reason: str) -> None:
    result = parse(path)
    assert result.article is None
    assert result.skip == reason


def test_amp_copy_collapses_to_the_main_article() -> None:
    amp = parse("/amp/Web/News/2025/11/1578707.html")
    main = parse("/Web/News/2025/11/1578707.html")
    assert amp.article is not None and main.article is not None
    assert amp.article.canonicalUrl == main.article.canonicalUrl == "https://elaph.com/Web/News/2025/11/1578707.html"
    assert amp.article.articleId == main.article.articleId == "1578707"


@pytest.mark.parametrize(
    "path, charset, headline",
    [
        ("/Web/News/2010/3/546546.html", "windows-1256", "وزراء الخارجية العرب"),  # header lies: utf-8
        ("/Web/Economics/2009/12/520001.html", "iso-8859-6", "تراجع أسعار الذهب"),  # declared nowhere
    ],
)
def test_legacy_pages_are_correct_arabic(path: str, charset: str, headline: str) -> None:
    assert codecs.lookup(saved_response(path).encoding).name == codecs.lookup(charset).name
    result = parse(path)
    assert result.article is not None and result.article.articleBody
    assert "\ufffd" not in result.article.articleBody
    assert result.article.headline.startswith(headline)


JUNK = re.compile(
    "[\ufffd\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufb50-\ufdef\ufe70-\ufefe]|Ã.|Ø[£§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿]|ط[£§¨©]"
)
KASHIDA_BETWEEN_LETTERS = re.compile("[\u0621-\u063f\u0641-\u064a]\u0640+[\u0621-\u063f\u0641-\u064a]")


def test_text_fields_hold_no_junk(case: tuple[dict[str, Any], dict[str, Any], PageResult]) -> None:
    _, item, _ = case
    for name in ("headline", "description", "articleBody", "section"):
        value = item[name] or ""
        assert not JUNK.search(value), (name, JUNK.search(value))
        assert not KASHIDA_BETWEEN_LETTERS.search(value), name


def test_discovery_hints_fill_missing_metadata() -> None:
    html = (
        "<html><body><div class='content-body'><p>"
        + "نص الخبر الكامل في فقرة طويلة بما يكفي ليكون مقالا حقيقيا يقرؤه الناس. " * 3
        + "</p></div></body></html>"
    )
    url = "http://127.0.0.1:8000/Web/News/2025/11/1578999.html"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8")
    hints = DiscoveryHints(
        source="news_sitemap", headline="عنوان من خريطة الأخبار", published="2025-11-29T08:00:00+03:00"
    )
    result = parse_article_page(response, PROFILE, hints=hints, downloaded_at=NOW)
    assert result.article is not None
    assert result.article.headline == "عنوان من خريطة الأخبار"
    assert result.article.datePublished == "2025-11-29T08:00:00+03:00"
    assert result.article.section == "أخبار"  # from the URL's section segment
