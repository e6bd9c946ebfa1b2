"""Synthetic Arabic wire stories and their copies, for dedup tests and benchmarks.

Words come from the replica's own article text (``tests/golden/elaph``). A *story* is a
headline and paragraphs drawn from that vocabulary with a seeded generator; a *copy* is
what another outlet makes of it: re-spelled (hamza forms, ة/ه, ى/ي, harakat, tatweel),
a paragraph dropped, a few words changed, a new headline, its own dateline. Unrelated
stories share the vocabulary but not the text; a *background sibling* shares two
background paragraphs with a story and nothing else (Jaccard ≈ 0.2: not a duplicate).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "elaph"


@cache
def vocabulary() -> tuple[str, ...]:
    words: set[str] = set()
    for path in GOLDEN.glob("*.json"):
        for paragraph in json.loads(path.read_text(encoding="utf-8"))["paragraphs"]:
            words.update(w for w in re.findall(r"[\u0621-\u064a]{2,}", paragraph))
    return tuple(sorted(words))


@dataclass
class Story:
    headline: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def story(rng: random.Random, paragraphs: int = 8, words: int = 35) -> Story:
    vocab = vocabulary()

    def sentence(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    return Story(sentence(9), [sentence(rng.randint(words - 10, words + 10)) + "." for _ in range(paragraphs)])


_RESPELL = [("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("ي", "ى")]


def respell(word: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        old, new = rng.choice(_RESPELL)
        word = word.replace(old, new, 1)
    if rng.random() < 0.1 and len(word) > 3:
        word = word[:2] + "\u0640" + word[2:]  # tatweel
    if rng.random() < 0.1:
        word = word[:1] + "\u064e" + word[1:]  # a fatha
    return word


def copy_of(original: Story, rng: random.Random, *, edit_rate: float = 0.03, drop: int = 1) -> Story:
    """Another outlet's copy of ``original``."""
    vocab = vocabulary()
    paragraphs = list(original.paragraphs)
    for _ in range(min(drop, len(paragraphs) - 1)):
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    edited = []
    for paragraph in paragraphs:
        words = []
        for word in paragraph.split():
            roll = rng.random()
            if roll < edit_rate / 2:
                words.append(rng.choice(vocab))  # a changed word
            elif roll < edit_rate:
                continue  # a dropped word
            else:
                words.append(respell(word, rng))
        edited.append(" ".join(words))
    edited[0] = rng.choice(["بيروت ـ أ ف ب:", "باريس ـ رويترز:", "القاهرة:"]) + " " + edited[0]
    headline = " ".join(rng.choice(vocab) for _ in range(8))
    return Story(headline, edited)


def background_sibling(original: Story, rng: random.Random) -> Story:
    """A different story that reuses two background paragraphs of ``original``."""
    other = story(rng)
    other.paragraphs[-2:] = original.paragraphs[-2:]
    return other
