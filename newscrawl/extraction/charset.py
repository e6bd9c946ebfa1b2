"""Charset repair: find pages decoded with the wrong charset and decode their bytes again.

Scrapy trusts the HTTP header over ``<meta charset>``; a windows-1256 page served as
``utf-8`` decodes to U+FFFD, one served as ``iso-8859-1`` to ``ÃÎÈÇÑ``-style mojibake, and a
UTF-8 page read as cp1252/cp1256 to ``Ø£Ø®``/``ط£ط®`` runs. ISO-8859-6 bytes read as
windows-1256 even give Arabic letters, but almost no word starts with ``ال``.

:func:`looks_misdecoded` spots the symptoms, :func:`reads_as_arabic` says whether a
decoding is real Arabic-script text, and :func:`best_decoding` picks the candidate charset
that reads best. Always decode the original bytes: decoding already-decoded text loses letters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.http import TextResponse

_ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_ARABIC_RE = re.compile(f"[{_ARABIC_LETTER}]")
_ARABIC_WORD_RE = re.compile(f"[{_ARABIC_LETTER}\u064b-\u0652]{{2,}}")
_PERSIAN_RE = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
_LATIN1_RE = re.compile("[\u00c0-\u00ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# UTF-8 Arabic read as cp1256: "ط£ط®ط¨ط§ط±" (ط/ظ followed by a byte-pair tail).
_UTF8_AS_CP1256_RE = re.compile("[\u0637\u0638][\u00a0-\u00bf\u0152\u0153\u02c6\u2018-\u203a\u0679-\u06af]")
_NON_TEXT_RE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

FALLBACK_CHARSETS = ("utf-8", "windows-1256", "iso-8859-6")
UNICODE_CHARSETS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"})
# Real Arabic prose: far more than this share of words start with the article "ال".
MIN_ARTICLE_SHARE = 0.05
MIN_WORDS_FOR_ARTICLE_TEST = 30


@dataclass(frozen=True)
class ScriptCounts:
    """Letter and word counts of a text's visible part."""

    letters: int
    arabic: int
    latin: int
    latin1: int
    persian: int
    arabic_words: int
    article_words: int
    replacement: int
    utf8_as_cp1256: int

    @classmethod
    def of(cls, text: str) -> ScriptCounts:
        words = _ARABIC_WORD_RE.findall(text)
        return cls(
            letters=len(_LETTER_RE.findall(text)),
            arabic=len(_ARABIC_RE.findall(text)),
            latin=len(_LATIN_RE.findall(text)),
            latin1=len(_LATIN1_RE.findall(text)),
            persian=len(_PERSIAN_RE.findall(text)),
            arabic_words=len(words),
            article_words=sum(1 for w in words if w.startswith("ال")),
            replacement=text.count("\ufffd"),
            utf8_as_cp1256=len(_UTF8_AS_CP1256_RE.findall(text)),
        )

    @classmethod
    def of_page(cls, html: str) -> ScriptCounts:
        """Counts of the visible text of a page (or of plain text)."""
        return cls.of(visible_text(html))

    @property
    def misdecoded(self) -> bool:
        """The symptoms of a wrong charset (see :func:`looks_misdecoded`)."""
        if self.replacement or self.utf8_as_cp1256 > 20:
            return True
        if self.latin1 > 20 and self.latin1 > 0.3 * self.latin:
            return True
        return self.arabic_prose_is_implausible

    @property
    def reads_as_arabic(self) -> bool:
        """Mostly Arabic-script letters that read as prose (see :func:`reads_as_arabic`)."""
        if not self.letters or self.replacement or self.arabic < 0.5 * self.letters:
            return False
        return not self.arabic_prose_is_implausible

    @property
    def score(self) -> float:
        """See :func:`arabic_score`."""
        return self.arabic + 5 * self.article_words - 50 * self.replacement - 2 * self.latin1 - 5 * self.utf8_as_cp1256

    @property
    def arabic_prose_is_implausible(self) -> bool:
        """Many Arabic-letter words, hardly any ``ال``, and no Persian letters."""
        return (
            self.arabic_words >= MIN_WORDS_FOR_ARTICLE_TEST
            and self.article_words < MIN_ARTICLE_SHARE * self.arabic_words
            and self.persian * 100 < self.arabic
        )


