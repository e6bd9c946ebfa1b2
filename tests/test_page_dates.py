"""Dates of a page as ``parse_article_page`` takes them: the first candidate read to the day or
finer wins, a day-only date is written as ``YYYY-MM-DD``, and the reasons other candidates
were refused are listed in ``PageResult.date_rejections`` (the spider counts them)."""

from __future__ import annotations

from datetime import UTC, datetime

import jsonschema
import pytest
from itemadapter import ItemAdapter
from scrapy.http import HtmlResponse

from newscrawl.extraction.page import PageResult, parse_article_page
from newscrawl.sites import load_profile
from tests.conftest import article_schema

PROFILE = load_profile("elaph")
DOWNLOADED = datetime(2025, 11, 28, 18, 0, tzinfo=UTC)
BODY = "نص الخبر الكامل في فقرة طويلة بما يكفي ليكون مقالا حقيقيا يقرؤه الناس. " * 3


def page(head: str, dateline: str) -> PageResult:
    html = (
        f"<html><head>{head}</head><body><h1>عنوان الخبر</h1><p>{dateline}</p>"
        f"<div class='content-body'><p>{BODY}</p></div></body></html>"
    )
    url = "http://127.0.0.1:8000/Web/News/2025/11/1578999.html"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8")
    return parse_article_page(response, PROFILE, downloaded_at=DOWNLOADED)


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        pytest.param("نشر في 27 نوفمبر 2025 عند الساعة 12:00 م", "2025-11-27T12:00:00+00:00", id="date-and-time"),
        pytest.param("نشر في 27 نوفمبر 2025", "2025-11-27", id="day-only"),
        pytest.param("نشر في 27 نوفمبر 2025 مساءً", None, id="period-without-time"),
    ],
)
def test_visible_date(dateline: str, published: str | None) -> None:
    result = page("", dateline)
    assert result.article is not None
    item = ItemAdapter(result.article).asdict()
    assert item["datePublished"] == published
    assert result.date_rejections == ([] if published else ["period_not_applied"])
    jsonschema.validate(item, article_schema())


def test_refused_candidates_are_listed_and_the_next_one_is_used() -> None:
    """A structured value the reader refuses is not used (nor silently half-read): the
    visible date is, and the refusal's reason is on the result."""
    head = '<meta property="article:published_time" content="الجمعة 28 نوفمبر 2025 10:15 EST">'
    result = page(head, "الخميس 27 نوفمبر 2025 - 09:30 ص")
    assert result.article is not None
    assert result.article.datePublished == "2025-11-27T09:30:00+00:00"
    assert result.date_rejections == ["unknown_token"]


def test_lines_without_a_date_are_not_rejections() -> None:
    result = page("", "© 2025 جميع الحقوق محفوظة")
    assert result.article is not None
    assert result.article.datePublished is None
    assert result.date_rejections == []


def test_month_alone_is_not_a_publication_date() -> None:
    result = page("", "حزيران/يونيو 2025")
    assert result.article is not None
    assert result.article.datePublished is None
    assert result.date_rejections == ["imprecise"]


def test_a_relative_date_counts_from_the_response_not_from_the_crawl() -> None:
    """Issue 19: the same response bytes and headers give the same date on every run (and
    in a re-extraction): "two hours ago" counts from the server's Date header."""
    from scrapy.http import HtmlResponse

    from newscrawl.extraction.page import parse_article_page

    body = (
        "<html lang='ar'><body><h1>عنوان خبر عن افتتاح جسر جديد في المدينة</h1>"
        "<time class='date'>منذ ساعتين</time><article>"
        + "".join(
            f"<p>فقرة رقم {n} من نص الخبر عن افتتاح الجسر الجديد الذي يربط ضفتي النهر في المدينة.</p>" for n in range(4)
        )
        + "</article></body></html>"
    ).encode()
    headers = {"Content-Type": "text/html; charset=utf-8", "Date": "Fri, 28 Nov 2025 12:00:00 GMT"}
    dates = set()
    for downloaded in (datetime(2025, 11, 28, 12, 0, 5, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)):
        response = HtmlResponse("https://news.example/2025/11/28/bridge", body=body, headers=headers)
        result = parse_article_page(response, None, downloaded_at=downloaded)
        assert result.article is not None
        dates.add(result.article.datePublished)
    assert dates == {"2025-11-28T10:00:00+00:00"}
