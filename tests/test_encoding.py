"""Tests for :mod:`newscrawl.extraction.charset` and :mod:`newscrawl.middlewares.charset`.

Covers the mojibake detector ``looks_misdecoded`` (U+FFFD, Latin-1 runs, ``ط£`` pairs; no
false alarm on correct Arabic or on accented French/English), ``best_decoding`` (windows-1256
and ISO-8859-6 told apart, UTF-8 read as cp1252/cp1256 repaired), ``declared_meta_charset``,
and ``CharsetRepairMiddleware``: pages whose header lies, pages declared only by ``<meta>``
or not at all, correct UTF-8 pages left alone, the stats it keeps, and its setting.
"""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.extraction.charset import (
    best_decoding,
    declared_meta_charset,
    looks_misdecoded,
    repair_candidates,
)
from newscrawl.middlewares.charset import CharsetRepairMiddleware

ARABIC = (
    "أعلنت وزارة الصحة في بيروت صباح اليوم عن افتتاح مستشفى جديد في الضاحية الجنوبية للعاصمة. "
    "وقال الوزير في مؤتمر صحفي إن المستشفى سيستقبل المرضى من جميع المناطق اللبنانية مجاناً خلال الأشهر الأولى. "
    "وأضاف أن الحكومة خصصت ميزانية إضافية لشراء الأجهزة الطبية الحديثة وتدريب الكوادر التمريضية. "
    "ومن المتوقع أن يبدأ العمل في القسم الثاني من المشروع مطلع العام المقبل."
)
FRENCH = (
    "Le ministère de la Santé a annoncé mercredi l'ouverture d'un nouvel hôpital à Beyrouth. "
    "Selon le ministre, l'établissement accueillera gratuitement les patients de toutes les régions. "
    "Il a précisé que le gouvernement a débloqué un budget supplémentaire pour l'achat d'équipements médicaux. "
    "Les travaux de la deuxième tranche débuteront au début de l'année prochaine, a-t-il ajouté."
)
ENGLISH = (
    "The café near the Beirut hospital reopened on Monday. Its owner, a naïve but determined entrepreneur, "
    "said the façade had been repaired. Critics called the décor passé; customers did not seem to mind."
)
# Three paragraphs of the same French article: a normal French page has this many accents.
FRENCH_ARTICLE = " ".join([FRENCH] * 3)
ARABIC_CHARSETS = ("windows-1256", "iso-8859-6")

REPAIRED = "newscrawl/encoding/repaired"
UNREPAIRED = "newscrawl/encoding/unrepaired"
URL = "http://127.0.0.1:8000/Web/News/2010/3/546546.html"


def _html(text: str, charset: str, meta: str | None = None) -> bytes:
    meta_tag = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    page = f"<html><head>{meta_tag}<title>إيلاف</title></head><body><p>{text}</p></body></html>"
    return page.encode(charset)


# --- looks_misdecoded -----------------------------------------------------------------------


def test_the_two_arabic_encodings_differ() -> None:
    assert ARABIC.encode("windows-1256") != ARABIC.encode("iso-8859-6")


@pytest.mark.parametrize("charset", ARABIC_CHARSETS)
@pytest.mark.parametrize(
    ("wrong", "errors"),
    [
        pytest.param("utf-8", "replace", id="as-utf8-replace"),
        pytest.param("cp1252", "strict", id="as-cp1252"),
        pytest.param("latin-1", "strict", id="as-latin1"),
    ],
)
def test_looks_misdecoded_on_wrong_decoding(charset: str, wrong: str, errors: str) -> None:
    text = ARABIC.encode(charset).decode(wrong, errors=errors)
    assert looks_misdecoded(text)


def test_cp1256_read_as_cp1252_has_no_replacement_chars() -> None:
    """The cp1252 case is detected by its Latin-1 letters, not by U+FFFD."""
    text = ARABIC.encode("windows-1256").decode("cp1252")
    assert "\ufffd" not in text
    assert text.startswith("ÃÚáäÊ")
    assert looks_misdecoded(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ARABIC, id="arabic"),
        pytest.param(FRENCH, id="french-paragraph"),
        pytest.param(ENGLISH, id="english-with-accents"),
        pytest.param(f"{ARABIC} {ENGLISH}", id="arabic-and-english"),
        pytest.param("", id="empty"),
        pytest.param(FRENCH_ARTICLE, id="french-article"),
    ],
)
def test_looks_misdecoded_false_for_correct_text(text: str) -> None:
    assert not looks_misdecoded(text)


