"""The layout zoo: generated article pages that put each kind of page furniture in each
position, in several markups, on current and old layouts — each page knows its exact body.

A page is one story (a headline and its paragraphs, Arabic news prose written for these
tests) laid out in one of :data:`LAYOUTS`, with furniture inserted into the body:

- ``layout``: ``current`` (``<article>``, ``<div>``, ``<p>``), ``divbr`` (the text sits
  directly in a ``<div>``, split by ``<br><br>``), ``emptyp`` (text between empty ``<p>``),
  ``table`` (an old table layout, text in a ``<td>`` split by ``<br>``) and ``elaph`` (the
  Elaph profile's markup on an elaph.com URL: the site-selector path);
- ``kind`` of furniture (:data:`KINDS`): related links as a box, an inline "read also"
  paragraph, a label followed by a run of link-only paragraphs, a bare list, a table;
  captions and credits; a kicker above the headline; bylines and author boxes; social embeds
  and video players; hidden text; newsletter/app prompts; "continued" markers;
- ``position``: ``top`` (before the first paragraph), ``between`` (after a paragraph),
  ``end`` (after the last one), ``inside`` (nested in the element that holds a paragraph);
- ``markup``: several per kind, and the label wordings of :data:`LABELS`.

The expected record is the story's own words: ``paragraphs`` exactly (a paragraph that
merely contains a link keeps it), ``headline``, and ``authors`` for pages whose byline names
a person.

**Held back.** Some markups and wordings (``held_back=True``) and the mixed pages of seeds
:data:`HELD_BACK_SEEDS` were decided when the zoo was written and kept out of sight while the
rules were written; :func:`zoo` gives them only with ``held_back=True``, so that their
figures estimate how the rules do on layouts nobody tuned them to.

``python -m tests.layout_zoo [--held-back] [--failures]`` prints the figures.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape

# --------------------------------------------------------------------------------------
# Content: stories, related headlines, names, captions (fictional, written for the zoo).
# "[[…]]" marks a link inside a paragraph's sentence; "## " marks a subheading.


@dataclass(frozen=True)
class Story:
    headline: str
    paragraphs: tuple[str, ...]
    description: str


STORIES: tuple[Story, ...] = (
    Story(
        "البنك المركزي يرفع سعر الفائدة ربع نقطة لكبح التضخم",
        (
            "قرر البنك المركزي، في ختام اجتماع لجنة السياسة النقدية مساء الخميس، رفع سعر الفائدة الرئيسي "
            "بمقدار ربع نقطة مئوية، في خطوة قال إنها تهدف إلى كبح التضخم الذي تجاوز توقعات المحللين للشهر "
            "الثالث على التوالي.",
            "وأوضح البنك في بيان أن معدل التضخم السنوي بلغ 6.8 في المئة خلال الشهر الماضي، مدفوعاً بارتفاع "
            "أسعار الغذاء والطاقة وتراجع سعر صرف العملة المحلية أمام الدولار.",
            "## ردود فعل الأسواق",
            "وتراجعت مؤشرات البورصة في التعاملات المبكرة صباح الجمعة، فيما ارتفعت عوائد السندات الحكومية "
            "قصيرة الأجل إلى أعلى مستوى لها منذ عامين، بحسب بيانات نشرتها [[هيئة الأوراق المالية]] على "
            "موقعها الإلكتروني.",
            "وقال محللون إن القرار كان متوقعاً على نطاق واسع، لكنهم حذروا من أن استمرار رفع الفائدة قد يبطئ "
            "نمو القطاع الخاص ويزيد كلفة الاقتراض على الشركات الصغيرة والمتوسطة.",
            "ومن المقرر أن تجتمع اللجنة مجدداً في يناير المقبل.",
        ),
        "البنك المركزي يرفع الفائدة ربع نقطة مئوية بعد أن تجاوز التضخم توقعات المحللين للشهر الثالث.",
    ),
    Story(
        "أمطار غزيرة تغمر أحياء في المدينة الساحلية وإجلاء مئات العائلات",
        (
            "غمرت مياه الأمطار الغزيرة التي هطلت طوال ليل الثلاثاء أحياء عدة في المدينة الساحلية، ما دفع فرق "
            "الدفاع المدني إلى إجلاء أكثر من ثلاثمئة عائلة من منازلها إلى مراكز إيواء مؤقتة أقيمت في المدارس.",
            "وقال مدير الدفاع المدني في المحافظة للصحافيين إن منسوب المياه تجاوز متراً في بعض الشوارع "
            "المنخفضة، وإن الفرق تعمل على شفطها منذ ساعات الفجر الأولى بمساندة آليات البلدية.",
            "ولم تسجل أي إصابات بشرية حتى الآن، غير أن الأضرار المادية طالت عشرات المحال التجارية والسيارات "
            "المتوقفة على جوانب الطرق.",
            "وأعلنت مديرية التربية تعليق الدوام في مدارس المدينة يومين متتاليين، ودعت الأهالي إلى متابعة "
            "النشرات الجوية وتجنب التنقل إلا للضرورة.",
            "وتوقعت هيئة الأرصاد الجوية أن تستمر الأمطار حتى نهاية الأسبوع، مع احتمال تشكل السيول في الأودية "
            "القريبة من المناطق السكنية.",
        ),
        "الدفاع المدني يجلي أكثر من ثلاثمئة عائلة بعد أن غمرت الأمطار الغزيرة أحياء في المدينة الساحلية.",
    ),
    Story(
        "المنتخب يتأهل إلى نهائي البطولة بعد فوز مثير بركلات الترجيح",
        (
            "تأهل المنتخب الوطني إلى المباراة النهائية لبطولة كأس العرب، بعد فوزه على نظيره بركلات الترجيح "
            "بنتيجة أربعة أهداف مقابل ثلاثة، إثر تعادل الفريقين بهدف لمثله في الوقتين الأصلي والإضافي.",
            "وافتتح الضيوف التسجيل في الدقيقة الثامنة والعشرين من ركلة حرة مباشرة، قبل أن يعادل قائد المنتخب "
            "النتيجة بضربة رأسية في الشوط الثاني وسط هتاف الجماهير التي ملأت المدرجات.",
            "وتألق حارس المرمى في ركلات الترجيح بعدما تصدى لركلتين، ليقود فريقه إلى النهائي للمرة الأولى منذ "
            "اثني عشر عاماً.",
            "وقال المدرب في المؤتمر الصحافي عقب المباراة إن لاعبيه أظهروا روحاً قتالية عالية، مشيراً إلى أن "
            "الفريق سيحصل على يوم راحة قبل بدء التحضير للمباراة النهائية.",
            "ويلتقي المنتخب في النهائي يوم السبت المقبل الفائز من مباراة نصف النهائي الثانية التي تقام مساء "
            "الغد على [[ملعب المدينة الرياضية]].",
        ),
        "المنتخب الوطني يبلغ نهائي كأس العرب بعد الفوز بركلات الترجيح إثر تعادل بهدف لمثله.",
    ),
    Story(
        "افتتاح معرض الكتاب بمشاركة أكثر من ثمانمئة دار نشر عربية وأجنبية",
        (
            "افتتح وزير الثقافة صباح اليوم الدورة الخامسة والثلاثين لمعرض الكتاب الدولي، بمشاركة أكثر من "
            "ثمانمئة دار نشر من اثنتين وثلاثين دولة، وبحضور عدد كبير من الكتاب والمثقفين.",
            "ويضم المعرض هذا العام جناحاً خاصاً بأدب الأطفال، وآخر للكتب المترجمة إلى العربية، إلى جانب "
            "برنامج ثقافي يشمل ندوات وأمسيات شعرية وورش عمل في الكتابة الإبداعية.",
            "## ضيف الشرف",
            "واختارت إدارة المعرض الأدب المغاربي ضيف شرف لهذه الدورة، احتفاءً بتجارب روائية وشعرية تركت "
            "أثرها في المكتبة العربية خلال العقود الأخيرة.",
            "وقال مدير المعرض إن الإدارة خفضت أسعار تذاكر الدخول للطلاب إلى النصف، ووفرت حافلات مجانية من "
            "وسط المدينة إلى أرض المعارض طوال أيام الدورة.",
            "ويستمر المعرض عشرة أيام.",
        ),
        "معرض الكتاب الدولي يفتتح دورته الخامسة والثلاثين بمشاركة ثمانمئة دار نشر من اثنتين وثلاثين دولة.",
    ),
    Story(
        "وزراء خارجية دول الجوار يبحثون في عمّان سبل تثبيت وقف إطلاق النار",
        (
            "بحث وزراء خارجية دول الجوار في اجتماع عقدوه في عمّان أمس سبل تثبيت وقف إطلاق النار، وتسريع "
            "إيصال المساعدات الإنسانية إلى المناطق المتضررة، وإطلاق مسار سياسي يفضي إلى تسوية دائمة.",
            "وأكد البيان الختامي للاجتماع ضرورة احترام سيادة الدول ووحدة أراضيها، ورفض أي تدخل خارجي في "
            "شؤونها الداخلية، داعياً المجتمع الدولي إلى تحمل مسؤولياته.",
            "وقال وزير الخارجية الأردني في مؤتمر صحافي مشترك إن الاجتماع اتفق على تشكيل لجنة متابعة تجتمع "
            "مرة كل شهر، وترفع تقاريرها إلى الوزراء.",
            "وأضاف أن التحدي الأكبر يبقى في ضمان التزام الأطراف كافة بالهدنة على الأرض، مشيراً إلى تسجيل "
            "خروقات محدودة خلال الأيام الماضية.",
            "وسيعقد الاجتماع المقبل في القاهرة مطلع الشهر المقبل، بحسب [[البيان الختامي]] الذي وزع على الصحافيين.",
        ),
        "وزراء خارجية دول الجوار يتفقون في عمّان على لجنة متابعة لتثبيت وقف إطلاق النار.",
    ),
    Story(
        "جامعة محلية تطلق أول قمر صناعي صغير من تصميم طلابها",
        (
            "أطلقت جامعة العلوم والتكنولوجيا أول قمر صناعي صغير صممه وصنعه طلاب كلية الهندسة، وذلك على متن "
            "صاروخ انطلق فجر اليوم من قاعدة إطلاق دولية.",
            "ويزن القمر، وهو من فئة الأقمار المكعبة، أقل من كيلوغرامين، وسيعمل على جمع بيانات عن درجات حرارة "
            "سطح البحر ونسب الرطوبة في الغلاف الجوي.",
            "وقالت رئيسة فريق المشروع إن الطلاب عملوا ثلاث سنوات على تصميم القمر واختباره، مضيفة: «تلقينا "
            "أول إشارة منه بعد ساعتين من الإطلاق».",
            "وتأمل الجامعة أن يفتح المشروع الباب أمام تعاون أوسع مع وكالات الفضاء، وأن يشجع الطلاب على "
            "التخصص في علوم الفضاء والاتصالات.",
        ),
        "طلاب كلية الهندسة في جامعة العلوم والتكنولوجيا يطلقون أول قمر صناعي صغير صمموه وصنعوه.",
    ),
)

RELATED_HEADLINES: tuple[str, ...] = (
    "ارتفاع أسعار الذهب إلى مستوى قياسي جديد في الأسواق العالمية",
    "الحكومة تقر خطة لدعم المزارعين المتضررين من موجة الجفاف",
    "وزارة الصحة تطلق حملة تطعيم موسعة في المدارس",
    "انقطاع الكهرباء عن أحياء في العاصمة لساعات بسبب عطل فني",
    "النفط يتراجع بعد بيانات عن زيادة المخزونات الأمريكية",
    "مهرجان السينما يعلن أسماء أعضاء لجنة التحكيم",
    "البرلمان يناقش مشروع قانون جديد للإيجارات السكنية",
    "اكتشاف أثري جديد يكشف أسرار حضارة عمرها آلاف السنين",
    "منتخب الشباب يفتتح مشواره في التصفيات بفوز عريض",
    "ارتفاع عدد السياح الوافدين خلال الربع الثالث من العام",
    "محكمة الاستئناف تؤجل النظر في قضية الفساد الكبرى",
    "شركة طيران وطنية تعلن خطوطاً جديدة إلى أوروبا وآسيا",
    "تحذيرات من موجة حر شديدة تضرب المنطقة الأسبوع المقبل",
    "الأمم المتحدة تدعو إلى زيادة التمويل للاجئين في المنطقة",
    "إطلاق منصة رقمية لتسهيل الخدمات الحكومية للمواطنين",
    "جامعات عربية تتقدم في التصنيف العالمي لهذا العام",
)
PERSONS: tuple[str, ...] = (
    "سامر الخطيب",
    "ليلى منصور",
    "خالد العمري",
    "هدى الشامي",
    "يوسف بن علي",
    "ريم عبد الله",
    "عمر حداد",
    "نادية السعدي",
)
CAPTIONS: tuple[str, ...] = (
    "جانب من الاجتماع الذي عقد في مقر الوزارة أمس",
    "فرق الإنقاذ خلال عمليات الإجلاء في أحد الأحياء المتضررة",
    "لاعبو المنتخب يحتفلون بالتأهل إلى المباراة النهائية",
    "زوار يتجولون بين أجنحة المعرض في يومه الأول",
    "صورة أرشيفية من مؤتمر صحافي سابق",
    "الطلاب يتابعون عملية الإطلاق من قاعة الجامعة",
)
CREDITS: tuple[str, ...] = ("© رويترز", "(أ ف ب)", "تصوير: محمد السيد", "الصورة: أرشيف", "Getty Images")
KICKERS: tuple[str, ...] = ("عاجل", "تقرير خاص", "بعد جدل استمر أشهراً", "في تطور لافت", "خاص")
HIDDEN_TEXTS: tuple[str, ...] = (
    "هذا النص مخصص لمحركات البحث ولا يظهر للقارئ في الصفحة",
    "جاري تحميل المحتوى، يرجى الانتظار",
    "نسخة مختصرة من الخبر لمستخدمي الهواتف المحمولة",
    "انقر هنا لإغلاق القائمة",
)
NEWSLETTER_PROMPTS: tuple[str, ...] = (
    "اشترك في نشرتنا البريدية لتصلك أهم الأخبار صباح كل يوم",
    "سجّل بريدك الإلكتروني وكن أول من يعرف",
    "لا تفوّت أي خبر، اشترك مجاناً الآن",
)
TWEETS: tuple[str, ...] = (
    "نتابع باهتمام تطورات الأوضاع ونؤكد التزامنا الكامل بدعم جهود التهدئة في المنطقة",
    "ألف مبروك للمنتخب وللجماهير الوفية التي لم تتوقف عن التشجيع حتى اللحظة الأخيرة",
    "يسعدنا الإعلان عن افتتاح الدورة الجديدة ونرحب بزوارنا من كل مكان",
)
VIDEO_TITLES: tuple[str, ...] = (
    "فيديو: لحظة وصول الوفود إلى مقر الاجتماع",
    "شاهد: مشاهد من الشوارع التي غمرتها المياه",
    "ملخص المباراة وركلات الترجيح",
)


@dataclass(frozen=True)
class Wording:
    text: str
    held_back: bool = False


# Labels that introduce related links. The visible ones include wordings that an anchored
# phrase rule would know; the held-back ones are other wordings of the same thing.
LABELS: tuple[Wording, ...] = (
    Wording("اقرأ أيضاً"),
    Wording("إقرأ أيضا"),
    Wording("مواضيع ذات صلة"),
    Wording("المزيد من الأخبار"),
    Wording("روابط سريعة"),
    Wording("Related"),
    Wording("طالع أيضاً", held_back=True),
    Wording("قد يهمك أيضاً", held_back=True),
    Wording("اخترنا لك", held_back=True),
    Wording("شاهد أيضاً", held_back=True),
)
BYLINE_VERBS: tuple[Wording, ...] = (
    Wording("كتب"),
    Wording("كتبت"),
    Wording("بقلم"),
    Wording("إعداد"),
    Wording("حوار", held_back=True),
    Wording("تقرير", held_back=True),
)
CONTINUED: tuple[Wording, ...] = (
    Wording("(يتبع)"),
    Wording("يتبع..."),
    Wording("للمقال بقية"),
    Wording("- يتبع -", held_back=True),
    Wording("(للحديث بقية)", held_back=True),
)

# --------------------------------------------------------------------------------------
# Markups: one function per way of writing a kind of furniture.


@dataclass
class Ctx:
    """What a furniture markup may draw on for one page."""

    rng: random.Random
    layout: str
    held_back: bool
    authors: list[str] = field(default_factory=list)  # persons a byline markup named
    kicker: str | None = None  # set by kicker markups: placed above the headline

    def pick(self, pool: tuple[str, ...]) -> str:
        return self.rng.choice(pool)

    def wording(self, pool: tuple[Wording, ...]) -> str:
        usable = [w.text for w in pool if self.held_back or not w.held_back]
        return self.rng.choice(usable)

    def label(self) -> str:
        return self.wording(LABELS)

    def headlines(self, low: int = 2, high: int = 4) -> list[str]:
        return self.rng.sample(RELATED_HEADLINES, self.rng.randint(low, high))

    def href(self) -> str:
        return f"/news/{self.rng.randint(100000, 999999)}.html"

    def link(self, text: str) -> str:
        return f'<a href="{self.href()}">{escape(text)}</a>'

    @property
    def flow(self) -> bool:
        """Text runs directly in the container (no ``<p>``): inline furniture ends with ``<br>``s."""
        return self.layout in ("divbr", "table")


def _line(ctx: Ctx, inner: str, tag: str = "p") -> str:
    """One line of furniture written the way the layout writes a paragraph."""
    if ctx.flow:
        return f"{inner}<br><br>"
    if ctx.layout == "emptyp":
        return f"<p></p>{inner}"
    return f"<{tag}>{inner}</{tag}>"


def related_box_ul(ctx: Ctx) -> str:
    items = "".join(f"<li>{ctx.link(h)}</li>" for h in ctx.headlines())
    return f'<div class="box"><h3>{ctx.label()}</h3><ul>{items}</ul></div>'


def related_box_links_br(ctx: Ctx) -> str:
    links = "<br>".join(ctx.link(h) for h in ctx.headlines())
    return f"<aside><h4>{ctx.label()}</h4>{links}</aside>"


def related_box_p(ctx: Ctx) -> str:
    items = "".join(f"<p>{ctx.link(h)}</p>" for h in ctx.headlines())
    return f'<div class="more"><strong>{ctx.label()}</strong>{items}</div>'


def related_box_cards(ctx: Ctx) -> str:
    cards = "".join(
        f'<div class="card"><a href="{ctx.href()}"><img src="/img/{i}.jpg" alt=""><span>{escape(h)}</span></a></div>'
        for i, h in enumerate(ctx.headlines())
    )
    return f'<div class="box-2"><div class="box-title">{ctx.label()}</div>{cards}</div>'


def related_box_section(ctx: Ctx) -> str:  # held back
    item = '<div class="item">{}<span class="time">منذ 3 ساعات</span></div>'
    items = "".join(item.format(ctx.link(h)) for h in ctx.headlines())
    return f'<section class="widget"><span class="widget-title">{ctx.label()}</span>{items}</section>'


def inline_colon(ctx: Ctx) -> str:
    return _line(ctx, f"{ctx.label()}: {ctx.link(ctx.pick(RELATED_HEADLINES))}")


def inline_strong(ctx: Ctx) -> str:
    return _line(ctx, f"<strong>{ctx.label()}</strong> {ctx.link(ctx.pick(RELATED_HEADLINES))}")


def inline_whole_link(ctx: Ctx) -> str:
    return _line(ctx, f'<a href="{ctx.href()}">{ctx.label()}: {escape(ctx.pick(RELATED_HEADLINES))}</a>')


def inline_dash_div(ctx: Ctx) -> str:  # held back
    return f"<div>{ctx.label()} - {ctx.link(ctx.pick(RELATED_HEADLINES))}</div>"


def inline_label_br(ctx: Ctx) -> str:  # held back
    return _line(ctx, f"<b>{ctx.label()}</b><br>{ctx.link(ctx.pick(RELATED_HEADLINES))}")


def run_h3(ctx: Ctx) -> str:
    return f"<h3>{ctx.label()}</h3>" + "".join(_line(ctx, ctx.link(h)) for h in ctx.headlines())


def run_strong_p(ctx: Ctx) -> str:
    return _line(ctx, f"<strong>{ctx.label()}</strong>") + "".join(_line(ctx, ctx.link(h)) for h in ctx.headlines())


def run_colon_p(ctx: Ctx) -> str:
    return _line(ctx, f"{ctx.label()}:") + "".join(_line(ctx, ctx.link(h)) for h in ctx.headlines())


def run_bullets(ctx: Ctx) -> str:  # held back
    return _line(ctx, f"{ctx.label()}:") + "".join(_line(ctx, f"- {ctx.link(h)}") for h in ctx.headlines())


def list_ul(ctx: Ctx) -> str:
    return "<ul>" + "".join(f"<li>{ctx.link(h)}</li>" for h in ctx.headlines()) + "</ul>"


def list_ol_dates(ctx: Ctx) -> str:
    return "<ol>" + "".join(f"<li>{ctx.link(h)} <small>12/11/2025</small></li>" for h in ctx.headlines()) + "</ol>"


def list_dl(ctx: Ctx) -> str:  # held back
    items = "".join(f"<dd>{ctx.link(h)}</dd>" for h in ctx.headlines())
    return f"<dl><dt>{ctx.label()}</dt>{items}</dl>"


def table_rows(ctx: Ctx) -> str:
    rows = "".join(f"<tr><td>{ctx.link(h)}</td></tr>" for h in ctx.headlines())
    return f'<table width="100%">{rows}</table>'


def table_label_row(ctx: Ctx) -> str:
    cells = "".join(f"<td>{ctx.link(h)}</td>" for h in ctx.headlines(2, 3))
    return f'<table><tr><td colspan="3"><b>{ctx.label()}</b></td></tr><tr>{cells}</tr></table>'


def table_bullets(ctx: Ctx) -> str:  # held back
    rows = "".join(f'<tr><td width="10">&bull;</td><td>{ctx.link(h)}</td></tr>' for h in ctx.headlines())
    return f'<table border="0"><tr><td colspan="2"><font color="#990000">{ctx.label()}</font></td></tr>{rows}</table>'


def caption_figure(ctx: Ctx) -> str:
    return f'<figure><img src="/img/a.jpg" alt=""><figcaption>{ctx.pick(CAPTIONS)}</figcaption></figure>'


def caption_div_span(ctx: Ctx) -> str:
    return f'<div class="pic"><img src="/img/b.jpg"><span>{ctx.pick(CAPTIONS)}</span></div>'


def caption_p_br(ctx: Ctx) -> str:
    return _line(ctx, f'<img src="/img/c.jpg"><br>{ctx.pick(CAPTIONS)}')


def caption_credit(ctx: Ctx) -> str:
    return f'<div><img src="/img/d.jpg"></div><p><small>{ctx.pick(CREDITS)}</small></p>'


def caption_table(ctx: Ctx) -> str:
    image = '<tr><td><img src="/img/e.jpg"></td></tr>'
    return f'<table align="center">{image}<tr><td>{ctx.pick(CAPTIONS)}</td></tr></table>'


def caption_em_credit(ctx: Ctx) -> str:  # held back
    return f'<div class="image"><img src="/img/f.jpg"><em>{ctx.pick(CAPTIONS)} {ctx.pick(CREDITS)}</em></div>'


def caption_wp(ctx: Ctx) -> str:  # held back
    return (
        f'<div class="wp-caption aligncenter"><img src="/img/g.jpg">'
        f'<p class="wp-caption-text">{ctx.pick(CAPTIONS)}</p></div>'
    )


def kicker_p(ctx: Ctx) -> str:
    ctx.kicker = f'<p class="kicker">{ctx.pick(KICKERS)}</p>'
    return ""


def kicker_span(ctx: Ctx) -> str:
    ctx.kicker = f'<span class="overline">{ctx.pick(KICKERS)}</span>'
    return ""


def kicker_link(ctx: Ctx) -> str:
    ctx.kicker = f'<div class="tag">{ctx.link(ctx.pick(KICKERS))}</div>'
    return ""


def kicker_h2(ctx: Ctx) -> str:  # held back
    ctx.kicker = f"<h2>{ctx.pick(KICKERS)}</h2>"
    return ""


def _persons(ctx: Ctx, count: int = 1) -> list[str]:
    names = ctx.rng.sample(PERSONS, count)
    ctx.authors.extend(names)
    return names


def byline_div(ctx: Ctx) -> str:
    (name,) = _persons(ctx)
    return f'<div class="byline">بقلم: <a href="/author/{ctx.rng.randint(1, 99)}">{name}</a></div>'


def byline_list(ctx: Ctx) -> str:
    names = _persons(ctx, 2)
    items = "".join(f'<li><a href="/writers/{i}">{n}</a></li>' for i, n in enumerate(names))
    return f'<ul class="authors">{items}</ul>'


def byline_line(ctx: Ctx) -> str:
    (name,) = _persons(ctx)
    separator = ctx.rng.choice((" - ", ": ", " "))
    return _line(ctx, f"{ctx.wording(BYLINE_VERBS)}{separator}{name}")


def byline_line_city(ctx: Ctx) -> str:
    (name,) = _persons(ctx)
    return _line(ctx, f"<strong>{ctx.wording(BYLINE_VERBS)} - {name} - القاهرة</strong>")


def byline_author_box(ctx: Ctx) -> str:
    (name,) = _persons(ctx)
    return (
        f'<div class="author-card"><img src="/img/avatar.jpg"><a href="/author/{ctx.rng.randint(1, 99)}">{name}</a>'
        "<p>صحافي متخصص في الشؤون الاقتصادية، عمل مراسلاً في عدة عواصم عربية.</p></div>"
    )


def byline_rel(ctx: Ctx) -> str:  # held back
    (name,) = _persons(ctx)
    link = f'<a rel="author" href="/p/{ctx.rng.randint(1, 99)}">{name}</a>'
    return f'<p class="writer">{ctx.wording(BYLINE_VERBS)} {link}</p>'


def embed_tweet(ctx: Ctx) -> str:
    return (
        f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{ctx.pick(TWEETS)} '
        '<a href="https://t.co/abc123">pic.twitter.com/abc123</a></p>&mdash; وزارة الخارجية (@MoFA) '
        '<a href="https://twitter.com/MoFA/status/1850000000000000000">November 12, 2025</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def embed_instagram(ctx: Ctx) -> str:
    return (
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Cxyz/">'
        '<div><a href="https://www.instagram.com/p/Cxyz/">View this post on Instagram</a>'
        f'<p><a href="https://www.instagram.com/p/Cxyz/">{ctx.pick(TWEETS)}</a></p>'
        "<p>A post shared by المنتخب الوطني (@national_team)</p></div></blockquote>"
    )


def embed_youtube(ctx: Ctx) -> str:
    return (
        '<div class="video-wrap"><iframe width="560" height="315" src="https://www.youtube.com/embed/abc"></iframe>'
        f"<p>{ctx.pick(VIDEO_TITLES)}</p></div>"
    )


def embed_facebook(ctx: Ctx) -> str:
    return (
        '<div class="fb-post" data-href="https://www.facebook.com/page/posts/1"><blockquote '
        'cite="https://www.facebook.com/page/posts/1" class="fb-xfbml-parse-ignore">'
        f'<p>{ctx.pick(TWEETS)}</p>Posted by <a href="https://www.facebook.com/page">الصفحة الرسمية</a>'
        "</blockquote></div>"
    )


def embed_tiktok(ctx: Ctx) -> str:  # held back
    return (
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@team/video/7300000000000000000">'
        '<section><a href="https://www.tiktok.com/@team">@team</a>'
        f"<p>{ctx.pick(TWEETS)}</p></section></blockquote>"
    )


def embed_video_tag(ctx: Ctx) -> str:  # held back
    return (
        '<div class="player"><video controls src="/media/clip.mp4"></video>'
        f'<div class="player-title">{ctx.pick(VIDEO_TITLES)}</div><span>02:15</span></div>'
    )


def hidden_attr(ctx: Ctx) -> str:
    return f"<div hidden>{ctx.pick(HIDDEN_TEXTS)}</div>"


def hidden_style(ctx: Ctx) -> str:
    return f'<p style="display:none">{ctx.pick(HIDDEN_TEXTS)}</p>'


def hidden_aria(ctx: Ctx) -> str:
    return f'<div aria-hidden="true"><p>{ctx.pick(HIDDEN_TEXTS)}</p></div>'


def hidden_sr_only(ctx: Ctx) -> str:
    return f'<span class="sr-only">{ctx.pick(HIDDEN_TEXTS)}</span>'


def hidden_visibility(ctx: Ctx) -> str:  # held back
    return f'<div style="VISIBILITY: hidden; height: 0">{ctx.pick(HIDDEN_TEXTS)}</div>'


def newsletter_form(ctx: Ctx) -> str:
    return (
        f'<div class="box-3"><h4>النشرة البريدية</h4><p>{ctx.pick(NEWSLETTER_PROMPTS)}</p>'
        '<form action="/subscribe" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني">'
        '<button type="submit">اشترك</button></form></div>'
    )


def newsletter_inputs(ctx: Ctx) -> str:
    return (
        f'<div class="box-4"><p>{ctx.pick(NEWSLETTER_PROMPTS)}</p>'
        '<input type="email" name="mail"><input type="submit" value="اشترك"></div>'
    )


def newsletter_label(ctx: Ctx) -> str:
    return (
        f'<form action="/nl"><label for="m">{ctx.pick(NEWSLETTER_PROMPTS)}</label>'
        '<input id="m" type="text"><button>تسجيل</button></form>'
    )


def newsletter_app(ctx: Ctx) -> str:  # held back
    return _line(
        ctx,
        'حمّل تطبيقنا على هاتفك: <a href="https://play.google.com/store/apps/details?id=x">Google Play</a> '
        '<a href="https://apps.apple.com/app/id1">App Store</a>',
    )


def continued_line(ctx: Ctx) -> str:
    return _line(ctx, ctx.wording(CONTINUED))


def continued_strong(ctx: Ctx) -> str:
    return _line(ctx, f"<strong>{ctx.wording(CONTINUED)}</strong>")


def continued_div(ctx: Ctx) -> str:  # held back
    return f'<div class="note" align="center">{ctx.wording(CONTINUED)}</div>'


@dataclass(frozen=True)
class Markup:
    name: str
    render: Callable[[Ctx], str]
    positions: tuple[str, ...] = ("top", "between", "end", "inside")
    held_back: bool = False


POSITIONS = ("top", "between", "end", "inside")

KINDS: dict[str, tuple[Markup, ...]] = {
    "related_box": (
        Markup("ul", related_box_ul),
        Markup("links_br", related_box_links_br),
        Markup("p", related_box_p),
        Markup("cards", related_box_cards),
        Markup("section", related_box_section, held_back=True),
    ),
    "inline": (
        Markup("colon", inline_colon),
        Markup("strong", inline_strong),
        Markup("whole_link", inline_whole_link),
        Markup("dash_div", inline_dash_div, held_back=True),
        Markup("label_br", inline_label_br, held_back=True),
    ),
    "link_run": (
        Markup("h3", run_h3),
        Markup("strong_p", run_strong_p),
        Markup("colon_p", run_colon_p),
        Markup("bullets", run_bullets, held_back=True),
    ),
    "link_list": (
        Markup("ul", list_ul),
        Markup("ol_dates", list_ol_dates),
        Markup("dl", list_dl, held_back=True),
    ),
    "link_table": (
        Markup("rows", table_rows),
        Markup("label_row", table_label_row),
        Markup("bullets", table_bullets, held_back=True),
    ),
    "caption": (
        Markup("figure", caption_figure),
        Markup("div_span", caption_div_span),
        Markup("p_br", caption_p_br),
        Markup("credit", caption_credit),
        Markup("table", caption_table),
        Markup("em_credit", caption_em_credit, held_back=True),
        Markup("wp", caption_wp, held_back=True),
    ),
    "kicker": (
        Markup("p", kicker_p, positions=("top",)),
        Markup("span", kicker_span, positions=("top",)),
        Markup("link", kicker_link, positions=("top",)),
        Markup("h2", kicker_h2, positions=("top",), held_back=True),
    ),
    "byline": (
        Markup("div", byline_div, positions=("top",)),
        Markup("list", byline_list, positions=("top", "end")),
        Markup("line", byline_line, positions=("top",)),
        Markup("line_city", byline_line_city, positions=("top",)),
        Markup("author_box", byline_author_box, positions=("end",)),
        Markup("rel", byline_rel, positions=("top",), held_back=True),
    ),
    "embed": (
        Markup("tweet", embed_tweet),
        Markup("instagram", embed_instagram),
        Markup("youtube", embed_youtube),
        Markup("facebook", embed_facebook),
        Markup("tiktok", embed_tiktok, held_back=True),
        Markup("video_tag", embed_video_tag, held_back=True),
    ),
    "hidden": (
        Markup("attr", hidden_attr),
        Markup("style", hidden_style),
        Markup("aria", hidden_aria),
        Markup("sr_only", hidden_sr_only),
        Markup("visibility", hidden_visibility, held_back=True),
    ),
    "newsletter": (
        Markup("form", newsletter_form),
        Markup("inputs", newsletter_inputs),
        Markup("label", newsletter_label),
        Markup("app", newsletter_app, held_back=True),
    ),
    "continued": (
        Markup("line", continued_line, positions=("end",)),
        Markup("strong", continued_strong, positions=("end",)),
        Markup("div", continued_div, positions=("end",), held_back=True),
    ),
}

# --------------------------------------------------------------------------------------
# Layouts: the page around the body.

LAYOUTS = ("current", "divbr", "emptyp", "table", "elaph")
HELD_BACK_SEEDS = range(1000, 1080)
VISIBLE_SEEDS = range(0, 80)

MENU = ("الرئيسية", "أخبار", "اقتصاد", "رياضة", "ثقافة", "منوعات", "اتصل بنا")
FOOTER = "جميع الحقوق محفوظة لشبكة الأخبار 2025"
SIDEBAR_TITLE = "الأكثر قراءة"


def _paragraph_html(text: str, layout: str, rng: random.Random) -> str:
    """A story paragraph in the layout's markup ("[[x]]" becomes a link)."""
    heading = text.startswith("## ")
    text = text.removeprefix("## ")
    inner = re.sub(r"\[\[(.+?)\]\]", lambda m: f'<a href="/tag/{rng.randint(1, 500)}">{m.group(1)}</a>', text)
    if layout in ("divbr", "table"):
        return f"<b>{inner}</b><br>" if heading else f"{inner}<br><br>"
    if layout == "emptyp":
        return f"<p></p><strong>{inner}</strong>" if heading else f"<p>&nbsp;</p>{inner}"
    return f"<h3>{inner}</h3>" if heading else f"<p>{inner}</p>"


