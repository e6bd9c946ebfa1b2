"""Score a crawl's records against a replica's gold (``tests/sites/<shape>/gold.json``).

A record belongs to a gold article when the path and query of its ``url`` or
``canonicalUrl`` is one of that article's URL spellings. Body score: bag-of-words F1 after
NFC and punctuation removal (the evaluation set's own measure), per found article.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(unicodedata.normalize("NFC", text)))


def f1(predicted: str, gold: str) -> float:
    p, g = words(predicted), words(gold)
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _spelling(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))


@dataclass
class SiteScore:
    """What a crawl of one replica found, against its gold."""

    articles: int
    found: int = 0
    duplicates: int = 0
    non_articles: list[str] = field(default_factory=list)
    f1: dict[str, float] = field(default_factory=dict)  # gold id -> body F1
    headline_right: int = 0
    date_right: int = 0
    leaks: list[str] = field(default_factory=list)

    @property
    def found_share(self) -> float:
        return self.found / self.articles if self.articles else 0.0

    @property
    def body_f1(self) -> float:
        return sum(self.f1.values()) / len(self.f1) if self.f1 else 0.0

    def row(self) -> str:
        return (
            f"{self.found}/{self.articles} found ({self.found_share:.0%}), body F1 {self.body_f1:.3f}, "
            f"headlines {self.headline_right}/{self.found}, dates {self.date_right}/{self.found}, "
            f"{self.duplicates} duplicates, {len(self.non_articles)} non-article records, {len(self.leaks)} leaks"
        )


def same_date(predicted: str, expected: str, *, with_offset: bool = True) -> bool:
    """The same moment (any offset), or — ``with_offset`` False, for a site whose pages give
    no zone — the same wall-clock minute as well."""
    from datetime import datetime

    try:
        if datetime.fromisoformat(predicted) == datetime.fromisoformat(expected):
            return True
    except (ValueError, TypeError):
        return False
    return not with_offset and len(predicted) > 10 and predicted[:16] == expected[:16]


def score(records: list[dict[str, Any]], gold: dict[str, Any], *, dates_with_offset: bool = True) -> SiteScore:
    """How ``records`` (a feed's lines) compare with ``gold``."""
    by_spelling: dict[str, dict[str, Any]] = {}
    for article in gold["articles"]:
        for spelling in [article["url"], *article["urls"]]:
            by_spelling[unquote(spelling)] = article
    result = SiteScore(articles=len(gold["articles"]))
    seen: set[str] = set()
    for record in records:
        article = by_spelling.get(_spelling(record.get("canonicalUrl") or "")) or by_spelling.get(
            _spelling(record.get("url") or "")
        )
        if article is None:
            result.non_articles.append(record.get("url") or "")
            continue
        key = str(article["id"])
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        result.found += 1
        body = record.get("articleBody") or ""
        result.f1[key] = f1(body, "\n".join(article["paragraphs"]))
        result.headline_right += record.get("headline") == article["headline"]
        published = record.get("datePublished") or ""
        expected = article.get("datePublished") or ""
        result.date_right += bool(expected) and same_date(published, expected, with_offset=dates_with_offset)
        result.leaks += [text for text in article.get("must_not_contain", []) if text in body]
    return result