def test_looks_misdecoded_utf8_read_as_cp1256() -> None:
    text = ARABIC.encode("utf-8").decode("cp1256")
    assert text.startswith("ط£ط¹")
    assert "\ufffd" not in text
    assert looks_misdecoded(text)


# --- best_decoding --------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ARABIC_CHARSETS)
@pytest.mark.parametrize(
    ("current", "errors"),
    [
        pytest.param("utf-8", "replace", id="read-as-utf8"),
        pytest.param("cp1252", "strict", id="read-as-cp1252"),
        pytest.param("iso-8859-1", "strict", id="read-as-latin1"),
    ],
)
def test_best_decoding_finds_arabic_charset(charset: str, current: str, errors: str) -> None:
    body = ARABIC.encode(charset)
    text = body.decode(current, errors=errors)
    found = best_decoding(body, text, repair_candidates(body, current))
    assert found == charset
    assert body.decode(found) == ARABIC


@pytest.mark.parametrize(
    ("charset", "other"),
    [
        pytest.param("windows-1256", "iso-8859-6", id="cp1256-not-iso"),
        pytest.param("iso-8859-6", "windows-1256", id="iso-not-cp1256"),
    ],
)
def test_best_decoding_tells_cp1256_from_iso_8859_6(charset: str, other: str) -> None:
    """Both candidates are offered, in both orders; the right one wins."""
    body = ARABIC.encode(charset)
    text = body.decode("utf-8", errors="replace")
    assert best_decoding(body, text, [charset, other]) == charset
    assert best_decoding(body, text, [other, charset]) == charset


@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param("cp1252", id="read-as-cp1252"),
        pytest.param("cp1256", id="read-as-cp1256"),
    ],
)
def test_best_decoding_repairs_utf8(wrong: str) -> None:
    body = ARABIC.encode("utf-8")
    text = body.decode(wrong, errors="replace")
    assert looks_misdecoded(text)
    assert best_decoding(body, text, repair_candidates(body, wrong)) == "utf-8"


def test_best_decoding_repairs_utf8_headline_read_as_cp1252() -> None:
    """The ``Ø£Ø®Ø¨Ø§Ø±`` family: a whole page of UTF-8 Arabic read as cp1252."""
    body = ("أخبار العراق. " * 20).encode("utf-8")
    text = body.decode("cp1252")
    assert text.startswith("Ø£Ø®Ø¨Ø§Ø±")
    assert looks_misdecoded(text)
    assert best_decoding(body, text, repair_candidates(body, "cp1252")) == "utf-8"


def test_best_decoding_none_when_current_is_right() -> None:
    body = ARABIC.encode("windows-1256")
    assert best_decoding(body, ARABIC, ["utf-8", "iso-8859-6"]) is None


def test_best_decoding_skips_unknown_and_failing_charsets() -> None:
    body = ARABIC.encode("windows-1256")
    text = body.decode("utf-8", errors="replace")
    assert best_decoding(body, text, ["no-such-charset", "utf-8", "windows-1256"]) == "windows-1256"


# --- declared_meta_charset / repair_candidates ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b'<html><head><meta charset="windows-1256"></head>', "windows-1256", id="meta-charset"),
        pytest.param(b"<meta charset=UTF-8>", "utf-8", id="unquoted-lowercased"),
        pytest.param(
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">',
            "iso-8859-6",
            id="http-equiv",
        ),
        pytest.param(b"<META CONTENT='text/html; charset=cp1256' HTTP-EQUIV='Content-Type'>", "cp1256", id="upper"),
        pytest.param(b"<html><head><title>x</title></head></html>", None, id="none"),
        pytest.param(b" " * 5000 + b'<meta charset="windows-1256">', None, id="after-first-4kb"),
    ],
)
def test_declared_meta_charset(body: bytes, expected: str | None) -> None:
    assert declared_meta_charset(body) == expected


