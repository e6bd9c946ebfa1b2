"""Arabic text cleaning: *display* text for stored fields and a *match* key for comparisons.

Two levels, as described in the project's Arabic notes:

* :func:`clean_display` keeps the page's own words (no letter folding, diacritics and
  Eastern digits kept) and only removes invisible junk. It is what goes into ``headline``,
  ``articleBody`` and the other stored text fields.
* :func:`match_key` folds spelling variants (hamza on alef, ى/ي, ة/ه, harakat, digits, case,
  punctuation) so that two copies of the same text compare equal. It is never stored as text;
  it feeds boilerplate rules, deduplication and search.

Every function here is a pure ``str -> str`` so that item loaders can compose them.

>>> clean_display("الأمم&nbsp;المتحدة  &amp; الناتو")
'الأمم المتحدة & الناتو'
>>> match_key("أعلنت وزارة الدفاع")
'اعلنت وزاره الدفاع'
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache, partial

import numpy as np

# D3: invisible and bidi controls (ZWNJ U+200C and ZWJ U+200D are kept: Persian needs them).
_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u2060\u00ad\u180e]")
# D4: Arabic presentation forms, except the word ligatures ﷺ ﷻ ﷼ ﷽ (U+FDF0–U+FDFD).
_PRESENTATION_RE = re.compile("[\ufb50-\ufdef\ufdfe\ufdff\ufe70-\ufefe]+")
# Arabic-script letters (no marks, no tatweel U+0640, no digits or punctuation).
_LETTER = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
)
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff"
# D5: tatweel between two letters (harakat may sit between the letter and the tatweel).
_KASHIDA_RE = re.compile(f"(?<=[{_LETTER}{_MARKS}])\u0640+(?=[{_MARKS}]*[{_LETTER}])")
# D6: exotic spaces.
_SPACES_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")
_MULTISPACE_RE = re.compile(" {2,}")
_BLANK_LINES_RE = re.compile("\n{3,}")

_MARKS_AND_FOLD_TABLE = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        "\u0640": None,
        "\u200c": None,
        "\u200d": None,
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
# Every character of the BMP, once, so that tables are built by one regex pass each.
_BMP = "".join(map(chr, range(0x10000)))
_MARKS_AND_FOLD_TABLE.update(dict.fromkeys(map(ord, re.findall(f"[{_MARKS}]", _BMP))))
_HAMZA_CARRIERS_TABLE = str.maketrans({"ئ": "ء", "ؤ": "ء"})
# Word ligatures that NFKC does not expand (or expands to a Persian spelling).
_LIGATURES = {"\ufdfd": "بسم الله الرحمن الرحيم", "\ufdfc": "ريال"}


def _mojibake_codec(charset: str) -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern for runs of UTF-8 Arabic (lead bytes D8–DB, continuation 80–BF) read as
    ``charset``, and the map from those characters back to their bytes."""
    chars: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):
            chars[bytes([byte]).decode(charset)] = byte
        if byte < 0xA0:
            chars.setdefault(chr(byte), byte)  # latin-1 decoders give C1 controls here
    lead = "".join(re.escape(c) for c, b in chars.items() if 0xD8 <= b <= 0xDB)
    tail = "".join(re.escape(c) for c, b in chars.items() if 0x80 <= b <= 0xBF)
    pair = f"[{lead}][{tail}]"
    # "pair(?:pair)*", not "(?:pair)+": a pattern that opens with a character set is
    # searched by its first character, several times faster.
    return re.compile(f"{pair}(?:{pair})*(?:[ \t]+(?:{pair})+)*"), chars


_MOJIBAKE = {charset: _mojibake_codec(charset) for charset in ("cp1252", "cp1256")}

# Kinds of characters a cleaning step acts on, found for a whole text in one vectorised
# pass (:func:`_kinds`): a step whose characters a text lacks is skipped, since a regular
# expression scan costs ~50 ns a character and most texts need none of them.
_INVISIBLE, _PRESENTATION, _SPACE_LIKE = 1, 2, 4
_MOJIBAKE_KINDS = {"cp1252": (8, 16), "cp1256": (32, 64)}  # (lead bytes D8–DB, continuation bytes)


