"""Tests for :mod:`newscrawl.discovery.api`: one page of a JSON listing API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newscrawl.discovery.api import ApiPage, UnreadableDocument, read_api_page, value_at
from newscrawl.discovery.links import Link

URL = "https://api.example.com/v2/list/news/1"


def page(document: Any, **keys: Any) -> ApiPage:
    return read_api_page(json.dumps(document).encode(), URL, **{"url_key": "url", **keys})


def test_rows_with_title_and_time() -> None:
    document = {
        "data": [
            {"url": "https://example.com/news/2025/11/1578701.html", "Title": " أسعار  الذهب ", "time": 1764300000},
            {"url": "/news/2025/11/1578702.html", "Title": "عنوان", "time": "2025-11-28T10:15:00+03:00"},
            {"url": "/news/2025/11/1578703.html", "Title": 5, "time": True},
        ]
    }
    assert page(document, title_key="Title", time_key="time") == ApiPage(
        links=(
            Link("https://example.com/news/2025/11/1578701.html", "api", title="أسعار الذهب", published="1764300000"),
            Link(
                "https://api.example.com/news/2025/11/1578702.html",
                "api",
                title="عنوان",
                published="2025-11-28T10:15:00+03:00",
            ),
            Link("https://api.example.com/news/2025/11/1578703.html", "api"),  # a title and a time of the wrong type
        ),
        rows=3,
    )


def test_link_base_for_an_api_on_its_own_host() -> None:
    result = page({"data": [{"url": "/Web/News/2025/11/1578701.html"}]}, link_base="https://example.com/")
    assert result.links[0].url == "https://example.com/Web/News/2025/11/1578701.html"


@pytest.mark.parametrize(
    ("document", "rows_key", "url_key", "expected"),
    [
        ({"result": {"items": [{"link": {"href": "/a/12345"}}]}}, "result.items", "link.href", "/a/12345"),
        ({"pages": [{"rows": [{"u": "/a/12345"}]}]}, "pages.0.rows", "u", "/a/12345"),
        ({"data.rows": [{"url": "/a/12345"}]}, "data.rows", "url", "/a/12345"),
        ([{"url": "/a/12345"}], "0", "url", None),  # a top-level list is no page
    ],
    ids=["dotted", "list-index", "key-with-a-dot", "list-root"],
)
def test_dotted_keys(document: Any, rows_key: str, url_key: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(UnreadableDocument):
            page(document, rows_key=rows_key, url_key=url_key)
        return
    result = page(document, rows_key=rows_key, url_key=url_key)
    assert [link.url for link in result.links] == ["https://api.example.com" + expected]


def test_bad_rows_and_bad_urls_are_counted_and_the_rest_read() -> None:
    rows = [
        {"url": "/a/1"},
        "not an object",
        None,
        {"url": None},
        {"url": 12345},
        {"url": "   "},
        {"other": "/a/x"},
        {"url": "http://[::1/a"},
        {"url": "ftp://example.com/a"},
        {"url": "javascript:alert(1)"},
        {"url": "/a/2"},
    ]
    result = page({"data": rows})
    assert [link.url for link in result.links] == ["https://api.example.com/a/1", "https://api.example.com/a/2"]
    assert (result.rows, result.bad_rows, result.bad_urls) == (11, 6, 3)


def test_empty_page_is_the_end_not_an_error() -> None:
    assert page({"data": []}) == ApiPage(links=(), rows=0)


def test_rows_are_bounded() -> None:
    result = read_api_page(
        json.dumps({"data": [{"url": f"/a/{i}"} for i in range(50)]}).encode(), URL, url_key="url", max_rows=10
    )
    assert (len(result.links), result.rows) == (10, 50)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "not JSON"),
        (b"<html><body>502 Bad Gateway</body></html>", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b'{"data": [', "not JSON"),
        (b'{"error": "rate limited"}', "no list at 'data' (found nothing)"),
        (b'{"data": {"url": "/a/1"}}', "no list at 'data' (found dict)"),
        (b'{"data": "none"}', "no list at 'data' (found str)"),
        (b"null", "no list at 'data'"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
    ids=["empty", "html", "binary", "cut", "no-rows", "object", "string", "null", "deep"],
)
def test_unreadable_documents_raise_a_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_api_page(body, URL, url_key="url")


def test_unreadable_document_is_a_value_error() -> None:
    assert issubclass(UnreadableDocument, ValueError)


def test_utf8_bom_accepted() -> None:
    body = b"\xef\xbb\xbf" + json.dumps({"data": [{"url": "/a/1"}]}).encode()
    assert read_api_page(body, URL, url_key="url").rows == 1


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a", 1), ("b.c", 2), ("b.d.1", 4), ("b.d.5", None), ("b.x", None), ("a.b", None), ("", None)],
)
def test_value_at(path: str, expected: Any) -> None:
    assert value_at({"a": 1, "b": {"c": 2, "d": [3, 4]}}, path) == expected
