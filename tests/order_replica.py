"""A generated news site for the crawl-order tests: 300+ articles, syndicated copies and the
furniture every page repeats, written into a folder ``tests/mockserver.py`` serves.

* ``news/<id>.html`` — one article a page (JSON-LD ``NewsArticle`` with its date), each in a
  layout with the repeated furniture of a real site: a menu, a "read also" box of links to
  other articles inside the body, a newsletter form, a most-read list, a footer;
* syndicated copies: for every tenth story, a copy under ``wire/<id>.html`` published three
  days later (a near copy: re-spelled, a paragraph dropped), and for two stories an exact
  copy under ``mirror/<id>.html`` a day later;
* ``robots.txt`` → ``sitemap.xml``, every page with its ``lastmod``, in page order or
  reversed (``reverse``), so that a crawl meets them in another order.

Deterministic for a given ``seed`` and ``articles``; ``extra`` adds that many newer stories
(the incremental test's second run).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from tests.wirestories import Story, copy_of, story

START = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    path: str
    story: Story
    published: datetime


def pages(articles: int, extra: int = 0, seed: int = 19) -> list[Page]:
    rng = random.Random(seed)
    found: list[Page] = []
    for n in range(articles + extra):
        published = START + timedelta(hours=n * 3 if n < articles else articles * 3 + 24 + n)
        original = story(rng, paragraphs=rng.randint(4, 9))
        found.append(Page(f"/news/{100000 + n}.html", original, published))
        if n < articles and n % 10 == 0:
            found.append(
                Page(f"/wire/{500000 + n}.html", copy_of(original, rng, edit_rate=0.01), published + timedelta(days=3))
            )
        if n < articles and n in (7, 77):
            found.append(Page(f"/mirror/{700000 + n}.html", original, published + timedelta(days=1)))
    return found


def html(page: Page, others: list[Page], rng: random.Random) -> str:
    related = rng.sample(others, 4)
    links = "".join(f'<li><a href="{p.path}">{escape(p.story.headline)}</a></li>' for p in related)
    paragraphs = [f"<p>{escape(text)}</p>" for text in page.story.paragraphs]
    paragraphs.insert(min(2, len(paragraphs)), f'<div class="box"><h4>اقرأ أيضاً</h4><ul>{links}</ul></div>')
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.story.headline,
        "datePublished": page.published.isoformat(),
    }
    most_read = "".join(f'<li><a href="{p.path}">{escape(p.story.headline)}</a></li>' for p in others[:5])
    return (
        "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>{escape(page.story.headline)} | صحيفة الاختبار</title>"
        f"<script type='application/ld+json'>{json.dumps(data, ensure_ascii=False)}</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/news/'>أخبار</a> <a href='/sport/'>رياضة</a></nav>"
        f"<article><h1>{escape(page.story.headline)}</h1><div class='body'>{''.join(paragraphs)}</div>"
        "<form class='newsletter'><p>اشترك في النشرة اليومية</p><input type='email'><button>اشترك</button></form>"
        f"</article><aside><h3>الأكثر قراءة</h3><ol>{most_read}</ol></aside>"
        "<footer><p>جميع الحقوق محفوظة لصحيفة الاختبار</p></footer></body></html>"
    )


def write_site(
    folder: Path, articles: int = 300, *, extra: int = 0, reverse: bool = False, seed: int = 19
) -> list[Page]:
    """Write the site into ``folder``; the pages, in sitemap order."""
    found = pages(articles, extra, seed)
    rng = random.Random(seed + 1)
    for page in found:
        target = folder / page.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html(page, [p for p in found if p is not page][:60], rng), encoding="utf-8")
    ordered = list(reversed(found)) if reverse else found
    entries = "".join(
        f"<url><loc>{{{{BASE}}}}{p.path}</loc><lastmod>{p.published.isoformat()}</lastmod></url>" for p in ordered
    )
    (folder / "sitemap.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>', encoding="utf-8"
    )
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: {{BASE}}/sitemap.xml\n", encoding="utf-8")
    (folder / "index.html").write_text("<html><body><h1>صحيفة الاختبار</h1></body></html>", encoding="utf-8")
    (folder / "server.json").write_text(
        json.dumps({"templated": [".xml", ".txt"], "content_types": {".html": "text/html; charset=utf-8"}})
    )
    return ordered