def _kinds_lut() -> np.ndarray:
    lut = np.zeros(0x10000, dtype=np.uint8)
    for kind, pattern in ((_INVISIBLE, _INVISIBLE_RE), (_PRESENTATION, _PRESENTATION_RE), (_SPACE_LIKE, _SPACES_RE)):
        lut[[ord(ch) for run in pattern.findall(_BMP) for ch in run]] |= kind
    for charset, (lead, tail) in _MOJIBAKE_KINDS.items():
        for ch, byte in _MOJIBAKE[charset][1].items():
            lut[ord(ch)] |= lead if 0xD8 <= byte <= 0xDB else tail if 0x80 <= byte <= 0xBF else 0
    return lut


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included) as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@lru_cache(maxsize=16)  # the steps of one cleaning ask about the same text
def _kinds(text: str) -> int:
    """The kinds of :data:`_KINDS_LUT` characters ``text`` holds, as bits (a short text
    character by character: the vectorised pass costs a few µs to start)."""
    if len(text) < SHORT_TEXT:
        kinds = 0
        for ch in set(text):
            kinds |= _KIND_OF.get(ch, 0)
        return kinds
    codes = _code_points(text)
    return int(np.bitwise_or.reduce(_KINDS_LUT[np.minimum(codes, 0xFFFF)])) if codes.size else 0


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 Arabic that was decoded as cp1252/latin-1 (``Ø£Ø®Ø¨Ø§Ø±``) or cp1256
    (``ط£ط®ط¨ط§ط±``) somewhere upstream (in a feed, a CMS, JSON-LD), run by run; then drop
    U+FFFD, whose bytes are lost. Text without such runs is returned unchanged.

    >>> repair_mojibake("Ø£Ø®Ø¨Ø§Ø± Ø§Ù„ÙŠÙˆÙ…")
    'أخبار اليوم'
    """
    for charset, (pattern, chars) in _MOJIBAKE.items():
        lead, tail = _MOJIBAKE_KINDS[charset]
        kinds = _kinds(text)
        if kinds & lead and kinds & tail and pattern.search(text):  # a pair needs both kinds
            text = pattern.sub(partial(_redecode, chars=chars), text)
    return text.replace("\ufffd", "") if "\ufffd" in text else text


def _redecode(match: re.Match[str], chars: dict[str, int]) -> str:
    """Bytes of a run of mojibake pairs decoded as UTF-8; runs of fewer than three pairs
    are left alone (``مع،`` is real cp1256-range Arabic)."""
    run = match.group()
    if len(run.replace(" ", "").replace("\t", "")) < 6:
        return run
    try:
        return bytes(chars[c] if c not in " \t" else ord(c) for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run


def unescape_html(text: str) -> str:
    """D1: decode HTML entities (``&nbsp;`` → U+00A0, ``&amp;`` → ``&``)."""
    return html.unescape(text)


def remove_invisible(text: str) -> str:
    """D3: remove zero-width and bidi control characters; ZWNJ/ZWJ are kept."""
    return _INVISIBLE_RE.sub("", text) if _kinds(text) & _INVISIBLE else text


def fold_presentation_forms(text: str) -> str:
    """D4: Arabic presentation forms → base letters (NFKC on those characters only)."""
    if not _kinds(text) & _PRESENTATION:
        return text
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def remove_kashida(text: str) -> str:
    """D5: remove tatweel between two letters; a standalone dash-like tatweel (``بيروت ـ``)
    and a word-final one (``1437 هـ``) stay."""
    return _KASHIDA_RE.sub("", text) if "\u0640" in text else text


def normalize_whitespace(text: str) -> str:
    """D6: exotic spaces → space, collapse runs, trim lines, at most one blank line."""
    if _kinds(text) & _SPACE_LIKE:
        text = _SPACES_RE.sub(" ", text)
    if "  " in text:
        text = _MULTISPACE_RE.sub(" ", text)
    if "\n" not in text:
        return text.strip()
    text = "\n".join(line.strip() for line in text.split("\n"))
    return (_BLANK_LINES_RE.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def clean_display(text: str) -> str:
    """Display cleaning D1–D6: what stored text fields hold (mojibake runs repaired first)."""
    text = unicodedata.normalize("NFC", repair_mojibake(unescape_html(text)))
    text = fold_presentation_forms(remove_invisible(text))
    return normalize_whitespace(remove_kashida(text))


def clean_paragraphs(texts: Sequence[str]) -> list[str]:
    """Each text display-cleaned and collapsed to one line (``""`` when nothing is left), in
    one pass over them all: every cleaning step works within a line, so the texts are
    cleaned joined by a line holding only NUL (a character the steps keep) and split
    there again; texts holding NUL themselves are cleaned one by one.

    >>> clean_paragraphs(["الأمم&nbsp;المتحدة", "  ", "بيروت ـ  أعلنت\\nوزارة"])
    ['الأمم المتحدة', '', 'بيروت ـ أعلنت وزارة']
    """
    if not texts or any("\0" in text for text in texts):
        return [" ".join(clean_display(text).split()) for text in texts]
    cleaned = clean_display(_PARAGRAPH_BREAK.join(texts)).split("\0")
    return [" ".join(part.split()) for part in cleaned]


_PARAGRAPH_BREAK = "\n\0\n"


def fold_letters(text: str, *, fold_hamza_carriers: bool = False) -> str:
    """Display text with spelling variants folded, punctuation kept.

    NFKC, ligatures expanded, tatweel/ZWNJ/ZWJ and harakat removed, alef variants → ا,
    ى → ي, ة → ه, Persian ک/ی → ك/ي, Eastern digits → ASCII, casefold.
    ``fold_hamza_carriers`` also folds ئ/ؤ → ء.
    """
    return _fold(clean_display(text), fold_hamza_carriers)


def _compatibility(text: str, fold_hamza_carriers: bool) -> str:
    """Word ligatures expanded, NFKC, and ئ/ؤ → ء when asked: the steps both keys share."""
    for ligature, expansion in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, f" {expansion} ")
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_HAMZA_CARRIERS_TABLE) if fold_hamza_carriers else text


def _fold(text: str, fold_hamza_carriers: bool = False) -> str:
    return _compatibility(text, fold_hamza_carriers).translate(_MARKS_AND_FOLD_TABLE).casefold()


def _key_table() -> dict[int, str | None]:
    """Marks → removed, letter variants → folded, every other non-alphanumeric BMP
    character (punctuation, symbols, ``_``) → space, in one ``str.translate`` table."""
    # re's \w is str.isalnum() plus "_", its \s is str.isspace().
    table: dict[int, str | None] = dict.fromkeys(map(ord, re.findall(r"[^\w\s]|_", _BMP)), " ")
    table.update(_MARKS_AND_FOLD_TABLE)
    return table


# A decimal point or comma between two digits survives punctuation removal.
_DECIMAL_RE = re.compile(r"(?<=\d)([.,])(?=\d)")
_NON_BMP_RE = re.compile("[\U00010000-\U0010ffff]")


def _key_lut() -> np.ndarray:
    """:data:`_KEY_TABLE` as a lookup array over the BMP (0 = delete), for a vectorised
    translate: ``str.translate`` costs ~100 ns a character, this a few."""
    lut = np.arange(0x10000, dtype=np.uint32)
    codes = np.fromiter(_KEY_TABLE, dtype=np.uint32, count=len(_KEY_TABLE))
    lut[codes] = [ord(value) if value else 0 for value in _KEY_TABLE.values()]
    return lut


def _punctuation_to_spaces(text: str) -> str:
    """``text.translate(_KEY_TABLE)`` with a decimal point or comma between two digits kept,
    vectorised over the BMP (``str.translate`` and the regular expression cost ~100 ns a
    character, this a few); characters beyond the BMP take the slow path."""
    if len(text) < SHORT_TEXT:
        return _punctuation_to_spaces_slowly(text)  # the same, without a vectorised pass to start
    codes = _code_points(text)
    if codes.size and codes.max() > 0xFFFF:
        return _punctuation_to_spaces_slowly(text)
    mapped = _KEY_LUT[codes]
    inner = codes[1:-1]
    points = np.flatnonzero((inner == 0x2E) | (inner == 0x2C)) + 1
    if points.size:
        points = points[_DECIMAL_DIGIT[codes[points - 1]] & _DECIMAL_DIGIT[codes[points + 1]]]
        mapped[points] = codes[points]
    return mapped[mapped != 0].tobytes().decode("utf-32-le", "surrogatepass")


def _punctuation_to_spaces_slowly(text: str) -> str:
    """The same, for a short text or one with characters beyond the BMP: split at the decimal points
    (kept, at the odd places), the parts translated and their non-BMP symbols spaced."""
    parts = _DECIMAL_RE.split(text)
    parts[::2] = [_NON_BMP_RE.sub(_non_bmp_symbol_to_space, part.translate(_KEY_TABLE)) for part in parts[::2]]
    return "".join(parts)


def _non_bmp_symbol_to_space(match: re.Match[str]) -> str:
    return match.group() if match.group().isalnum() else " "  # re's \w beyond the BMP


@lru_cache(maxsize=8192)
def match_key(text: str, *, fold_hamza_carriers: bool = False) -> str:
    """Comparison key (never stored as text): :func:`fold_letters`, then punctuation and
    symbols → space (a decimal point between digits stays), spaces collapsed."""
    return display_match_key(clean_display(text), fold_hamza_carriers=fold_hamza_carriers)


@lru_cache(maxsize=1024)  # the dedup stages and the store ask for the same article's key
def display_match_key(display: str, *, fold_hamza_carriers: bool = False) -> str:
    """:func:`match_key` of text that is already display-cleaned (a stored field): the
    same result without cleaning it again. Dedup and search use it on article text."""
    display = _compatibility(display, fold_hamza_carriers)
    # One table folds letters, removes marks and turns punctuation into spaces; casefold
    # last (it is not one character to one character).
    return " ".join(_punctuation_to_spaces(display).casefold().split())


def display_match_keys(displays: Sequence[str]) -> list[str]:
    """:func:`display_match_key` of each text, computed in one pass over them all: every
    step works character by character or within a line, so the texts are joined by line
    breaks (their own breaks are spaces to a key) and the keys split apart again.

    >>> display_match_keys(["أعلنت وزارة", "الدفاع،\\nأمس 3.5"])
    ['اعلنت وزاره', 'الدفاع امس 3.5']
    """
    if not displays:
        return []
    joined = "\n".join(text.replace("\n", " ") for text in displays)
    lines = _punctuation_to_spaces(_compatibility(joined, False)).casefold().split("\n")
    return [" ".join(line.split()) for line in lines]


_KEY_TABLE = _key_table()
_KEY_LUT = _key_lut()
_KINDS_LUT = _kinds_lut()
_KIND_OF = {chr(code): int(_KINDS_LUT[code]) for code in np.flatnonzero(_KINDS_LUT)}
SHORT_TEXT = 160  # characters: below, a text is looked at character by character
_DECIMAL_DIGIT = np.array([ch.isdecimal() for ch in _BMP], dtype=bool)  # re's \d
