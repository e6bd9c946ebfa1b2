"""What the replica builders share: the story files, dates in Arabic, escaping, the gold record.

A *story* (``tests/sites/stories/<shape>.txt``) is one page's text and facts; a builder
turns stories into the pages of one site shape and says, in the gold, what an extractor
must find there (``tests/sites/README.md``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

SITES = Path(__file__).resolve().parent.parent
STORIES = SITES / "stories"
LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")  # [text](target) inside a paragraph
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


@dataclass(frozen=True)
class Block:
    """One piece of a story's body: a paragraph, a quotation (both article text) or a
    photo inside the body (``figure``: its caption is not article text)."""

    kind: str  # "p", "quote" or "figure"
    text: str  # with [text](target) link marks in paragraphs

    @property
    def plain(self) -> str:
        return LINK_RE.sub(r"\1", self.text)


@dataclass
class Story:
    id: str
    date: datetime  # aware, in the site's zone
    section: str
    authors: list[str]
    tags: list[str]
    headline: str
    blocks: list[Block]
    kind: str = "article"  # or live, video, gallery: pages that are not articles
    kicker: str = ""
    summary: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        """The article's own text, one entry per paragraph (what the gold holds)."""
        return [b.plain for b in self.blocks if b.kind != "figure"]

    @property
    def captions(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "figure"]


class Output:
    """A replica being written: its files (path from the root -> bytes) and the non-article
    URLs it exposes (gold ``non_articles``)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.non_articles: list[dict[str, Any]] = []

    def add(self, path: str, text: str) -> None:
        self.files[path] = text.encode("utf-8")

    def non_article(self, url: str, kind: str, **extra: Any) -> None:
        self.non_articles.append({"url": url, "kind": kind, **extra})


def read_stories(shape: str, zone: str) -> list[Story]:
    """The stories of ``stories/<shape>.txt``, newest first."""
    stories = []
    text = (STORIES / f"{shape}.txt").read_text(encoding="utf-8")
    for chunk in text.split("\n=== ")[1:]:
        header, *lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        meta = dict(part.strip().split("=", 1) for part in header.split("|"))
        prefixed = {
            k: line.split(":", 1)[1].strip() for line in lines for k in ("summary",) if line.startswith(k + ":")
        }
        body = [line for line in lines if not line.startswith("summary:")]
        if not body[0].startswith("# "):
            raise ValueError(f"story {meta['id']}: the headline line (# ...) is missing")
        blocks = []
        for line in body[1:]:
            if line.startswith("!! "):
                blocks.append(Block("figure", line[3:]))
            elif line.startswith("> "):
                blocks.append(Block("quote", line[2:]))
            else:
                blocks.append(Block("p", line))
        stories.append(
            Story(
                id=meta.pop("id"),
                date=datetime.fromisoformat(meta.pop("date")).replace(tzinfo=ZoneInfo(zone)),
                section=meta.pop("section"),
                authors=meta.pop("authors").split(";"),
                tags=[t for t in meta.pop("tags", "").split(";") if t],
                kind=meta.pop("kind", "article"),
                kicker=meta.pop("kicker", ""),
                summary=prefixed.get("summary", ""),
                headline=body[0][2:],
                blocks=blocks,
                extra=meta,
            )
        )
    return sorted(stories, key=lambda s: s.date, reverse=True)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def linked(text: str, href: Callable[[str, str], str]) -> str:
    """Escape ``text`` and turn its ``[words](target)`` marks into links (``href(words, target)``)."""
    out, last = [], 0
    for found in LINK_RE.finditer(text):
        out.append(esc(text[last : found.start()]))
        out.append(f'<a href="{esc(href(found[1], found[2]))}">{esc(found[1])}</a>')
        last = found.end()
    out.append(esc(text[last:]))
    return "".join(out)


def link_target(words: str, target: str) -> tuple[str, str]:
    """What a ``[words](target)`` mark points to: ``("tag", name)`` for ``tag`` (the tag named
    by the words) or ``tag:NAME``, ``("article", id)`` for ``article:ID``."""
    kind, _, value = target.partition(":")
    if kind not in ("tag", "article"):
        raise ValueError(f"unknown link target {target!r}")
    return kind, value or words


def slug_words(title: str, limit: int | None = None) -> list[str]:
    """The words of a title for a URL slug: letters and digits only."""
    words = re.findall(r"[\w]+", title.replace("ـ", ""))
    return words[:limit] if limit else words


def encode_path(text: str, lower: bool = False) -> str:
    """Percent-encode a path segment as a browser does; WordPress writes lowercase escapes."""
    encoded = quote(text, safe="-")
    return re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), encoded) if lower else encoded


def arabic_date(moment: datetime, *, weekday: bool = True, time: bool = False, comma: bool = False) -> str:
    """``الخميس 27 نوفمبر 2025 - 10:15 ص`` and its shorter forms."""
    day = f"{moment.day} {MONTHS[moment.month - 1]}{'،' if comma else ''} {moment.year}"
    if weekday:
        day = f"{WEEKDAYS[moment.weekday()]} {day}"
    if time:
        hour = moment.hour % 12 or 12
        day += f" - {hour}:{moment.minute:02d} {'ص' if moment.hour < 12 else 'م'}"
    return day


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def utc_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def rfc822(moment: datetime, gmt: bool = False) -> str:
    """An RSS ``pubDate``: ``Fri, 28 Nov 2025 10:15:00 +0300`` or, with ``gmt``, in UTC
    with the ``GMT`` label."""
    if gmt:
        return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return moment.strftime("%a, %d %b %Y %H:%M:%S %z")


def words(text: str, n: int) -> str:
    parts = text.split()
    return " ".join(parts[:n]) + (" …" if len(parts) > n else "")


def gold_article(story: Story, url: str, urls: Iterable[str], article_id: str, section: str,
                 must_not_contain: Iterable[str]) -> dict[str, Any]:  # fmt: skip
    """One article of a gold file (format: tests/sites/README.md)."""
    body = "\n".join(story.paragraphs)
    return {
        "url": url,
        "urls": sorted(set(urls) | {url}),
        "id": article_id,
        "headline": story.headline,
        "paragraphs": story.paragraphs,
        "datePublished": iso(story.date),
        "authors": story.authors,
        "section": section,
        "must_not_contain": sorted({line for line in must_not_contain if line and line not in body}),
    }


def write_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def compact(data: Any) -> str:
    """JSON as pages embed it: one line, Arabic unescaped, ``</`` kept out of ``<script>``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def xml_text(text: str) -> str:
    return html.escape(text, quote=False)
