"""``newscrawl.extract``: one saved page's bytes → Article, as a crawl would make it, and the
``python -m newscrawl.extract`` command. Includes the charset matrix: an Arabic page in
windows-1256 or ISO-8859-6 comes out right however its charset is (mis)declared."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from newscrawl.extract import extract, page_response
from newscrawl.extraction.blocks import region_blocks
from newscrawl.extraction.generic import place_lines
from tests.conftest import ELAPH_SITE, PROJECT

HEADLINE = "وزارة الصحة تفتتح مستشفى جديداً في الضاحية الجنوبية لبيروت"
PARAGRAPHS = [
    "أعلنت وزارة الصحة اللبنانية صباح اليوم الأربعاء عن افتتاح مستشفى حكومي جديد في الضاحية الجنوبية للعاصمة بيروت، "
    "في خطوة قالت إنها تهدف إلى تخفيف الضغط عن المستشفيات الكبرى.",
    "وقال الوزير في مؤتمر صحافي عقده في مقر الوزارة إن المستشفى سيستقبل المرضى من جميع المناطق اللبنانية مجاناً "
    "خلال الأشهر الستة الأولى من تشغيله، على أن تتحمل الدولة كلفة العلاج.",
    "وأضاف أن الحكومة خصصت ميزانية إضافية لشراء الأجهزة الطبية الحديثة وتدريب الكوادر التمريضية، مشيراً إلى أن "
    "القسم الثاني من المشروع سيفتتح مطلع العام المقبل إذا سمحت الظروف المالية بذلك.",
    "ورحب نواب المنطقة بالخطوة، معتبرين أنها تأخرت سنوات طويلة، فيما طالب آخرون بتوسيع التجربة لتشمل مناطق "
    "الأطراف في الشمال والبقاع والجنوب حيث يعاني السكان من نقص حاد في الخدمات الصحية.",
]


def page(charset: str, meta: bool) -> bytes:
    declaration = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f"<html dir='rtl'><head>{declaration}<title>{HEADLINE} - صحيفة</title></head>"
        f"<body><div class='menu'><a href='/'>الرئيسية</a></div><h1>{HEADLINE}</h1>"
        f"<div class='article'>{body}</div><div class='footer'>جميع الحقوق محفوظة</div></body></html>"
    )
    return html.encode(charset)


DECLARATIONS = {
    "header": (True, False),
    "meta": (False, True),
    "both": (True, True),
    "nowhere": (False, False),
    "header-says-utf-8": ("utf-8", True),
    "header-says-iso-8859-1": ("iso-8859-1", True),
}


@pytest.mark.parametrize("charset", ["windows-1256", "iso-8859-6"])
@pytest.mark.parametrize("declaration", list(DECLARATIONS))
def test_arabic_legacy_charsets_come_out_right(charset: str, declaration: str) -> None:
    header, meta = DECLARATIONS[declaration]
    content_type = f"text/html; charset={header if isinstance(header, str) else charset}" if header else None
    result = extract(page(charset, meta), "https://news.example/2010/3/1.html", content_type=content_type)
    assert result.article is not None, result.skip
    assert result.article.headline == HEADLINE
    assert result.article.articleBody.split("\n") == PARAGRAPHS


def test_profile_is_chosen_by_host() -> None:
    body = (ELAPH_SITE / "Web/News/2025/11/1578701.html").read_bytes()
    result = extract(body, "https://elaph.com/Web/News/2025/11/1578701.html")
    assert result.article is not None and not result.fallback
    assert result.article.site == "elaph.com" and result.article.articleId == "1578701"
    other = extract(body, "https://mirror.example/Web/News/2025/11/1578701.html")
    assert other.article is not None and other.article.site is None  # no profile: generic extraction
    assert other.fallback


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.extract", *args], cwd=PROJECT, capture_output=True, text=True, timeout=60
    )


def test_cli_prints_the_article_json(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(page("windows-1256", meta=True))
    url = "https://news.example/2025/11/28/a.html"  # an article's address: no other sign of one on the page
    done = run_cli(str(saved), "--url", url, "--content-type", "text/html; charset=utf-8")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["headline"] == HEADLINE
    assert record["articleBody"].split("\n") == PARAGRAPHS
    assert set(record) >= {"url", "canonicalUrl", "datePublished", "authors", "inLanguage"}


def test_cli_explains_and_reports_non_articles(tmp_path: Path) -> None:
    video = ELAPH_SITE / "Web/Video/2025/11/1578708.html"
    done = run_cli(str(video), "--url", "https://elaph.com/Web/Video/2025/11/1578708.html", "--explain")
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"skip": "non_article/video"}
    elaph = run_cli(str(ELAPH_SITE / "Web/News/2025/11/1578701.html"), "--url", "https://elaph.com/x", "--explain")
    assert "# extraction: site selectors" in elaph.stderr
    assert "# removed (site_line): قراؤنا من مستخدمي إنستجرام" in elaph.stderr
    missing = run_cli(str(tmp_path / "nope.html"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_deeply_nested_page_is_extracted() -> None:
    """Issue 14 bug 8: the site-selector path walked the body recursively and raised
    RecursionError on ~1,500 nested divs."""
    paragraph = PARAGRAPHS[0]
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><h1 class='article-title'>{HEADLINE}</h1>"
        f"<div class='content-body'>{'<div>' * 1500}<p>{paragraph}</p>{'</div>' * 1500}</div></body></html>"
    )
    result = extract(html.encode(), "https://elaph.com/Web/News/2025/11/1578999.html")
    assert result.article is not None and not result.fallback
    assert result.article.articleBody == paragraph


def test_cli_explains_structural_removals(tmp_path: Path) -> None:
    related = "وزارة الصحة تطلق حملة تطعيم موسعة في المدارس"
    body = (
        f"<p>{PARAGRAPHS[0]}</p><p>طالع كذلك: <a href='/news/2.html'>{related}</a></p><p>{PARAGRAPHS[1]}</p>"
        f"<figure><img src='a.jpg'><figcaption>الوزير خلال الافتتاح</figcaption></figure><p>{PARAGRAPHS[2]}</p>"
    )
    saved = tmp_path / "page.html"
    saved.write_text(f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>{body}</body></html>")
    done = run_cli(str(saved), "--url", "https://news.example/a.html", "--explain")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articleBody"].split("\n") == PARAGRAPHS[:3]
    assert "# extraction: generic fallback, body from " in done.stderr
    assert f"# removed (related): طالع كذلك: {related}" in done.stderr
    assert "# removed (caption): الوزير خلال الافتتاح" in done.stderr


ABOUT = [
    "شبكة الأخبار موقع إخباري مستقل تأسس قبل عشرين عاماً، يقدم لقرائه تغطية يومية لأخبار السياسة والاقتصاد "
    "والرياضة والثقافة في العالم العربي، ويعمل فيه فريق من الصحافيين والمراسلين المنتشرين في العواصم العربية "
    "والأوروبية، ويحرص على الدقة والتوازن في نقل الأخبار.",
    "ويمكن لقرائنا التواصل مع فريق التحرير عبر البريد الإلكتروني أو الهاتف على مدار الساعة لإرسال ملاحظاتهم "
    "واقتراحاتهم حول ما ينشر على صفحات الموقع من أخبار وتقارير ومقالات رأي وتحقيقات.",
]


def test_text_in_a_table_cell_is_not_lost_to_other_text() -> None:
    """Trafilatura reads no table: on an old table layout it answered with the 60 words of an
    "about us" box, and that answer was taken because it had 40 words."""
    html = (
        f"<html><head><title>{HEADLINE} - شبكة الأخبار</title></head><body><table width='100%'><tr>"
        f"<td valign='top'><font size='5'><b>{HEADLINE}</b></font><br><br>{'<br><br>'.join(PARAGRAPHS)}</td>"
        f"</tr></table><div class='about'>{''.join(f'<p>{p}</p>' for p in ABOUT)}</div></body></html>"
    )
    result = extract(html.encode(), "https://news.example/2010/3/1.html")
    assert result.article is not None
    assert result.article.articleBody.split("\n") == PARAGRAPHS
    assert result.body_from == "container"


def test_headline_in_the_page_script_beats_an_english_json_ld_headline() -> None:
    ld = json.dumps({"@type": "NewsArticle", "headline": "Health ministry opens new hospital in Beirut suburb"})
    html = (
        f"<html><head><title>{HEADLINE}</title><script type='application/ld+json'>{ld}</script></head>"
        f"<body><h1>{HEADLINE}</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</body></html>"
    )
    result = extract(html.encode(), "https://news.example/a.html")
    assert result.article is not None and result.article.headline == HEADLINE


def test_body_in_a_next_js_state_recovers_the_blocks_that_hold_it() -> None:
    """The page's markup puts the article in a wrapper whose class says "related"; the app's
    state says which blocks are the article."""
    state = {
        "props": {
            "pageProps": {
                "article": {"title": HEADLINE, "blocks": [{"type": "paragraph", "text": p} for p in PARAGRAPHS]},
                "menu": [{"label": "الرئيسية"}, {"label": "أخبار"}],
            }
        }
    }
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>"
        f"<div class='article-related-layout'>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        f"<div class='about'>{''.join(f'<p>{p}</p>' for p in ABOUT)}</div>"
        f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state, ensure_ascii=False)}</script>"
        "</body></html>"
    )
    result = extract(html.encode(), "https://news.example/a.html")
    assert result.article is not None
    assert result.article.articleBody.split("\n") == PARAGRAPHS
    assert result.body_from == "structured data"


@pytest.mark.parametrize(
    ("lines", "placed"),
    [
        pytest.param(["أولى", "ثانية"], [0, 1], id="same-text"),
        pytest.param(["أولى ثانية"], [0, 1], id="run-together"),
        pytest.param(["عنوان خبر آخرعنوان خبر ثالث"], [2, 3], id="run-together-without-bullets"),
        pytest.param(["ثانية عنوان خبر آخر"], [1, 2], id="paragraph-joined-to-furniture"),
        pytest.param(["سطر لا تحمله أي كتلة"], ["سطر لا تحمله أي كتلة"], id="not-found"),
        pytest.param(["نص مخفي"], [], id="hidden"),
    ],
)
def test_place_lines(lines: list[str], placed: list[int | str]) -> None:
    """Trafilatura's lines on the page's blocks, whatever spaces or punctuation it dropped."""
    root = lxml.html.fromstring(
        "<div><p>أولى</p><p>ثانية</p><p>- <a href='/a'>عنوان خبر آخر</a></p>"
        "<p>- <a href='/b'>عنوان خبر ثالث</a></p></div>"
    )
    blocks = region_blocks(root).blocks
    assert place_lines(lines, blocks, [("hidden", "نص مخفي")])[0] == placed


def test_kicker_above_the_headline_is_not_body() -> None:
    """Trafilatura keeps a kicker written as a paragraph above the ``<h1>`` (a Persian
    روتیتر, an Arabic "X يعلن:"), though the headline itself is not among its lines."""
    html = (
        f"<html><head><title>{HEADLINE}</title></head><body><div class='head'><p>رئيس الحكومة يعلن:</p>"
        f"<h1>{HEADLINE}</h1></div><div class='news'>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div></body></html>"
    )
    result = extract(html.encode(), "https://news.example/a.html")
    assert result.article is not None
    assert result.article.articleBody.split("\n") == PARAGRAPHS
    assert ("kicker", "رئيس الحكومة يعلن:") in result.removed


def test_the_python_api_takes_bytes_or_text() -> None:
    """``from newscrawl import extract_article`` (README): the crawl's record from the bytes
    as served or from decoded text; a non-article page gives its reason."""
    from newscrawl import extract_article
    from newscrawl.items import Article

    path = next((ELAPH_SITE / "Web" / "News").rglob("*.html"))
    url = "https://elaph.com/" + path.relative_to(ELAPH_SITE).as_posix()
    from_bytes = extract_article(path.read_bytes(), url)
    text = page_response(path.read_bytes(), url).text  # the replica's pages are not all UTF-8
    from_text = extract_article(text, url)
    assert isinstance(from_bytes, Article) and from_bytes.headline and from_bytes.site == "elaph.com"
    assert from_text.articleBody == from_bytes.articleBody  # type: ignore[union-attr]
    assert extract_article("<html><body><p>لا شيء</p></body></html>", url) == "short_body"
