"""The site replicas of ``tests/sites/`` (``tests/sites/README.md``) and their gold files.

Every URL the gold names is served as it says; the gold agrees with the pages (its paragraphs
and headline are on the page, its boilerplate lines are on the page but not in the body,
its disallowed URLs are disallowed by robots.txt and no spelling is); every page decodes
with the charset it declares; each profile is valid and its article pattern tells the gold's
articles from its listing pages; each ``server.json`` behaviour works; and the generated
folders are exactly what ``python -m tests.sites.generate`` writes.

These tests run their own servers: their requests must not show in the request logs of the
session's replicas (``site_replica``) nor spend their once-only failures.
"""

from __future__ import annotations

import codecs
import filecmp
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import lxml.html
import pytest
from protego import Protego

from newscrawl.sites import load_profile, read_profile_file
from tests.conftest import PROJECT, SHAPES, SITES, Replica, site_gold, start_replica
from tests.mockserver import SiteConfig

GENERATED = ("wordpress", "portal", "oldportal")
LISTING_KINDS = {"home", "section", "category", "tag", "author", "archive", "page", "form", "search"}
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)
XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_-]+)""")
UNDECLARED = "iso-8859-6"  # the one page that declares no charset (Elaph's 520001) is in it


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def fetch(url: str, follow: bool = True, retries: int = 1) -> Answer:
    """GET ``url``; 5xx answers are retried ``retries`` times, as a crawler would."""
    opener = build_opener() if follow else build_opener(NoRedirect)
    try:
        with opener.open(Request(url), timeout=10) as response:
            return Answer(response.status, dict(response.headers), response.read(), response.url)
    except HTTPError as error:
        if error.code >= 500 and retries:
            return fetch(url, follow, retries - 1)
        return Answer(error.code, dict(error.headers), error.read(), url)


def declared_charset(body: bytes, content_type: str = "") -> str | None:
    """The charset a page declares: its ``<meta>`` (or XML declaration), else its header."""
    found = META_CHARSET_RE.search(body[:4096]) or XML_ENCODING_RE.search(body[:200])
    if found:
        return found[1].decode("ascii")
    header = re.search(r"charset=([A-Za-z0-9_-]+)", content_type)
    return header[1] if header else None


def page_text(answer: Answer) -> str:
    """The visible text of a page, whitespace collapsed and invisible format marks removed."""
    charset = declared_charset(answer.body, answer.headers.get("Content-Type", "")) or UNDECLARED
    tree = lxml.html.document_fromstring(answer.body.decode(charset))
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    return normalise(tree.text_content())


def normalise(text: str) -> str:
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Replica]]:
    with ExitStack() as stack:
        yield {
            shape: stack.enter_context(start_replica(tmp_path_factory.mktemp(f"own-{shape}"), root=SITES / shape))
            for shape in SHAPES
        }


@pytest.fixture(scope="module")
def canonical_pages(servers: dict[str, Replica]) -> dict[str, dict[str, Answer]]:
    """shape -> canonical URL -> the page served there."""
    return {
        shape: {a["url"]: fetch(servers[shape].url(a["url"])) for a in site_gold(shape)["articles"]} for shape in SHAPES
    }


@pytest.mark.parametrize("shape", SHAPES)
def test_gold_is_well_formed(shape: str) -> None:
    gold = site_gold(shape)
    assert gold["shape"] == shape and gold["articles"]
    ids = [a["id"] for a in gold["articles"]]
    assert len(set(ids)) == len(ids)
    spellings = [u for a in gold["articles"] for u in a["urls"]]
    assert len(set(spellings)) == len(spellings), "a spelling belongs to two articles"
    for article in gold["articles"]:
        assert article["url"] in article["urls"]
        assert article["headline"] and all(article["paragraphs"])
        # A time with its offset, or a day alone (a page that gives only the day)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", article["datePublished"])
    assert not {n["url"] for n in gold["non_articles"]} & set(spellings)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_spelling_of_every_article_is_served(servers: dict[str, Replica], shape: str) -> None:
    failed = []
    for article in site_gold(shape)["articles"]:
        for spelling in article["urls"]:
            answer = fetch(servers[shape].url(spelling))
            if answer.status != 200 or "html" not in answer.headers.get("Content-Type", ""):
                failed.append((spelling, answer.status))
            elif normalise(article["headline"]) not in page_text(answer):
                failed.append((spelling, "headline missing"))
    assert failed == []


@pytest.mark.parametrize("shape", SHAPES)
def test_every_non_article_url_is_served(servers: dict[str, Replica], shape: str) -> None:
    answers = {n["url"]: fetch(servers[shape].url(n["url"])).status for n in site_gold(shape)["non_articles"]}
    expected = {n["url"]: n.get("status", 200) for n in site_gold(shape)["non_articles"]}
    assert answers == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_gold_paragraphs_are_on_the_page_and_boilerplate_is_not_in_them(
    canonical_pages: dict[str, dict[str, Answer]], shape: str
) -> None:
    for article in site_gold(shape)["articles"]:
        text = page_text(canonical_pages[shape][article["url"]])
        missing = [p for p in article["paragraphs"] if normalise(p) not in text]
        assert missing == [], article["url"]
        body = "\n".join(article["paragraphs"])
        for line in article["must_not_contain"]:
            assert line not in body, (article["url"], line)
            assert normalise(line) in text, (article["url"], line)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_page_decodes_with_the_charset_it_declares(shape: str) -> None:
    """Files as served (header from server.json): the declared charset decodes them; a page
    that declares none is one that server.json serves without a charset on purpose."""
    config = SiteConfig.load(SITES / shape)
    for file in sorted((SITES / shape).rglob("*")):
        if file.suffix not in {".html", ".xml", ".rss", ".php"} and file.name != "robots.txt":
            continue
        name = "/" + file.relative_to(SITES / shape).as_posix()
        body = file.read_bytes()
        charset = declared_charset(body, config.content_type(name))
        if charset is None:
            undeclared = body.isascii() or config.content_types.get(name) == "text/html"
            assert undeclared, f"{name} declares no charset"
            continue
        body.decode(charset)  # raises if the declaration lies


@pytest.mark.parametrize("shape", SHAPES)
def test_content_type_overrides_are_served(servers: dict[str, Replica], shape: str) -> None:
    """A file-level override is served as written, and where its charset differs from the
    page's own declaration it is a lie: it does not decode the page."""
    config = SiteConfig.load(SITES / shape)
    for name, content_type in config.content_types.items():
        if not name.startswith("/"):
            continue
        answer = fetch(servers[shape].url(name))
        assert (answer.status, answer.headers["Content-Type"]) == (200, content_type)
        header = re.search(r"charset=([A-Za-z0-9_-]+)", content_type)
        meta = declared_charset(answer.body)
        if header and meta and codecs.lookup(header[1]).name != codecs.lookup(meta).name:
            with pytest.raises(UnicodeDecodeError):
                answer.body.decode(header[1])


