"""Charset repair: find pages decoded with the wrong charset and decode their bytes again.

Scrapy trusts the HTTP header over ``<meta charset>``; a windows-1256 page served as
``utf-8`` decodes to U+FFFD, one served as ``iso-8859-1`` to ``ÃÎÈÇÑ``-style mojibake, and a
UTF-8 page read as cp1252/cp1256 to ``Ø£Ø®``/``ط£ط®`` runs. :func:`repair_candidates` names
the charsets worth trying and :func:`best_decoding` picks the one whose text reads as Arabic.
Always decode the original bytes: decoding already-decoded text again loses letters.
"""

from __future__ import annotations

import re

# Arabic letters (the basic block).
_ARABIC_RE = re.compile("[\u0621-\u064a]")
# Word-initial definite article: the commonest bigram of real Arabic text, absent in most
# wrong decodings (cp1256 bytes of "ال" read as ISO-8859-6 give "اف").
_ARTICLE_RE = re.compile("(?<![\u0621-\u064a])\u0627\u0644")
# Latin-1 letters that only turn up in bulk when Arabic bytes are read as cp1252/latin-1.
_LATIN1_RE = re.compile("[\u00c0-\u00ff]")
# UTF-8 Arabic read as cp1256: "ط£ط®ط¨ط§ط±" (ط/ظ followed by a byte-pair tail).
_UTF8_AS_CP1256_RE = re.compile("[\u0637\u0638][\u00a0-\u00bf\u0152\u0153\u02c6\u2018-\u203a\u0679-\u06af]")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

FALLBACK_CHARSETS = ("utf-8", "windows-1256", "iso-8859-6")


def looks_misdecoded(text: str) -> bool:
    """True when ``text`` shows the symptoms of a wrong charset: U+FFFD replacement
    characters, Latin-1 letter runs where there are no Arabic letters, or ``ط£``-style pairs."""
    if "\ufffd" in text:
        return True
    latin1 = len(_LATIN1_RE.findall(text))
    arabic = len(_ARABIC_RE.findall(text))
    if latin1 > 50 and latin1 > arabic:
        return True
    return len(_UTF8_AS_CP1256_RE.findall(text)) > 20


def arabic_score(text: str) -> float:
    """How much ``text`` reads like Arabic: Arabic letters plus a bonus per word-initial
    ``ال``, minus mojibake symptoms."""
    penalty = 50 * text.count("\ufffd") + 2 * len(_LATIN1_RE.findall(text)) + 5 * len(_UTF8_AS_CP1256_RE.findall(text))
    return len(_ARABIC_RE.findall(text)) + 5 * len(_ARTICLE_RE.findall(text)) - penalty


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
    """The candidate charset that decodes ``body`` strictly and scores higher than the
    current text, or ``None`` when none does better."""
    best, best_score = None, arabic_score(current_text)
    for name in candidates:
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = arabic_score(text)
        if score > best_score:
            best, best_score = name, score
    return best


def _normal(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()
