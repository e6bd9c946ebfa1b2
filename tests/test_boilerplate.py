"""Tests for :mod:`newscrawl.extraction.boilerplate`.

Text rules, with the Elaph site profile: ``BoilerplateRules.for_site(profile.boilerplate_lines,
profile.comments_start)`` and ``filter_paragraphs`` — Elaph's promo lines, generic anchored
patterns, empty lines, repeated headlines, date-only lines and the page-tools row are removed
with the right reason; real sentences that merely contain a boilerplate word survive
*unchanged* (whole paragraphs are removed, never substrings); the body is cut at the comments
heading / disclaimer once a body paragraph was kept.

Structural rules, on small bodies: each kind of furniture between real paragraphs is removed
with its reason, in any wording; article text that resembles furniture (a sentence with a
link, a linked agency credit, a quotation, a subheading, class names that merely contain a
furniture word, a page-wide ``<form>``) is kept; bylines go to ``authors``.
"""

from __future__ import annotations

import lxml.html
import pytest

from newscrawl.extraction.blocks import region_blocks
from newscrawl.extraction.boilerplate import (
    SHORT_PARAGRAPH_WORDS,
    BoilerplateRules,
    FilterResult,
    StructureResult,
    byline,
    filter_paragraphs,
    structural_filter,
)
from newscrawl.sites import SiteProfile, load_profile

HEADLINE = "اجتماع لوزراء دفاع الدول المشاركة في محاربة داعش في باريس"
BODY = [
    "اجتمع وزراء دفاع الدول المشاركة في التحالف الدولي ضد تنظيم داعش في باريس لبحث الخطوات المقبلة.",
    "وقال وزير الدفاع الفرنسي إن التحالف سيواصل دعم القوات المحلية في العراق وسوريا حتى هزيمة التنظيم.",
]
COMMENTS_HEADING = "التعليقات"
COMMENTS_DISCLAIMER = "جميع التعليقات المنشورة تعبر عن رأي كتّابها ولا تعبر بالضرورة عن رأي إيلاف"
COMMENTS = ["مقال رائع وتحليل دقيق للأوضاع", "أتفق مع الكاتب في كل ما قاله"]


@pytest.fixture(scope="module")
def profile() -> SiteProfile:
    return load_profile("elaph")


@pytest.fixture(scope="module")
def rules(profile: SiteProfile) -> BoilerplateRules:
    return BoilerplateRules.for_site(profile.boilerplate_lines, profile.comments_start)


def _removed_reasons(result: FilterResult) -> list[str]:
    return [reason for reason, _ in result.removed]


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        pytest.param("قراؤنا من مستخدمي إنستجرام", "site_line", id="promo-instagram-readers"),
        pytest.param(
            "يمكنكم الآن متابعة آخر الأخبار مجاناً من خلال حسابنا على إنستجرام",
            "site_line",
            id="promo-instagram-follow",
        ),
        pytest.param("إيلاف .. تجربة فريدة واحترافية بتميزها وتنوعها وتصميمها الجديد", "site_line", id="banner"),
        pytest.param("-", "empty", id="lone-dash"),
        pytest.param("…", "empty", id="lone-ellipsis"),
        pytest.param("جميع الحقوق محفوظة © 2025", "pattern", id="all-rights-reserved"),
        pytest.param("حقوق النشر محفوظة لـ إيلاف", "pattern", id="copyright"),
        pytest.param("أرسل إلى صديق | طباعة | حفظ", "pattern", id="page-tools-row"),
        pytest.param("الأحد 14 مارس 2010", "date", id="date-only-line"),
        pytest.param("الأربعاء 20 يناير 2016 - 15:30 GMT", "date", id="date-time-line"),
    ],
)
def test_boilerplate_paragraph_removed(rules: BoilerplateRules, paragraph: str, reason: str) -> None:
    assert rules.reason(paragraph) == reason
    result = filter_paragraphs([BODY[0], paragraph, BODY[1]], rules, headline=HEADLINE)
    assert result.kept == BODY
    assert result.removed == [(reason, paragraph)]