def test_repair_candidates_meta_first_current_excluded() -> None:
    body = _html(ARABIC, "windows-1256", meta="windows-1256")
    assert repair_candidates(body, "utf-8") == ["windows-1256", "iso-8859-6"]
    assert repair_candidates(body, "cp1252") == ["windows-1256", "utf-8", "iso-8859-6"]
    # "cp1256" is the same codec as "windows-1256": excluded by codec, not by spelling.
    assert repair_candidates(body, "cp1256") == ["utf-8", "iso-8859-6"]


# --- CharsetRepairMiddleware ----------------------------------------------------------------


@pytest.fixture
def crawler() -> Crawler:
    return get_crawler()


@pytest.fixture
def middleware(crawler: Crawler) -> CharsetRepairMiddleware:
    return build_from_crawler(CharsetRepairMiddleware, crawler)


def _process(middleware: CharsetRepairMiddleware, response: HtmlResponse) -> TextResponse:
    result = middleware.process_response(Request(response.url), response)
    assert isinstance(result, TextResponse)
    return result


@pytest.mark.parametrize(
    ("charset", "meta", "content_type"),
    [
        pytest.param("windows-1256", "windows-1256", "text/html; charset=utf-8", id="cp1256-header-utf8"),
        pytest.param("windows-1256", "windows-1256", "text/html; charset=iso-8859-1", id="cp1256-header-latin1"),
        pytest.param("windows-1256", None, "text/html; charset=utf-8", id="cp1256-header-utf8-no-meta"),
        pytest.param("iso-8859-6", "iso-8859-6", "text/html; charset=utf-8", id="iso-header-utf8"),
        pytest.param("iso-8859-6", None, "text/html; charset=iso-8859-1", id="iso-header-latin1-no-meta"),
        pytest.param("utf-8", None, "text/html; charset=windows-1252", id="utf8-header-cp1252"),
        pytest.param("utf-8", None, "text/html; charset=windows-1256", id="utf8-header-cp1256"),
    ],
)
def test_middleware_repairs_lying_header(
    crawler: Crawler, middleware: CharsetRepairMiddleware, charset: str, meta: str | None, content_type: str
) -> None:
    response = HtmlResponse(url=URL, body=_html(ARABIC, charset, meta), headers={"Content-Type": content_type})
    assert ARABIC not in response.text  # Scrapy believed the header
    repaired = _process(middleware, response)
    assert repaired is not response
    assert ARABIC in repaired.text
    assert repaired.body == response.body
    assert repaired.url == response.url
    assert crawler.stats is not None
    assert crawler.stats.get_value(REPAIRED) == 1
    assert crawler.stats.get_value(f"{REPAIRED}/{charset}") == 1
    assert crawler.stats.get_value(UNREPAIRED) is None


@pytest.mark.parametrize(
    ("charset", "meta"),
    [
        pytest.param("windows-1256", "windows-1256", id="cp1256-meta-only"),
        pytest.param("iso-8859-6", "iso-8859-6", id="iso-meta-only"),
    ],
)
def test_middleware_meta_only_page_already_right(
    crawler: Crawler, middleware: CharsetRepairMiddleware, charset: str, meta: str
) -> None:
    """With no header, Scrapy follows the ``<meta>``: the text is right and nothing is repaired."""
    response = HtmlResponse(url=URL, body=_html(ARABIC, charset, meta))
    result = _process(middleware, response)
    assert ARABIC in result.text
    assert result is response
    assert crawler.stats is not None
    assert crawler.stats.get_value(REPAIRED) is None


@pytest.mark.parametrize("charset", ARABIC_CHARSETS)
def test_middleware_nothing_declared(crawler: Crawler, middleware: CharsetRepairMiddleware, charset: str) -> None:
    """No header, no ``<meta>``: whether Scrapy's detection or the repair gets it, the text is
    right, and a repair is counted exactly when the response was replaced."""
    response = HtmlResponse(url=URL, body=_html(ARABIC, charset))
    result = _process(middleware, response)
    assert ARABIC in result.text
    assert crawler.stats is not None
    assert crawler.stats.get_value(REPAIRED) == (None if result is response else 1)