def visible_text(html: str) -> str:
    """Text outside tags, scripts, styles and comments (a rough cut, enough for counting)."""
    return _NON_TEXT_RE.sub(" ", html)


def looks_misdecoded(text: str) -> bool:
    """True when the visible part of ``text`` shows a wrong charset: U+FFFD, Latin-1 letter
    runs that make up most Latin letters (``ÃÎÈÇÑ``), ``ط£``-style pairs, or Arabic letters
    that do not read as Arabic prose. Accented French or Spanish is not a symptom."""
    return ScriptCounts.of_page(text).misdecoded


def reads_as_arabic(text: str) -> bool:
    """True when most letters of the visible text are Arabic-script and, given enough words,
    it reads as Arabic (``ال``) or Persian (پ چ ژ گ ک ی) prose."""
    return ScriptCounts.of_page(text).reads_as_arabic


def worth_checking(text: str, encoding: str) -> bool:
    """Whether a page should be tried under other charsets: it looks mis-decoded, or it was
    read with a non-Unicode charset and its non-ASCII letters are not Arabic (Arabic bytes
    read as Thai, Cyrillic…)."""
    return _worth_checking(text, encoding, ScriptCounts.of_page(text))


def _worth_checking(text: str, encoding: str, counts: ScriptCounts) -> bool:
    if _normal(encoding) in UNICODE_CHARSETS:
        # A Unicode decoding is wrong only where it had to replace bytes; mojibake stored
        # in the bytes themselves cannot be fixed by decoding them again.
        return "\ufffd" in text and counts.misdecoded
    return counts.misdecoded or (counts.letters - counts.latin > 20 and not counts.reads_as_arabic)


def arabic_score(text: str) -> float:
    """How much ``text`` reads like Arabic: Arabic letters plus a bonus per word-initial
    ``ال``, minus mojibake symptoms."""
    return ScriptCounts.of_page(text).score


def declared_meta_charset(body: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag in the first 4 KB, if any."""
    match = _META_CHARSET_RE.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def repair_candidates(body: bytes, current: str) -> list[str]:
    """Charsets to try for ``body``, the ``<meta>``-declared one first, ``current`` excluded."""
    names = [declared_meta_charset(body), *FALLBACK_CHARSETS]
    seen: list[str] = []
    for name in names:
        if name and name not in seen and _normal(name) != _normal(current):
            seen.append(name)
    return seen


def best_decoding(body: bytes, current_text: str, candidates: list[str]) -> str | None:
    """The candidate charset that decodes ``body`` strictly into text that reads as Arabic
    and scores higher than the current text, or ``None`` when none does."""
    return _best_decoding(body, ScriptCounts.of_page(current_text), candidates)


def _best_decoding(body: bytes, current: ScriptCounts, candidates: list[str]) -> str | None:
    best, best_score = None, current.score
    for name in candidates:
        try:
            counts = ScriptCounts.of_page(body.decode(name))
        except (UnicodeDecodeError, LookupError):
            continue
        if counts.reads_as_arabic and counts.score > best_score:
            best, best_score = name, counts.score
    return best


@dataclass(frozen=True)
class Redecoded:
    """What :func:`redecode` did: the response to use, the charset it switched to (or
    ``None``), and whether the original text looked broken."""

    response: TextResponse
    charset: str | None
    looked_broken: bool


def redecode(response: TextResponse) -> Redecoded:
    """Decode ``response``'s bytes again with the charset that reads best, when its text
    shows a wrong decoding; otherwise return it unchanged."""
    text = response.text
    if _normal(response.encoding) in UNICODE_CHARSETS and "\ufffd" not in text:
        return Redecoded(response, None, False)  # what _worth_checking says, without counting
    counts = ScriptCounts.of_page(text)
    if not _worth_checking(text, response.encoding, counts):
        return Redecoded(response, None, False)
    charset = _best_decoding(response.body, counts, repair_candidates(response.body, response.encoding))
    if charset is None:
        return Redecoded(response, None, counts.misdecoded)
    return Redecoded(response.replace(encoding=charset), charset, True)


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()