def expected_paragraph(text: str) -> str:
    return re.sub(r"\[\[(.+?)\]\]", r"\1", text.removeprefix("## "))


def _wrap_inside(paragraph: str, furniture: str, layout: str) -> str:
    """A paragraph and furniture nested together in the element that holds the paragraph."""
    if layout == "table":
        return f'<table width="100%"><tr><td>{paragraph}{furniture}</td></tr></table>'
    if layout == "divbr":
        return f'<div class="part">{paragraph}{furniture}</div>'
    return f'<div class="section-text">{paragraph}{furniture}</div>'


def _body(story: Story, layout: str, rng: random.Random, placed: list[tuple[str, str]]) -> str:
    """The story's paragraphs with each ``(position, html)`` furniture inserted."""
    paragraphs = list(story.paragraphs)
    chunks = [_paragraph_html(p, layout, rng) for p in paragraphs]
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    inside: dict[int, list[str]] = {}
    # Between: after a full paragraph that is followed by another full paragraph (never right
    # after a subheading, where a label and a subheading cannot be told apart).
    between = [i for i in range(len(paragraphs) - 1) if not paragraphs[i].startswith("## ")]
    for position, html in placed:
        if position == "top":
            before.setdefault(0, []).append(html)
        elif position == "end":
            after.setdefault(len(paragraphs) - 1, []).append(html)
        elif position == "between":
            after.setdefault(rng.choice(between), []).append(html)
        else:
            inside.setdefault(rng.choice(between), []).append(html)
    out = []
    for i, chunk in enumerate(chunks):
        out += before.get(i, [])
        out.append(_wrap_inside(chunk, "".join(inside[i]), layout) if i in inside else chunk)
        out += after.get(i, [])
    return "".join(out)


