"""Tests for :mod:`newscrawl.extraction.blocks`: a region read as paragraphs with their structure.

Text written directly in a container (split by ``<br>`` or empty ``<p>``) is paragraphs;
inline markup never splits one; link text is measured per block, with where the other words
sit; hidden elements are never read; roles come from the elements around a block (not from
the region's own element, and a tag or class role only for an element of furniture size);
any depth of nesting is walked.
"""

from __future__ import annotations

import lxml.html
import pytest
from parsel import Selector

from newscrawl.extraction.blocks import ROLE_MAX_WORDS, Block, region_blocks


def blocks_of(html: str) -> list[Block]:
    return region_blocks(lxml.html.fromstring(html)).blocks


@pytest.mark.parametrize(
    ("html", "texts"),
    [
        pytest.param("<div>أولى<br><br>ثانية<br>ثالثة</div>", ["أولى", "ثانية", "ثالثة"], id="br-in-div"),
        pytest.param("<div><p></p>أولى<p>&nbsp;</p>ثانية<p></p></div>", ["أولى", "ثانية"], id="between-empty-p"),
        pytest.param("<td>نص <b>عريض</b> و<a href='/x'>رابط</a> معاً</td>", ["نص عريض ورابط معاً"], id="inline-joins"),
        pytest.param("<div>قبل<div>داخل</div>بعد</div>", ["قبل", "داخل", "بعد"], id="text-around-a-block"),
        pytest.param("<div>أ<script>var x = 1;</script>ب<!-- تعليق -->ج</div>", ["أبج"], id="script-and-comment"),
    ],
)
def test_paragraphs(html: str, texts: list[str]) -> None:
    assert [b.text for b in blocks_of(html)] == texts


@pytest.mark.parametrize(
    ("html", "is_links"),
    [
        pytest.param("<p><a href='/n/1'>عنوان خبر آخر من الموقع</a></p>", True, id="link-only"),
        pytest.param("<p>اقرأ أيضاً: <a href='/n/1'>عنوان خبر آخر من الموقع</a></p>", True, id="label-before"),
        pytest.param("<p><a href='/n/1'>عنوان خبر آخر من الموقع</a> 12/11/2025</p>", True, id="date-after"),
        pytest.param(
            "<p>قال <a href='/n/1'>الرئيس الأمريكي دونالد ترامب</a> إنه سيزور</p>", False, id="words-both-sides"
        ),
        pytest.param(
            "<p>وأكد <a href='/t/1'>الوزير</a> أن الحكومة ماضية في خطتها رغم الانتقادات</p>", False, id="sentence"
        ),
        pytest.param("<p><a href='#note1'>عنوان داخل الصفحة نفسها</a></p>", False, id="in-page-anchor"),
        pytest.param("<p>--(<a href='/agency'>بترا</a>)</p>", False, id="one-linked-word"),
    ],
)
def test_link_blocks(html: str, is_links: bool) -> None:
    (block,) = blocks_of(html)
    assert block.is_links is is_links


@pytest.mark.parametrize(
    "hidden",
    [
        "<div hidden>مخفي</div>",
        '<div style="display: none">مخفي</div>',
        '<div style="VISIBILITY:hidden">مخفي</div>',
        '<div aria-hidden="true">مخفي</div>',
        '<span class="sr-only">مخفي</span>',
        '<div class="d-none">مخفي</div>',
    ],
)
def test_hidden_elements_are_not_read(hidden: str) -> None:
    region = region_blocks(lxml.html.fromstring(f"<div><p>ظاهر</p>{hidden}</div>"))
    assert [b.text for b in region.blocks] == ["ظاهر"]
    assert [(reason, text) for _, reason, text in region.unread] == [("hidden", "مخفي")]


def test_responsive_d_none_is_shown() -> None:
    assert [b.text for b in blocks_of('<div><div class="d-none d-md-block">ظاهر</div></div>')] == ["ظاهر"]


def test_roles_come_from_furniture_sized_elements_only() -> None:
    words = " ".join(["كلمة"] * (ROLE_MAX_WORDS + 1))
    small = blocks_of(f'<div><div class="share-box"><p>شارك الخبر</p></div><p>{words}</p></div>')
    assert [b.role for b in small] == ["share", None]
    wide = blocks_of(f'<div><div class="post author-admin"><p>{words}</p></div></div>')
    assert [b.role for b in wide] == [None]
    region_root = blocks_of('<div class="comments-open share"><p>نص الخبر</p></div>')
    assert [b.role for b in region_root] == [None]


def test_image_before_text() -> None:
    same, near, far = blocks_of(
        '<div><p><img src="a.jpg"><br>تعليق الصورة</p><div><img src="b.jpg"></div><p>تصوير: فلان</p>'
        '<div><img src="c.jpg"></div><div></div><p>فقرة بعيدة</p></div>'
    )
    assert (same.image, near.image, far.image) == ("same", "near", None)


def test_deep_nesting_is_walked() -> None:
    """Issue 14 bug 8: a recursive walk failed on ~1,500 nested divs (the page parser, as a
    crawl uses it, keeps such a tree)."""
    html = "<html><body>" + "<div>" * 1500 + "<p>نص في العمق</p>" + "</div>" * 1500 + "</body></html>"
    body = Selector(text=html).css("body")[0].root
    assert [b.text for b in region_blocks(body).blocks] == ["نص في العمق"]
