"""The regular-expression implementation of newscrawl.text.arabic's cleaning and match
keys as of 6827a91, before its fast paths: the reference the fast paths must equal
(tests/test_text.py). Not used by newscrawl itself."""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from functools import partial

from newscrawl.text.arabic import (
    _BLANK_LINES_RE,
    _DECIMAL_RE,
    _DECIMAL_STANDIN,
    _INVISIBLE_RE,
    _KASHIDA_RE,
    _KEY_TABLE,
    _MULTISPACE_RE,
    _NON_BMP_SYMBOL_RE,
    _PRESENTATION_RE,
    _SPACES_RE,
    _compatibility,
    _redecode,
)


def _mojibake_codec(charset: str) -> tuple[re.Pattern[str], dict[str, int]]:
    chars: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):
            chars[bytes([byte]).decode(charset)] = byte
        if byte < 0xA0:
            chars.setdefault(chr(byte), byte)
    lead = "".join(re.escape(c) for c, b in chars.items() if 0xD8 <= b <= 0xDB)
    tail = "".join(re.escape(c) for c, b in chars.items() if 0x80 <= b <= 0xBF)
    pair = f"[{lead}][{tail}]"
    return re.compile(f"(?:{pair})+(?:[ \t]+(?:{pair})+)*"), chars


_MOJIBAKE = {charset: _mojibake_codec(charset) for charset in ("cp1252", "cp1256")}


def repair_mojibake(text: str) -> str:
    for pattern, chars in _MOJIBAKE.values():
        if pattern.search(text):
            text = pattern.sub(partial(_redecode, chars=chars), text)
    return text.replace("\ufffd", "")


def normalize_whitespace(text: str) -> str:
    text = _MULTISPACE_RE.sub(" ", _SPACES_RE.sub(" ", text))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def clean_display(text: str) -> str:
    text = unicodedata.normalize("NFC", repair_mojibake(html.unescape(text)))
    text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), _INVISIBLE_RE.sub("", text))
    return normalize_whitespace(_KASHIDA_RE.sub("", text))


def display_match_key(display: str, *, fold_hamza_carriers: bool = False) -> str:
    display = _compatibility(display, fold_hamza_carriers)
    decimals = "." in display or "," in display
    if decimals:
        display = _DECIMAL_RE.sub(lambda m: _DECIMAL_STANDIN[m.group(1)], display)
    translated = display.translate(_KEY_TABLE)
    display = _NON_BMP_SYMBOL_RE.sub(" ", translated) if any(ord(c) > 0xFFFF for c in display) else translated
    if decimals:
        display = display.replace("\ue000", ".").replace("\ue001", ",")
    return " ".join(display.casefold().split())
