"""Tests for :mod:`newscrawl.discovery.links`: the one gate every discovered URL goes through."""

from __future__ import annotations

import pytest

from newscrawl.discovery.links import Link, host_keys, on_hosts, resolve

BASE = "https://example.com/news/sitemap.xml"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        pytest.param("https://example.com/a/1.html", "https://example.com/a/1.html", id="absolute"),
        pytest.param("/a/1.html", "https://example.com/a/1.html", id="root-relative"),
        pytest.param("a/1.html", "https://example.com/news/a/1.html", id="relative"),
        pytest.param("../a/1.html", "https://example.com/a/1.html", id="parent"),
        pytest.param("//cdn.example.com/a", "https://cdn.example.com/a", id="scheme-relative"),
        pytest.param("?id=123456", "https://example.com/news/sitemap.xml?id=123456", id="query-only"),
        pytest.param("  \n https://example.com/a \t", "https://example.com/a", id="whitespace-around"),
        pytest.param("https://example.com/a\n/b", "https://example.com/a/b", id="newline-inside"),
        pytest.param("\u200bhttps://example.com/a\ufeff", "https://example.com/a", id="invisible-marks"),
        pytest.param("https://example.com/x?a=1&amp;b=2", "https://example.com/x?a=1&b=2", id="escaped-ampersand"),
        pytest.param("https://example.com/x?a=1&copy=2", "https://example.com/x?a=1&copy=2", id="not-an-entity"),
        pytest.param("https://example.com/a#comments", "https://example.com/a", id="fragment-dropped"),
        pytest.param("HTTPS://example.com", "https://example.com/", id="scheme-case-empty-path"),
        pytest.param("http://[::1]:8080/a", "http://[::1]:8080/a", id="ipv6"),
        pytest.param("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a", id="port"),
        pytest.param(
            "https://example.com/%D8%BA%D8%B2%D8%A9-%D8%A7%D9%84%D9%8A%D9%88%D9%85",
            "https://example.com/%D8%BA%D8%B2%D8%A9-%D8%A7%D9%84%D9%8A%D9%88%D9%85",
            id="percent-encoded-arabic",
        ),
        pytest.param("https://example.com/غزة-اليوم", "https://example.com/غزة-اليوم", id="raw-arabic"),
        # None for anything that is not a usable http(s) URL
        pytest.param("ftp://example.com/sitemap.xml", None, id="ftp"),
        pytest.param("file:///etc/passwd", None, id="file"),
        pytest.param("data:text/html,<h1>x</h1>", None, id="data"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("mailto:desk@example.com", None, id="mailto"),
        pytest.param("http://[::1/admin", None, id="unclosed-ipv6"),
        pytest.param("http://example.com:99999/", None, id="port-out-of-range"),
        pytest.param("http://example.com:0/", None, id="port-zero"),
        pytest.param("http://example.com:abc/", None, id="port-not-a-number"),
        pytest.param("http:///path", None, id="empty-host"),
        pytest.param("http://exa mple.com/", None, id="space-in-host"),
        pytest.param("https://example.com/" + "a" * 2100, None, id="overlong"),
        pytest.param("https://example.com/\x00", None, id="control-character"),
        pytest.param("https://example.com/\ufffd", None, id="replacement-character"),
        pytest.param("", None, id="empty"),
        pytest.param("   ", None, id="blank"),
    ],
)
def test_resolve(href: str, expected: str | None) -> None:
    assert resolve(href, BASE) == expected


@pytest.mark.parametrize("base", ["", "not a url", "http://[::1", "ftp://example.com/"])
def test_resolve_against_a_bad_base_never_raises(base: str) -> None:
    assert resolve("/a", base) is None
    assert resolve("https://example.com/a", base) == "https://example.com/a"


@pytest.mark.parametrize("href", [None, 5, b"https://example.com/"])
def test_resolve_of_a_non_string_is_none(href: object) -> None:
    assert resolve(href, BASE) is None  # type: ignore[arg-type]


def test_hosts_compare_without_www_and_port() -> None:
    hosts = host_keys(["www.Example.com", "127.0.0.1:8080", "[::1"])
    assert hosts == frozenset({"example.com", "127.0.0.1"})
    assert on_hosts("http://example.com/a", hosts)
    assert on_hosts("http://WWW.example.com./a", hosts)
    assert on_hosts("http://127.0.0.1:9999/a", hosts)
    assert not on_hosts("http://example.com.evil.org/a", hosts)
    assert not on_hosts("http://[::1/a", hosts)


def test_link_is_a_small_frozen_value() -> None:
    link = Link("https://example.com/a", "feed", title="t")
    with pytest.raises(AttributeError):
        link.url = "x"  # type: ignore[misc]
    assert not hasattr(link, "__dict__")  # slots: 200k links stay small
