"""One saved page in, one ``Article`` out: the crawl's extraction without the crawl.

From Python: ``from newscrawl import extract_article`` (:func:`extract_article`).

``python -m newscrawl.extract PAGE.html [--url URL]`` prints the Article JSON of a page saved
to disk (raw bytes; the charset is found and repaired as in a crawl; the site profile is
chosen by the URL's host when there is one). Use it to see what newscrawl makes of a site.
With ``--explain``, the extraction path (site selectors, or which vote of generic extraction
gave the body) and every removed block or paragraph with its reason are printed to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.extraction.charset import redecode
from newscrawl.extraction.page import PageResult, parse_article_page
from newscrawl.identity import profile_for_url
from newscrawl.items import Article


def page_response(body: bytes, url: str, content_type: str | None = None) -> HtmlResponse:
    """The response a crawl would have built for ``body``, charset repaired."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(url=url, body=body, headers=headers, request=Request(url))
    return redecode(response).response  # type: ignore[return-value]


def extract(body: bytes, url: str, *, content_type: str | None = None, now: datetime | None = None) -> PageResult:
    """Extract the article of a page from its bytes, as a crawl of ``url`` would."""
    response = page_response(body, url, content_type)
    profile = profile_for_url(url)
    return parse_article_page(response, profile, downloaded_at=now or datetime.now(UTC))


def extract_article(page: bytes | str, url: str, content_type: str | None = None) -> Article | str:
    """The article of a page, as a crawl of ``url`` would store it, or the reason it gives
    none (``"video"``, ``"short_body"``, ``"listing"``, …).

    ``page``: the bytes as served (their charset is found as in a crawl: ``content_type``,
    the HTTP header, first, then ``<meta charset>``, repaired when wrong) or text already
    decoded. ``url`` chooses the site profile by its host (a site without one gets generic
    extraction) and resolves relative links.

    >>> from newscrawl import extract_article
    >>> page = "<html><head><title>t</title></head><body><p>x</p></body></html>"
    >>> extract_article(page, "https://news.example/a/1.html")
    'short_body'
    """
    if isinstance(page, str):
        page, content_type = page.encode("utf-8"), "text/html; charset=utf-8"
    result = extract(page, url, content_type=content_type)
    return result.article if result.article is not None else str(result.skip)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.extract", description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="a saved HTML page (raw bytes)")
    parser.add_argument("--url", default=None, help="the page's URL (chooses the site profile; default file://…)")
    parser.add_argument("--content-type", default=None, help="the HTTP Content-Type header it was served with")
    parser.add_argument("--explain", action="store_true", help="print removed paragraphs and the path to stderr")
    args = parser.parse_args(argv)
    try:
        body = args.page.read_bytes()
    except OSError as error:
        parser.error(f"cannot read {args.page}: {error.strerror}")
    url = args.url or args.page.resolve().as_uri()
    result = extract(body, url, content_type=args.content_type)
    if args.explain:
        path = f"generic fallback, body from {result.body_from}" if result.fallback else "site selectors"
        print(f"# extraction: {path}", file=sys.stderr)
        for reason, text in result.removed:
            print(f"# removed ({reason}): {text[:100]}", file=sys.stderr)
    if result.article is None:
        print(json.dumps({"skip": result.skip}, ensure_ascii=False))
        return 1
    print(json.dumps(asdict(result.article), ensure_ascii=False, indent=2))
    return 0


def cli() -> NoReturn:
    """The ``newscrawl-extract`` console script (``| head`` ends it quietly, as the others)."""
    from newscrawl.query import run_cli

    run_cli(main)


if __name__ == "__main__":
    cli()