def test_lying_and_missing_charsets_exist() -> None:
    """The shapes that must have them do: a lying utf-8 header and a header with no charset."""
    for shape in ("elaph", "oldportal"):
        overrides = [v for k, v in SiteConfig.load(SITES / shape).content_types.items() if k.startswith("/")]
        assert "text/html; charset=utf-8" in overrides and "text/html" in overrides


@pytest.mark.parametrize("shape", SHAPES)
def test_server_redirects_and_statuses(tmp_path: Path, shape: str) -> None:
    config = SiteConfig.load(SITES / shape)
    with start_replica(tmp_path, root=SITES / shape) as server:  # fresh: once-only failures unspent
        for request, (status, location) in config.redirects.items():
            answer = fetch(server.url(request), follow=False)
            assert (answer.status, answer.headers.get("Location")) == (status, server.url(location)), request
        for request, answer_of in config.status.items():
            status, times = answer_of.status, answer_of.times
            for _ in range(times or 2):
                assert fetch(server.url(request), follow=False, retries=0).status == status, request
            if times:
                assert fetch(server.url(request), follow=False, retries=0).status == 200, request
    assert shape == "oldportal" or config.status, "each shape but the old portal has a failing or gone URL"


def test_old_portal_has_no_sitemap(servers: dict[str, Replica]) -> None:
    server = servers["oldportal"]
    robots = fetch(server.url("/robots.txt")).body.decode()
    assert "Sitemap" not in robots
    for path in ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml", "/news-sitemap.xml", "/feed/", "/rss.xml"):
        assert fetch(server.url(path)).status == 404, path
    rss = fetch(server.url("/rss.aspx"))
    assert rss.status == 200 and b'encoding="windows-1256"' in rss.body
    assert rss.body.decode("windows-1256").count("<item>") == 5