def _head(story: Story, title_suffix: str, canonical: str) -> str:
    return (
        f"<head><meta charset='utf-8'><title>{story.headline} | {title_suffix}</title>"
        f"<link rel='canonical' href='{canonical}'>"
        f"<meta name='description' content='{story.description}'>"
        f"<meta property='og:title' content='{story.headline}'>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2025-11-12T09:30:00+03:00'></head>"
    )


def _menu(rng: random.Random) -> str:
    return "".join(f'<li><a href="/s/{i}">{m}</a></li>' for i, m in enumerate(MENU))


def _sidebar(rng: random.Random) -> list[str]:
    return rng.sample(RELATED_HEADLINES, 3)


def render_page(story: Story, layout: str, ctx: Ctx, placed: list[tuple[str, str]], number: int) -> tuple[str, str]:
    """(html, url) of one page."""
    rng = ctx.rng
    body = _body(story, layout, rng, placed)
    kicker = ctx.kicker or ""
    most_read = _sidebar(rng)
    sidebar_links = "".join(f'<li><a href="/news/{i}.html">{h}</a></li>' for i, h in enumerate(most_read))
    if layout == "elaph":
        url = f"https://elaph.com/Web/News/2025/11/{1600000 + number}.html"
        html = (
            f"<!DOCTYPE html><html lang='ar' dir='rtl'>{_head(story, 'إيلاف', url)}<body>"
            f"<header class='site-header'><nav class='main-menu'><ul>{_menu(rng)}</ul></nav></header>"
            "<main class='container'><article class='article-page'>"
            f"{kicker}<h1 class='article-title'>{story.headline}</h1>"
            "<div class='article-meta'><time datetime='2025-11-12T09:30:00+03:00'>12 نوفمبر 2025</time></div>"
            f"<div class='content-body'>{body}</div></article>"
            f"<aside class='most-read'><h3>{SIDEBAR_TITLE}</h3><ul>{sidebar_links}</ul></aside></main>"
            f"<footer class='site-footer'><p>{FOOTER}</p></footer></body></html>"
        )
        return html, url
    url = f"https://news.example/2025/11/{number}.html"
    if layout == "table":
        html = (
            f"<html dir='rtl'>{_head(story, 'شبكة الأخبار', url)}<body>"
            "<table width='100%' border='0' cellpadding='0' cellspacing='0'>"
            f"<tr><td colspan='2'><a href='/'><img src='/logo.gif'></a> {' | '.join(_menu_links())}</td></tr>"
            "<tr><td width='25%' valign='top'>"
            f"<b>{SIDEBAR_TITLE}</b><br>{'<br>'.join(_sidebar_links(most_read))}</td>"
            f"<td valign='top'>{kicker + '<br>' if kicker else ''}"
            f"<font size='5' color='#003366'><b>{story.headline}</b></font><br>"
            "<font size='1'>الأربعاء 12 نوفمبر 2025</font><br><br>"
            f"<font size='3'>{body}</font></td></tr>"
            f"<tr><td colspan='2' align='center'><font size='1'>{FOOTER}</font></td></tr></table></body></html>"
        )
        return html, url
    container = {"current": "article-body", "divbr": "text", "emptyp": "post-content"}[layout]
    html = (
        f"<!DOCTYPE html><html lang='ar' dir='rtl'>{_head(story, 'شبكة الأخبار', url)}<body>"
        f"<div class='top'><ul class='menu'>{_menu(rng)}</ul></div>"
        "<div class='wrapper'><div class='main'><article>"
        f"<header>{kicker}<h1>{story.headline}</h1>"
        "<div class='meta'><span>الأربعاء 12 نوفمبر 2025</span></div></header>"
        f"<div class='{container}'>{body}</div></article></div>"
        f"<div class='side'><h3>{SIDEBAR_TITLE}</h3><ul>{sidebar_links}</ul></div></div>"
        f"<div class='bottom'><p>{FOOTER}</p></div></body></html>"
    )
    return html, url


