"""Peer extractors for ``bench/extraction.py``, run by the python of their own venv (they are
not dependencies of newscrawl, and news-please pins other versions of its libraries):

    python -m venv /tmp/peers && /tmp/peers/bin/pip install -r bench/requirements-peers.txt
    /tmp/peers/bin/python bench/peers.py MANIFEST.json OUT.json

``MANIFEST.json``: ``{"rounds": R, "pages": [{"file": …, "url": …}, …], "peers": [names]}``
(default: newspaper4k and news-please; ``newscrawl`` is the checkout on PYTHONPATH, for a
baseline). For every page, each peer (defaults, images not fetched) is run ``R`` times in
turn; ``OUT.json`` gets ``{peer: [{"body", "headline", "date", "ms"}, …]}`` in the pages'
order, ``ms`` the best of the rounds, timed in this process from the page's bytes (decoding
included) to the article. Imports nothing of newscrawl unless asked to run it.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = tuple[str | None, str | None, str | None]


def decode(html: bytes) -> str:
    """The page as text: UTF-8, else Windows-1256 (the Arabic legacy code page)."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html.decode("cp1256", errors="replace")


def newspaper4k(html: bytes, url: str) -> Result:
    from newspaper import Article

    article = Article(url, fetch_images=False)
    article.download(input_html=decode(html))
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return article.text or None, article.title or None, published


def news_please(html: bytes, url: str) -> Result:
    from newsplease import NewsPlease

    article = NewsPlease.from_html(decode(html), url=url, fetch_images=False)
    published = article.date_publish.isoformat() if getattr(article, "date_publish", None) else None
    return getattr(article, "maintext", None), getattr(article, "title", None), published


def newscrawl(html: bytes, url: str) -> Result:
    """newscrawl of whatever checkout is on PYTHONPATH: ``--baseline-tree`` of bench/extraction.py."""
    from newscrawl.extract import extract
    from newscrawl.text import arabic

    for value in vars(arabic).values():  # a page the crawl has not seen (as bench/extraction.py)
        if hasattr(value, "cache_clear"):
            value.cache_clear()
    article = extract(html, url).article
    return (article.articleBody, article.headline, article.datePublished) if article else (None, None, None)


PEERS: dict[str, Callable[[bytes, str], Result]] = {"newspaper4k": newspaper4k, "news-please": news_please}
OTHERS: dict[str, Callable[[bytes, str], Result]] = {"newscrawl": newscrawl}


def timed(peer: Callable[[bytes, str], Result], html: bytes, url: str) -> tuple[Result, float]:
    start = time.perf_counter()
    try:
        result = peer(html, url)
    except Exception as error:  # a peer failing on a page scores nothing there
        logging.warning("%s failed on %s: %r", peer.__name__, url, error)
        result = (None, None, None)
    return result, (time.perf_counter() - start) * 1000


def main() -> int:
    manifest, out = Path(sys.argv[1]), Path(sys.argv[2])
    job = json.loads(manifest.read_text(encoding="utf-8"))
    pages = [(Path(page["file"]).read_bytes(), page["url"]) for page in job["pages"]]
    logging.basicConfig(level=logging.WARNING)
    for name in ("newspaper", "newsplease", "trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    chosen = {name: {**PEERS, **OTHERS}[name] for name in job.get("peers", PEERS)}
    for peer in chosen.values():  # warm-up: lazy imports, models, caches
        timed(peer, *pages[0])
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in chosen}
    for html, url in pages:
        for name, peer in chosen.items():
            runs = [timed(peer, html, url) for _ in range(max(1, job["rounds"]))]
            (body, headline, date), _ = runs[-1]
            best = min(ms for _, ms in runs)
            results[name].append({"body": body, "headline": headline, "date": date, "ms": best})
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
