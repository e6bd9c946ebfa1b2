"""The layout zoo (:mod:`tests.layout_zoo`): on every generated page — each kind of furniture
in each position and markup, on current and old table layouts, through generic extraction and
through the Elaph profile's selectors — the body is exactly the story's own paragraphs, the
headline is the story's, and a byline that names a person gives ``authors``.

The held-back part was measured once the rules were written (311 of 335 bodies exact at
a6c7e81: app prompts whose store links are under half their text, and bullet-prefixed link
lines that trafilatura ran together); it is tested here with the rest since."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract
from tests.layout_zoo import ZooPage, zoo

PAGES = [*zoo(), *zoo(held_back=True)]


@pytest.mark.parametrize("page", PAGES, ids=[("held-back/" if page.held_back else "") + page.name for page in PAGES])
def test_zoo_page(page: ZooPage) -> None:
    result = extract(page.html.encode("utf-8"), page.url, content_type="text/html; charset=utf-8")
    assert result.article is not None, result.skip
    assert result.article.articleBody.split("\n") == page.paragraphs
    assert result.article.headline == page.headline
    if page.authors:
        assert [author["name"] for author in result.article.authors] == page.authors
    assert result.fallback is (not page.url.startswith("https://elaph.com/"))