def _menu_links() -> list[str]:
    return [f"<a href='/s/{i}'>{m}</a>" for i, m in enumerate(MENU)]


def _sidebar_links(headlines: list[str]) -> list[str]:
    return [f"<a href='/news/{i}.html'>{h}</a>" for i, h in enumerate(headlines)]


# --------------------------------------------------------------------------------------
# Pages.


@dataclass(frozen=True)
class ZooPage:
    name: str
    html: str
    url: str
    headline: str
    paragraphs: list[str]
    authors: list[str]
    held_back: bool


def _page(
    name: str, number: int, layout: str, pieces: list[tuple[Markup, str]], rng: random.Random, held_back: bool
) -> ZooPage:
    story = STORIES[number % len(STORIES)]
    ctx = Ctx(rng, layout, held_back)
    placed = [(position, markup.render(ctx)) for markup, position in pieces]
    placed = [(position, html) for position, html in placed if html]
    html, url = render_page(story, layout, ctx, placed, number)
    paragraphs = [expected_paragraph(p) for p in story.paragraphs]
    return ZooPage(name, html, url, story.headline, paragraphs, list(dict.fromkeys(ctx.authors)), held_back)


def systematic_pages(held_back: bool) -> Iterator[ZooPage]:
    """Every (kind, markup, position, layout): visible markups only, or held-back ones only."""
    number = 0
    for kind, markups in KINDS.items():
        for markup in markups:
            if markup.held_back != held_back:
                continue
            for position in markup.positions:
                for layout in LAYOUTS:
                    number += 1
                    rng = random.Random(f"{kind}/{markup.name}/{position}/{layout}")
                    name = f"{kind}-{markup.name}-{position}-{layout}"
                    yield _page(name, number + (5000 if held_back else 0), layout, [(markup, position)], rng, held_back)