LONG_FOLLOW_PARAGRAPH = (
    "تابعونا خلال الأيام المقبلة حيث نقدم لكم تغطية شاملة ومفصلة لكل مجريات الانتخابات البرلمانية "
    "في جميع المحافظات والمدن الكبرى"
)


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(HEADLINE, id="headline-with-musharaka"),
        pytest.param("أكد إعلان الوزارة أن المفاوضات ستستأنف الأسبوع المقبل", id="contains-ilan"),
        pytest.param("قررت الحكومة تخصيص مليار دولار لإعادة إعمار المدينة", id="contains-takhsis"),
        pytest.param("وقالت إن اللجنة ستتابع عملها حتى نهاية الشهر الجاري", id="contains-satatabi"),
        pytest.param("وقال مصدر إن الوزير تابع جولته في المنطقة أمس", id="contains-tabi"),
        pytest.param("وأعلن الجيش وصول المزيد من القوات إلى المدينة", id="contains-al-mazid-min"),
        pytest.param("وأكد أن الدول المشاركة في الاجتماع اتفقت على خطة جديدة", id="contains-musharaka"),
        pytest.param(LONG_FOLLOW_PARAGRAPH, id="long-paragraph-starting-with-tabiuna"),
        pytest.param(
            "وقع الانفجار يوم الأحد 14 مارس 2010 في وسط المدينة وأسفر عن سقوط عدد من الضحايا",
            id="long-sentence-with-date",
        ),
        pytest.param("وصل الوزير إلى باريس الأحد 14 مارس 2010", id="short-sentence-with-date"),
        pytest.param("نشر في 20 يناير 2016 خبر عاجل", id="date-line-with-extra-words"),
    ],
)
def test_real_text_survives_intact(rules: BoilerplateRules, paragraph: str) -> None:
    assert rules.reason(paragraph, headline_key="") is None
    result = filter_paragraphs([BODY[0], paragraph, BODY[1]], rules)
    assert result.kept == [BODY[0], paragraph, BODY[1]]
    assert result.removed == []


def test_long_tabiuna_paragraph_is_over_the_short_limit() -> None:
    """The long survivor above is only safe because it is longer than the short-paragraph limit."""
    assert len(LONG_FOLLOW_PARAGRAPH.split()) > SHORT_PARAGRAPH_WORDS


def test_comments_cut_after_body(rules: BoilerplateRules) -> None:
    paragraphs = [*BODY, COMMENTS_HEADING, *COMMENTS, COMMENTS_DISCLAIMER]
    result = filter_paragraphs(paragraphs, rules, headline=HEADLINE)
    assert result.kept == BODY
    assert result.removed == [("comments", p) for p in [COMMENTS_HEADING, *COMMENTS, COMMENTS_DISCLAIMER]]


def test_comments_cut_at_disclaimer(rules: BoilerplateRules) -> None:
    """The disclaimer alone also starts the comments (it is one of Elaph's comments_start lines)."""
    paragraphs = [*BODY, COMMENTS_DISCLAIMER, *COMMENTS]
    result = filter_paragraphs(paragraphs, rules)
    assert result.kept == BODY
    assert _removed_reasons(result) == ["comments"] * 3


def test_comments_heading_before_body_removes_only_itself(rules: BoilerplateRules) -> None:
    paragraphs = [COMMENTS_HEADING, *BODY]
    result = filter_paragraphs(paragraphs, rules)
    assert result.kept == BODY
    assert result.removed == [("comments", COMMENTS_HEADING)]


def test_comments_heading_after_removed_boilerplate_only(rules: BoilerplateRules) -> None:
    """Removed boilerplate does not count as a body paragraph: no cut yet."""
    paragraphs = ["-", COMMENTS_HEADING, *BODY]
    result = filter_paragraphs(paragraphs, rules)
    assert result.kept == BODY
    assert result.removed == [("empty", "-"), ("comments", COMMENTS_HEADING)]


def test_paragraph_equal_to_headline_removed(rules: BoilerplateRules) -> None:
    result = filter_paragraphs([HEADLINE, *BODY], rules, headline=HEADLINE)
    assert result.kept == BODY
    assert result.removed == [("headline", HEADLINE)]


def test_headline_repeat_matches_on_match_key(rules: BoilerplateRules) -> None:
    """A copy of the headline with other hamza/ة spelling and an invisible mark is still the headline."""
    variant = "\u200fاجتماع لوزراء دفاع الدول المشاركه في محاربة داعش في باريس"
    result = filter_paragraphs([variant, *BODY], rules, headline=HEADLINE)
    assert result.kept == BODY
    assert _removed_reasons(result) == ["headline"]


