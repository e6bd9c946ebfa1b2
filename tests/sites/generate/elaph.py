"""The gold file of the hand-made Elaph replica (``tests/sites/elaph/``), in the format of
the generated shapes, from its golden records (``tests/golden/elaph/``) and the URLs its
sitemaps and API pages list."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from tests.sites.generate.common import SITES

ROOT = SITES / "elaph"
GOLDEN = SITES.parent / "golden" / "elaph"
ID_RE = re.compile(r"/(\d+)\.html")
NON_ARTICLES = [
    {"url": "/Web/Video/2025/11/1578708.html", "kind": "video"},
    {"url": "/Web/News/2025/11/1578709.html", "kind": "empty"},
    {"url": "/Web/News/2025/11/1578790.html", "kind": "gone", "status": 404},
]


def listed_urls() -> dict[str, set[str]]:
    """Article id -> every path?query the replica's sitemaps and API pages give for it."""
    found: dict[str, set[str]] = {}
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("sitemaps/*.xml"))]
    urls = [html.unescape(u) for text in texts for u in re.findall(r"<loc>\{\{BASE\}\}([^<]+)</loc>", text)]
    for page in sorted(ROOT.glob("api/*/*.json")):
        urls += [row["PostingURL"] for row in json.loads(page.read_text(encoding="utf-8"))["data"]]
    for url in urls:
        match = ID_RE.search(url)
        if match:
            found.setdefault(match[1], set()).add(url)
    return found


def gold() -> dict[str, Any]:
    listed = listed_urls()
    articles = []
    for path in sorted(GOLDEN.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        articles.append(
            {
                "url": record["path"],
                "urls": sorted(listed.get(record["articleId"], set()) | {record["path"]}),
                "id": record["articleId"],
                "headline": record["headline"],
                "paragraphs": record["paragraphs"],
                "datePublished": record["datePublished"],
                "authors": record["authors"],
                "section": record["section"],
                "must_not_contain": record.get("must_not_contain", []),
            }
        )
    return {
        "shape": "elaph",
        "site": "إيلاف",
        "host": "elaph.com",
        "timezone": "Europe/London",
        "dates_have_offset": True,
        "articles": articles,
        "non_articles": NON_ARTICLES,
        "disallowed": ["/Web/Private/2025/11/1578791.html"],
    }
