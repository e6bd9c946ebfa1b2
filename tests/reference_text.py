"""The regular-expression implementation of newscrawl.text.arabic's cleaning and match
keys as of 6827a91, before its fast paths: the reference the fast paths must equal
(tests/test_text.py). Not used by newscrawl itself."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import partial

from newscrawl.text.arabic import (
    _BLANK_LINES_RE,
    _DECIMAL_RE,
    _INVISIBLE_RE,
    _KASHIDA_RE,
    _KEY_TABLE,
    _MULTISPACE_RE,
    _PRESENTATION_RE,
    _SPACES_RE,
    _compatibility,
    _redecode,
)
from newscrawl.text.arabic import (
    _MOJIBAKE as NEW_MOJIBAKE,
)


def _old_pattern(chars: dict[str, int]) -> re.Pattern[str]:
    """The mojibake pattern in 6827a91's form ("(?:pair)+"), over newscrawl's own byte map."""
    lead = "".join(re.escape(c) for c, b in chars.items() if 0xD8 <= b <= 0xDB)
    tail = "".join(re.escape(c) for c, b in chars.items() if 0x80 <= b <= 0xBF)
    pair = f"[{lead}][{tail}]"
    return re.compile(f"(?:{pair})+(?:[ \t]+(?:{pair})+)*")


_MOJIBAKE = {charset: (_old_pattern(chars), chars) for charset, (_, chars) in NEW_MOJIBAKE.items()}


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
    # Two fixes since 6827a91: decimal points were marked with private-use stand-ins, which
    # turned a U+E000/U+E001 of the text into "." or ","; and a text with a character beyond
    # the BMP (an emoji) had the "." and "," its Arabic separators fold to spaced as well.
    display = _compatibility(display, fold_hamza_carriers)
    parts = _DECIMAL_RE.split(display)
    for index in range(0, len(parts), 2):
        translated = parts[index].translate(_KEY_TABLE)
        parts[index] = "".join(ch if ord(ch) <= 0xFFFF or ch.isalnum() else " " for ch in translated)
    return " ".join("".join(parts).casefold().split())