def test_headline_text_kept_without_headline(rules: BoilerplateRules) -> None:
    """Without a headline to compare with, the same paragraph is ordinary text."""
    result = filter_paragraphs([HEADLINE, *BODY], rules)
    assert result.kept == [HEADLINE, *BODY]


def test_full_elaph_body(rules: BoilerplateRules) -> None:
    """A body in the shape of the test site's 1578701 page, with every kind of noise."""
    paragraphs = [
        HEADLINE,
        "الأحد 14 مارس 2010",
        BODY[0],
        "-",
        "قراؤنا من مستخدمي إنستجرام",
        "يمكنكم الآن متابعة آخر الأخبار مجاناً من خلال حسابنا على إنستجرام",
        BODY[1],
        "إيلاف .. تجربة فريدة واحترافية بتميزها وتنوعها وتصميمها الجديد",
        "أرسل إلى صديق | طباعة | حفظ",
        COMMENTS_HEADING,
        *COMMENTS,
        COMMENTS_DISCLAIMER,
    ]
    result = filter_paragraphs(paragraphs, rules, headline=HEADLINE)
    assert result.kept == BODY
    assert _removed_reasons(result) == [
        "headline",
        "date",
        "empty",
        "site_line",
        "site_line",
        "site_line",
        "pattern",
        "comments",
        "comments",
        "comments",
        "comments",
    ]
    assert len(result.kept) + len(result.removed) == len(paragraphs)


# --- Structure: furniture told by shape and place (rules 1–4) ---------------------------

PARAGRAPHS = [
    "قال وزير الاقتصاد في مؤتمر صحافي عقده صباح اليوم إن الحكومة ستطلق خطة جديدة لدعم الصناعات المحلية "
    "خلال الأشهر المقبلة.",
    "وأضاف أن الخطة تشمل إعفاءات ضريبية للمصانع الصغيرة وقروضاً ميسرة للشباب، إلى جانب برامج تدريب في المحافظات.",
    "ورحبت غرف التجارة بالخطوة، مؤكدة أنها ستتابع تنفيذها عن كثب مع الوزارة.",
]
A, B, C = (f"<p>{p}</p>" for p in PARAGRAPHS)


def structure(body_html: str, headline: str | None = None) -> StructureResult:
    root = lxml.html.fromstring(f"<div class='body'>{body_html}</div>")
    return structural_filter(region_blocks(root), headline)


def _reasons(result: StructureResult) -> list[str]:
    return [reason for reason, _ in result.removed]