@pytest.mark.parametrize("shape", SHAPES)
def test_robots_txt_disallows_the_gold_disallowed_urls_and_no_spelling(servers: dict[str, Replica], shape: str) -> None:
    server, gold = servers[shape], site_gold(shape)
    robots = Protego.parse(fetch(server.url("/robots.txt")).body.decode("utf-8"))
    assert gold["disallowed"]
    assert [u for u in gold["disallowed"] if robots.can_fetch(server.url(u), "newscrawl")] == []
    spellings = [u for a in gold["articles"] for u in a["urls"]]
    assert [u for u in spellings if not robots.can_fetch(server.url(u), "newscrawl")] == []


@pytest.mark.parametrize("shape", SHAPES)
def test_profile_is_valid_and_its_pattern_finds_the_articles(shape: str) -> None:
    profile = load_profile("elaph") if shape == "elaph" else read_profile_file(SITES / shape / "profile.json")
    assert shape == "elaph" or "127.0.0.1" in profile.hosts
    assert profile.article_pattern is not None
    gold = site_gold(shape)
    for article in gold["articles"]:
        found = profile.article_pattern.search(article["url"])
        assert found and found["id"] == article["id"], article["url"]
    listings = [n["url"] for n in gold["non_articles"] if n["kind"] in LISTING_KINDS]
    assert [u for u in listings if profile.article_pattern.search(u)] == []


def test_generated_folders_are_what_the_generator_writes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.sites.generate", "--out", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for shape in GENERATED:
        (tmp_path / shape / "profile.json").write_bytes((SITES / shape / "profile.json").read_bytes())
        assert_same_tree(SITES / shape, tmp_path / shape)
    assert (tmp_path / "elaph" / "gold.json").read_bytes() == (SITES / "elaph" / "gold.json").read_bytes()


def assert_same_tree(committed: Path, generated: Path) -> None:
    comparison = filecmp.dircmp(committed, generated, ignore=["__pycache__"])
    stack = [comparison]
    while stack:
        current = stack.pop()
        assert (current.left_only, current.right_only) == ([], []), current.left
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        assert (mismatch, errors) == ([], []), current.left
        stack.extend(current.subdirs.values())


def test_site_replica_starts_a_shape_once_on_the_loopback_address_asked(site_replica: Callable[..., Replica]) -> None:
    server = site_replica("portal", host="127.0.0.2")
    assert server.base_url.startswith("http://127.0.0.2:") and server.root == SITES / "portal"
    assert site_replica("portal", host="127.0.0.2") is server
    robots = fetch(server.url("/robots.txt")).body.decode()
    assert f"Sitemap: {server.base_url}/sitemaps/index.xml" in robots
    assert server.requests()[-1] == "GET /robots.txt"
    with pytest.raises(ValueError, match="no replica 'nope'"):
        site_replica("nope")