@pytest.mark.parametrize(
    ("charset", "content_type"),
    [
        pytest.param("utf-8", "text/html; charset=utf-8", id="header"),
        pytest.param("utf-8", None, id="no-header"),
        pytest.param("windows-1256", "text/html; charset=windows-1256", id="cp1256-declared-right"),
    ],
)
def test_middleware_leaves_correct_page_alone(
    crawler: Crawler, middleware: CharsetRepairMiddleware, charset: str, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(url=URL, body=_html(ARABIC, charset, meta=charset), headers=headers)
    result = _process(middleware, response)
    assert result is response
    assert ARABIC in result.text
    assert crawler.stats is not None
    assert crawler.stats.get_stats() == {}


def test_middleware_leaves_correct_french_page_alone(crawler: Crawler, middleware: CharsetRepairMiddleware) -> None:
    body = f"<html><head><meta charset=utf-8></head><body><p>{FRENCH_ARTICLE}</p></body></html>".encode()
    response = HtmlResponse(url=URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    assert FRENCH_ARTICLE in response.text
    result = _process(middleware, response)
    assert result is response
    assert crawler.stats is not None
    assert crawler.stats.get_value(REPAIRED) is None


@pytest.mark.parametrize(
    ("charset", "content_type"),
    [
        pytest.param("windows-1256", "text/html; charset=windows-874", id="cp1256-read-as-thai"),
        pytest.param("windows-1256", "text/html; charset=shift_jis", id="cp1256-read-as-shift-jis"),
        pytest.param("iso-8859-6", "text/html; charset=windows-1256", id="iso-served-as-cp1256"),
        pytest.param("iso-8859-6", "text/html; charset=windows-874", id="iso-read-as-thai"),
    ],
)
def test_middleware_repairs_other_wrong_charsets(
    crawler: Crawler, middleware: CharsetRepairMiddleware, charset: str, content_type: str
) -> None:
    response = HtmlResponse(url=URL, body=_html(ARABIC, charset, meta=charset), headers={"Content-Type": content_type})
    assert ARABIC not in response.text
    result = _process(middleware, response)
    assert ARABIC in result.text


@pytest.mark.parametrize("count", [1, 5])
def test_middleware_counts_unrepairable(crawler: Crawler, middleware: CharsetRepairMiddleware, count: int) -> None:
    """A right UTF-8 page that itself contains U+FFFD looks broken, but no other charset reads
    better: it is counted as unrepaired and returned unchanged (not turned into ``ط£`` garbage)."""
    text = ARABIC + " \ufffd" * count
    response = HtmlResponse(
        url=URL, body=_html(text, "utf-8", meta="utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    result = _process(middleware, response)
    assert result is response
    assert ARABIC in result.text
    assert crawler.stats is not None
    assert crawler.stats.get_value(UNREPAIRED) == 1
    assert crawler.stats.get_value(REPAIRED) is None


def test_middleware_ignores_non_html(crawler: Crawler, middleware: CharsetRepairMiddleware) -> None:
    response = TextResponse(
        url=URL, body=ARABIC.encode("windows-1256"), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    assert middleware.process_response(Request(URL), response) is response
    assert crawler.stats is not None
    assert crawler.stats.get_stats() == {}


def test_middleware_ignores_empty_body(crawler: Crawler, middleware: CharsetRepairMiddleware) -> None:
    response = HtmlResponse(url=URL, body=b"", headers={"Content-Type": "text/html; charset=utf-8"})
    assert middleware.process_response(Request(URL), response) is response
    assert crawler.stats is not None
    assert crawler.stats.get_stats() == {}


def test_middleware_disabled_by_setting() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_CHARSET_REPAIR_ENABLED": False})
    with pytest.raises(NotConfigured):
        build_from_crawler(CharsetRepairMiddleware, crawler)


def test_middleware_enabled_explicitly() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_CHARSET_REPAIR_ENABLED": True})
    assert isinstance(build_from_crawler(CharsetRepairMiddleware, crawler), CharsetRepairMiddleware)
