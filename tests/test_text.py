"""Tests for :mod:`newscrawl.text.arabic`: the two levels of Arabic text cleaning.

The table ``tests/data/normalization_vectors.json`` (a copy of the project's shared Arabic
vectors) gives, for each ``input``, the expected *display* text (``clean_display``) and the
expected *match* key (``match_key``). On top of the table: the hamza-carrier option named in
the note of ``hamza_carriers_default``, idempotence of ``clean_display`` and the absence of
invisible characters in its output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.text.arabic import clean_display, match_key, repair_mojibake

VECTORS_PATH = Path(__file__).parent / "data" / "normalization_vectors.json"
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
BY_RULE: dict[str, dict[str, Any]] = {case["rule"]: case for case in VECTORS}

# Characters that must never survive display cleaning.
FORBIDDEN_IN_DISPLAY = {
    "\ufffd": "REPLACEMENT CHARACTER",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\ufeff": "BYTE ORDER MARK",
}


def _cases(field: str) -> list[Any]:
    return [pytest.param(case["input"], case[field], id=case["rule"]) for case in VECTORS]


def test_vector_table_is_complete() -> None:
    """The copy holds the 40 cases of the shared table, each rule once, no field missing."""
    assert len(VECTORS) == 40
    assert len(BY_RULE) == len(VECTORS)
    for case in VECTORS:
        assert {"rule", "input", "display", "match"} <= case.keys(), case["rule"]


@pytest.mark.parametrize(("raw", "expected"), _cases("display"))
def test_clean_display(raw: str, expected: str) -> None:
    assert clean_display(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), _cases("match"))
def test_match_key(raw: str, expected: str) -> None:
    assert match_key(raw) == expected


def test_hamza_carriers_not_folded_by_default() -> None:
    case = BY_RULE["hamza_carriers_default"]
    assert match_key(case["input"]) == "مسئول مسؤول"


def test_hamza_carriers_folded_on_request() -> None:
    """The note of ``hamza_carriers_default``: ئ and ؤ both fold to ء, so both spellings meet."""
    case = BY_RULE["hamza_carriers_default"]
    assert match_key(case["input"], fold_hamza_carriers=True) == "مسءول مسءول"
    assert match_key("مسئول", fold_hamza_carriers=True) == match_key("مسؤول", fold_hamza_carriers=True)


@pytest.mark.parametrize("display", [pytest.param(case["display"], id=case["rule"]) for case in VECTORS])
def test_clean_display_is_idempotent(display: str) -> None:
    assert clean_display(display) == display
    assert clean_display(clean_display(display)) == display


@pytest.mark.parametrize("raw", [pytest.param(case["input"], id=case["rule"]) for case in VECTORS])
def test_clean_display_leaves_no_invisible_characters(raw: str) -> None:
    cleaned = clean_display(raw)
    found = [name for char, name in FORBIDDEN_IN_DISPLAY.items() if char in cleaned]
    assert not found, f"{found} left in {cleaned!r}"


MOJIBAKE_SOURCE = "أخبار اليوم في بيروت، مع عاجل"


@pytest.mark.parametrize(
    "garbled",
    [
        pytest.param(MOJIBAKE_SOURCE.encode("utf-8").decode("latin-1"), id="utf8-read-as-latin1"),
        pytest.param(MOJIBAKE_SOURCE.encode("utf-8").decode("cp1256"), id="utf8-read-as-cp1256"),
        pytest.param("Ø£Ø®Ø¨Ø§Ø± Ø§Ù„ÙŠÙˆÙ…", id="utf8-read-as-cp1252"),
    ],
)
def test_repair_mojibake_restores_arabic(garbled: str) -> None:
    repaired = repair_mojibake(garbled)
    assert repaired in MOJIBAKE_SOURCE
    assert clean_display(f"<{garbled}>") == f"<{repaired}>"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("مع، عن، ظل، طب، غد", id="short-words-in-mojibake-range"),
        pytest.param("Café, résumé, Ørsted, Ùbeda", id="latin-accents"),
        pytest.param("أعلنت وزارة الدفاع", id="arabic"),
    ],
)
def test_repair_mojibake_leaves_real_text(text: str) -> None:
    assert repair_mojibake(text) == text


def test_replacement_characters_never_reach_display() -> None:
    assert clean_display("بير\ufffdوت") == "بيروت"


# Characters at the edges of every key step: line breaks and other spaces, decimal points,
# ligatures NFKC expands or not, presentation forms, marks, tatweel, digits, case.
KEY_ALPHABET = (
    "أ", "ة", "ى", "ـ", "\u064e", "\ufdfd", "\ufdfc", "\ufefb", "ﻻ", "ﬁ", "٣", "3", ".", ",", "،", "-", " ",
    "\n", "\r", "\t", "\u2028", "\x85", "\u00a0", "A", "ß", "İ", "_", "\U0001f600", "\u200c", "ك", "ی",
)  # fmt: skip


def test_display_match_keys_equal_one_key_at_a_time() -> None:
    """Keys computed in one pass over many texts are the keys computed one by one."""
    import random

    from newscrawl.text.arabic import display_match_key, display_match_keys

    rng = random.Random(20261207)
    for _ in range(300):
        texts = ["".join(rng.choices(KEY_ALPHABET, k=rng.randrange(0, 12))) for _ in range(rng.randrange(1, 6))]
        assert display_match_keys(texts) == [display_match_key(text) for text in texts], texts
    assert display_match_keys([]) == []


CLEAN_ALPHABET = (
    *KEY_ALPHABET, "&", "amp;", "&#1575;", "nbsp", "Ø", "£", "ط", "\u200b", "\ufeff", "\ufffd", "\ufe8d", "\u0640",
    "\n\n\n", "  ", "ب", "\u0651",
)  # fmt: skip


def test_clean_paragraphs_equal_one_paragraph_at_a_time() -> None:
    """Paragraphs cleaned in one pass are the paragraphs cleaned one by one and collapsed
    to a line (mojibake runs, entities, kashida and blank lines at their edges included)."""
    import random

    from newscrawl.text.arabic import clean_paragraphs

    rng = random.Random(7)
    for _ in range(400):
        texts = ["".join(rng.choices(CLEAN_ALPHABET, k=rng.randrange(0, 14))) for _ in range(rng.randrange(1, 6))]
        assert clean_paragraphs(texts) == [" ".join(clean_display(t).split()) for t in texts], texts
    assert clean_paragraphs([]) == []
    assert clean_paragraphs(["a\0b", "c"]) == ["a\0b", "c"]


# Every character class a cleaning or key step acts on, and its neighbours: the fast paths
# (steps skipped for texts without their characters, the vectorised key) must give what
# the regular expressions alone gave (tests/reference_text.py).
FAST_PATH_ALPHABET = (
    *CLEAN_ALPHABET, "Ø£", "Ø§", "Ù„", "ط£", "ط§", "ظ„", "ع،", "غ", "\t", "٫", "٬", "1,000", "2.5", "٣٫٥", "\ue000",
    "\ue001", "\ud800", "ﻷ", "ﹱ", "\u2000", "\u3000", "\x1c", "ΣΑ", "ﬀ",
)  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_fast_paths_equal_the_regular_expressions(seed: int) -> None:
    import random

    from newscrawl.text.arabic import display_match_key
    from tests import reference_text

    rng = random.Random(seed)
    for attempt in range(500):
        size = rng.randrange(0, 30) if attempt % 2 else rng.randrange(80, 400)  # short and vectorised paths
        text = "".join(rng.choices(FAST_PATH_ALPHABET, k=size))
        assert clean_display(text) == reference_text.clean_display(text), repr(text)
        for fold in (False, True):
            expected = reference_text.display_match_key(text, fold_hamza_carriers=fold)
            assert display_match_key.__wrapped__(text, fold_hamza_carriers=fold) == expected, repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_an_articles_key_is_made_of_its_fields_keys(seed: int) -> None:
    """The article key the dedup stages share, built from the headline's and body's own
    keys, is the key of the two joined by a line break (what it was computed from before)."""
    import random

    from newscrawl.content_hash import text_key
    from newscrawl.text.arabic import display_match_key

    rng = random.Random(seed)
    for _ in range(400):
        headline, body = ("".join(rng.choices(FAST_PATH_ALPHABET, k=rng.randrange(0, 120))) for _ in range(2))
        assert text_key(headline, body) == display_match_key.__wrapped__(f"{headline}\n{body}"), (headline, body)


@pytest.mark.parametrize(
    ("display", "key"),
    [
        ("٣٫٥ مليون", "3.5 مليون"),
        ("٣٫٥ مليون 😀", "3.5 مليون"),  # an emoji no longer turns the folded separator into a space
        ("a\ue000b", "a b"),
        ("a\ue000b 1.5", "a b 1.5"),  # a private-use character no longer turns into "." beside a number
        ("1,000.5 و 2.", "1,000.5 و 2"),
    ],
)
def test_match_key_keeps_decimal_points_whatever_else_the_text_holds(display: str, key: str) -> None:
    from newscrawl.text.arabic import display_match_key

    assert display_match_key(display) == key