@pytest.mark.parametrize(
    ("furniture", "reasons"),
    [
        pytest.param(
            '<p>طالع كذلك: <a href="/n/1">ارتفاع أسعار الذهب في الأسواق العالمية</a></p>',
            ["related"],
            id="inline-label-any-wording",
        ),
        pytest.param(
            '<p><a href="/n/1">ارتفاع أسعار الذهب في الأسواق العالمية</a></p>', ["related"], id="link-only-paragraph"
        ),
        pytest.param(
            '<h4>ننصحك بقراءة</h4><p><a href="/n/1">ارتفاع أسعار الذهب عالمياً</a></p>'
            '<p><a href="/n/2">انخفاض أسعار النفط بعد بيانات المخزون</a></p>',
            ["related"] * 3,
            id="label-and-link-run",
        ),
        pytest.param(
            '<ul><li><a href="/n/1">ارتفاع أسعار الذهب عالمياً</a> <small>12/11/2025</small></li>'
            '<li><a href="/n/2">انخفاض أسعار النفط بعد البيانات</a> <small>11/11/2025</small></li></ul>',
            ["related"] * 2,
            id="list-with-dates",
        ),
        pytest.param(
            '<table><tr><td><b>روابط</b></td></tr><tr><td><a href="/n/1">ارتفاع أسعار الذهب عالمياً</a></td>'
            '<td><a href="/n/2">انخفاض أسعار النفط</a></td></tr></table>',
            ["related"] * 3,
            id="table-box",
        ),
        pytest.param(
            '<figure><img src="a.jpg"><figcaption>الوزير خلال المؤتمر</figcaption></figure>', ["caption"], id="figure"
        ),
        pytest.param(
            '<p><img src="a.jpg"><br>الوزير خلال المؤتمر الصحافي أمس</p>',
            ["caption"],
            id="caption-after-image-same-element",
        ),
        pytest.param('<div><img src="a.jpg"></div><p>تصوير: أحمد سالم</p>', ["caption"], id="credit-after-image"),
        pytest.param(
            '<blockquote class="twitter-tweet"><p>نؤكد دعمنا الكامل للخطة الجديدة</p>&mdash; الوزارة '
            '<a href="https://twitter.com/x/status/1">November 12, 2025</a></blockquote>',
            ["embed", "embed"],
            id="tweet",
        ),
        pytest.param(
            '<div class="x"><iframe src="https://www.youtube.com/embed/a"></iframe><p>فيديو: المؤتمر</p></div>',
            ["embed"],
            id="player-box",
        ),
        pytest.param(
            '<div class="x"><p>اشترك في نشرتنا البريدية</p><input type="email"><button>اشترك</button></div>',
            ["newsletter"],
            id="form-box",
        ),
        pytest.param(
            '<p>تابعونا على <a href="https://twitter.com/x">تويتر</a> و<a href="https://facebook.com/x">فيسبوك</a></p>',
            ["share"],
            id="follow-us",
        ),
        pytest.param(
            '<p>تابعوا آخر الأخبار عبر <a href="https://news.google.com/publications/x">غوغل نيوز</a></p>',
            ["share"],
            id="follow-google-news",
        ),
        pytest.param(
            '<div><span>شارك الخبر</span><a href="https://www.facebook.com/sharer/sharer.php?u=x"><svg></svg></a>'
            '<a href="https://twitter.com/intent/tweet?url=x"><svg></svg></a></div>',
            ["share"],
            id="share-icons",
        ),
        pytest.param('<div><span>إعلان</span><ins class="adsbygoogle"></ins></div>', ["ad"], id="ad-slot-label"),
        pytest.param(
            '<p>الكلمات الدالة : <a href="/tag/1">الاقتصاد</a> <a href="/tag/2">الصناعة المحلية</a></p>',
            ["related"],
            id="tags-line",
        ),
        pytest.param(
            '<div hidden>نص مخفي عن القارئ</div><p style="display: none">نص آخر مخفي</p>',
            ["hidden", "hidden"],
            id="hidden",
        ),
        pytest.param(
            '<div class="author-box"><a href="/author/3">سامر الخطيب</a><p>صحافي اقتصادي.</p></div>',
            ["byline", "byline"],
            id="author-box",
        ),
    ],
)
def test_furniture_between_paragraphs_is_removed(furniture: str, reasons: list[str]) -> None:
    result = structure(A + furniture + B + C)
    assert result.kept == PARAGRAPHS
    assert sorted(_reasons(result)) == sorted(reasons)


@pytest.mark.parametrize(
    "body_html",
    [
        pytest.param(
            f'<p>وقالت <a href="/tag/1">وزارة الاقتصاد</a> في بيان إن الخطة ستبدأ الشهر المقبل.</p>{B}',
            id="sentence-with-link",
        ),
        pytest.param(f'{A}<p>--(<a href="/agency">بترا</a>)</p>', id="linked-agency-credit"),
        pytest.param(
            f"{A}<blockquote>لن نتراجع عن دعم الصناعة الوطنية مهما كانت الظروف</blockquote>{B}",
            id="quote-in-blockquote",
        ),
        pytest.param(f"{A}<h3>ردود الفعل</h3>{B}", id="subheading"),
        pytest.param(
            f'{A}<p>وكتب الوزير على <a href="https://twitter.com/x">حسابه في تويتر</a>: «لن نتراجع عن الخطة».</p>',
            id="sentence-quoting-a-tweet",
        ),
        pytest.param(f'<div class="node-not-promoted no-share">{A}{B}</div>', id="class-words-inside-words"),
        pytest.param(f'<form id="aspnetForm"><div>{A}{B}{C}</div></form>', id="page-wide-form"),
    ],
)
def test_article_text_is_kept(body_html: str) -> None:
    root = lxml.html.fromstring(f"<div>{body_html}</div>")
    expected = [
        " ".join(t.split())
        for t in (e.text_content() for e in root.xpath("./*//p | ./p | ./*/blockquote | ./blockquote | ./h3"))
    ]
    assert structure(body_html).kept == expected