def mixed_page(seed: int, held_back: bool) -> ZooPage:
    """Two to four pieces of furniture of random kinds at random positions."""
    rng = random.Random(seed)
    layout = rng.choice(LAYOUTS)
    pieces: list[tuple[Markup, str]] = []
    kinds = rng.sample(sorted(KINDS), rng.randint(2, 4))
    for kind in kinds:
        usable = [m for m in KINDS[kind] if held_back or not m.held_back]
        markup = rng.choice(usable)
        pieces.append((markup, rng.choice(markup.positions)))
    return _page(f"mixed-{seed}-{layout}", 9000 + seed, layout, pieces, rng, held_back)


def zoo(held_back: bool = False) -> list[ZooPage]:
    """The visible zoo, or (``held_back=True``) only the held-back part."""
    seeds = HELD_BACK_SEEDS if held_back else VISIBLE_SEEDS
    return [*systematic_pages(held_back), *(mixed_page(seed, held_back) for seed in seeds)]


# --------------------------------------------------------------------------------------
# Figures.


def check(page: ZooPage) -> tuple[bool, list[str], str | None]:
    """(body exact, the extracted paragraphs, a short failure note)."""
    from newscrawl.extract import extract

    result = extract(page.html.encode("utf-8"), page.url, content_type="text/html; charset=utf-8")
    if result.article is None:
        return False, [], f"skip {result.skip}"
    got = (result.article.articleBody or "").split("\n")
    notes = []
    if got != page.paragraphs:
        notes.append("body")
    if result.article.headline != page.headline:
        notes.append(f"headline {result.article.headline!r}")
    authors = [a["name"] for a in result.article.authors]
    if page.authors and authors != page.authors:
        notes.append(f"authors {authors}")
    return got == page.paragraphs, got, ", ".join(notes) or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="layout zoo figures")
    parser.add_argument("--held-back", action="store_true", help="the held-back part instead of the visible one")
    parser.add_argument("--failures", action="store_true", help="print each failing page")
    args = parser.parse_args(argv)
    pages = zoo(held_back=args.held_back)
    exact = fully = 0
    by_kind: dict[str, list[int]] = {}
    for page in pages:
        ok, got, note = check(page)
        exact += ok
        fully += note is None
        counts = by_kind.setdefault(page.name.split("-")[0], [0, 0])
        counts[0] += note is None
        counts[1] += 1
        if note and args.failures:
            print(f"FAIL {page.name}: {note}")
            if not ok:
                missing = [p[:60] for p in page.paragraphs if p not in got]
                extra = [p[:60] for p in got if p not in page.paragraphs]
                print(f"  missing {missing}\n  extra {extra}")
    part = "held-back" if args.held_back else "visible"
    print(f"{part}: {len(pages)} pages, body exact {exact}/{len(pages)}, all fields right {fully}/{len(pages)}")
    for kind, (good, total) in sorted(by_kind.items()):
        print(f"  {kind}: {good}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
