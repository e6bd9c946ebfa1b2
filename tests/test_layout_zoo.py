"""The layout zoo (:mod:`tests.layout_zoo`): on every generated page — each kind of furniture
in each position and markup, on current and old table layouts, through generic extraction and
through the Elaph profile's selectors — the body is exactly the story's own paragraphs, the
headline is the story's, and a byline that names a person gives ``authors``."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract
from tests.layout_zoo import ZooPage, zoo

VISIBLE = zoo()


@pytest.mark.parametrize("page", VISIBLE, ids=[page.name for page in VISIBLE])
def test_zoo_page(page: ZooPage) -> None:
    result = extract(page.html.encode("utf-8"), page.url, content_type="text/html; charset=utf-8")
    assert result.article is not None, result.skip
    assert result.article.articleBody.split("\n") == page.paragraphs
    assert result.article.headline == page.headline
    if page.authors:
        assert [author["name"] for author in result.article.authors] == page.authors
    assert result.fallback is (not page.url.startswith("https://elaph.com/"))