def test_inline_hidden_text_leaves_its_paragraph() -> None:
    result = structure('<p>قال الوزير <span class="sr-only">نص للقارئ الآلي</span>إن الخطة جاهزة.</p>')
    assert result.kept == ["قال الوزير إن الخطة جاهزة."]
    assert result.removed == [("hidden", "نص للقارئ الآلي")]


def test_kicker_before_the_headline_and_continued_marker_after_the_text() -> None:
    headline = "الحكومة تطلق خطة لدعم الصناعات المحلية"
    result = structure(f"<p>خاص</p><h1>{headline}</h1>{A}{B}<p>(يتبع)</p>", headline)
    assert result.kept == [headline, *PARAGRAPHS[:2]]  # the headline line itself is a text rule's
    assert _reasons(result) == ["kicker", "continued"]


def test_continued_word_inside_a_sentence_is_text() -> None:
    line = "<p>وقال إن الفريق يتبع خطة واضحة منذ بداية الموسم.</p>"
    assert structure(A + line).kept == [PARAGRAPHS[0], "وقال إن الفريق يتبع خطة واضحة منذ بداية الموسم."]


def test_leading_byline_line_goes_to_authors() -> None:
    result = structure(f"<p><strong>كتب - سامر الخطيب - القاهرة</strong></p>{A}{B}")
    assert result.kept == PARAGRAPHS[:2]
    assert _reasons(result) == ["byline"]
    assert result.authors == ["سامر الخطيب"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("كتب - سامر الخطيب", (True, "سامر الخطيب")),
        ("كتبت: ليلى منصور", (True, "ليلى منصور")),
        ("بقلم خالد العمري", (True, "خالد العمري")),
        ("حوار: آسيا العتروس", (True, "آسيا العتروس")),
        ("إعداد – هدى الشامي", (True, "هدى الشامي")),
        ("كتب - حسام أبو العلا - القاهرة", (True, "حسام أبو العلا")),
        ("كتب: يوسف بن علي، مراسل الشؤون السياسية", (True, "يوسف بن علي")),
        ("By John Smith", (True, "John Smith")),
        ("إعداد: فريق التحرير", (True, None)),
        ("تقرير: وكالة الأنباء الرسمية", (True, None)),
        ("كتب الرئيس رسالة إلى نظيره الفرنسي", (False, None)),
        ("كتب المحلل أن الأسواق ستتراجع.", (False, None)),
        ("قال الوزير إن الخطة جاهزة", (False, None)),
    ],
)
def test_byline(line: str, expected: tuple[bool, str | None]) -> None:
    assert byline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(
            '<p>حمّل تطبيقنا: <a href="https://play.google.com/store/apps/details?id=x">Google Play</a> '
            '<a href="https://apps.apple.com/app/id1">App Store</a></p>',
            id="app-prompt",
        ),
        pytest.param(
            '<p>تابعونا <a href="https://t.me/news">على تلغرام</a> لآخر الأخبار</p>', id="follow-words-around"
        ),
    ],
)
def test_short_line_linking_to_social_networks_or_app_stores_is_a_prompt(line: str) -> None:
    div = lxml.html.fromstring(f"<div>{PARAGRAPHS[0]}<br><br>{line}{PARAGRAPHS[1]}</div>")
    result = structural_filter(region_blocks(div))
    assert result.kept == PARAGRAPHS[:2]
    assert _reasons(result) == ["share"]


def test_byline_line_before_related_links_is_a_byline() -> None:
    links = (
        '<ul><li><a href="/n/1">ارتفاع أسعار الذهب عالمياً</a></li><li><a href="/n/2">انخفاض أسعار النفط</a></li></ul>'
    )
    result = structure(f"<p>بقلم - ليلى منصور</p>{links}{A}{B}")
    assert result.kept == PARAGRAPHS[:2]
    assert _reasons(result) == ["byline", "related", "related"]
    assert result.authors == ["ليلى منصور"]
