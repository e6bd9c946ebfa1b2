"""A JSON listing API: one fetched page → :class:`ApiPage` (:func:`read_api_page`).

Where the rows are and which of their keys hold the URL, title and time is data (a site
profile's ``api`` section): ``rows_key`` and the row keys are dotted paths into the JSON
(``"data"``, ``"result.items"``, ``"link.href"``). A document that is no such page raises
:class:`UnreadableDocument`; a row that is no object or has no URL string is counted
(``bad_rows``), and one whose URL is unusable too (``bad_urls``), and the rows after it read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newscrawl.discovery.links import Link, resolve
from newscrawl.discovery.markup import display_text

MAX_ROWS = 1_000


class UnreadableDocument(ValueError):
    """The document is not a page of the listing API (not JSON, or no row list where the
    profile says); the message says which."""


@dataclass(frozen=True, slots=True)
class ApiPage:
    """``links`` of source ``"api"``; ``rows``: the rows on the page (0: past the last page);
    ``bad_rows``: rows that are no object or have no URL string; ``bad_urls``: rows whose URL
    is no usable http(s) URL. Rows past ``max_rows`` count as rows and are not read."""

    links: tuple[Link, ...]
    rows: int
    bad_rows: int = 0
    bad_urls: int = 0


def read_api_page(
    body: bytes,
    url: str,
    *,
    rows_key: str = "data",
    url_key: str,
    title_key: str | None = None,
    time_key: str | None = None,
    link_base: str | None = None,
    max_rows: int = MAX_ROWS,
) -> ApiPage:
    """Read one API page fetched from ``url``. Row URLs resolve against ``link_base`` when
    given (an API on its own host that gives paths on the site, as Elaph's does), else
    against ``url``. The time is kept raw, as text (``str()`` of a number): the spider reads it.

    >>> page = read_api_page(b'{"result": {"items": [{"u": "/a/12345", "t": 1764300000}, {"u": 5}]}}',
    ...                      "https://api.example.com/list?page=1", rows_key="result.items", url_key="u", time_key="t")
    >>> page.links[0].url, page.links[0].published, page.rows, page.bad_rows
    ('https://api.example.com/a/12345', '1764300000', 2, 1)
    """
    try:
        document = json.loads(body)
    except RecursionError as error:  # "[[[[…" nested deeper than Python's stack
        raise UnreadableDocument("JSON nested too deeply") from error
    except (ValueError, TypeError) as error:  # UnicodeDecodeError is a ValueError
        raise UnreadableDocument(f"not JSON: {error}") from error
    rows = value_at(document, rows_key)
    if not isinstance(rows, list):
        found = "nothing" if rows is None else type(rows).__name__
        raise UnreadableDocument(f"no list at {rows_key!r} (found {found})")
    links: list[Link] = []
    bad_rows = bad_urls = 0
    for row in rows[:max_rows]:
        href = value_at(row, url_key) if isinstance(row, Mapping) else None
        if not isinstance(href, str) or not href.strip():
            bad_rows += 1
            continue
        link = resolve(href, link_base or url)
        if link is None:
            bad_urls += 1
            continue
        title = value_at(row, title_key) if title_key else None
        time = value_at(row, time_key) if time_key else None
        links.append(
            Link(
                link,
                "api",
                title=display_text(title) if isinstance(title, str) else None,
                published=_raw_time(time),
            )
        )
    return ApiPage(tuple(links), rows=len(rows), bad_rows=bad_rows, bad_urls=bad_urls)


def _raw_time(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None


def value_at(document: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``"result.items"``; a number indexes a list), a key
    holding a dot itself first; ``None`` when there is none.

    >>> value_at({"a": {"b": [10, 20]}}, "a.b.1"), value_at({"a.b": 1}, "a.b"), value_at([], "a")
    (20, 1, None)
    """
    if isinstance(document, Mapping) and path in document:
        return document[path]
    value = document
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value
