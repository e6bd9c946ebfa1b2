"""The report's numbers, read from the store: what ``--format json`` prints and the page shows.

Pure helpers first (a real day axis with its empty days, "3 h ago"), then :func:`build`,
which reads the store through its public methods only (the same on SQLite and PostgreSQL).
Days are the article's own day (the date part of ``datePublished``, as the site wrote it);
"the last 24 h / 7 d / 30 d" are counted from ``now`` back, on publication times (an
article dated only by its day counts from that day's midnight UTC).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newscrawl.text.dates import parse_iso

if TYPE_CHECKING:
    from newscrawl.storage import Store

WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
# The shares of a crawl the overview shows per site, in its order.
SHARES = ("fallbacks", "empty_bodies", "missing_dates", "blocked")


def day_axis(end: date, days: int) -> list[date]:
    """Every day of the ``days`` days ending with ``end``, oldest first (none skipped).

    >>> [d.isoformat() for d in day_axis(date(2025, 3, 1), 3)]
    ['2025-02-27', '2025-02-28', '2025-03-01']
    """
    return [end - timedelta(days=n) for n in range(days - 1, -1, -1)]


def per_day(days: Iterable[date], axis: Sequence[date]) -> list[int]:
    """How many of ``days`` fall on each day of ``axis`` (0 for a day with none; days off the
    axis are not counted)."""
    counts = Counter(days)
    return [counts.get(day, 0) for day in axis]


def ago(then: datetime, now: datetime) -> str:
    """How long before ``now`` ``then`` was, in the largest whole unit that fits.

    >>> ago(datetime(2025, 1, 1, 9, tzinfo=UTC), datetime(2025, 1, 1, 12, tzinfo=UTC))
    '3 h ago'
    """
    seconds = (now - then).total_seconds()
    if seconds < 0:
        return "in the future"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def published_at(value: str | None) -> datetime | None:
    """A stored ``datePublished`` as a moment (a day alone: its midnight UTC)."""
    return parse_iso(value or "", UTC)


def published_day(value: str | None) -> date | None:
    """The day a stored ``datePublished`` names, as the site wrote it."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def window_counts(moments: Iterable[datetime], now: datetime) -> dict[str, int]:
    """Articles published in each of :data:`WINDOWS` back from ``now`` (not after it)."""
    moments = list(moments)
    return {name: sum(now - span <= m <= now for m in moments) for name, span in WINDOWS.items()}


def site_in_run(run: dict[str, Any], site: str) -> dict[str, Any] | None:
    """A site's outcome in a recorded crawl, or ``None`` when the crawl did not crawl it."""
    return run.get("sites", {}).get(site)


def over_limits(outcome: dict[str, Any]) -> list[str]:
    """The shares of a site's crawl outcome that are over their limit (a limit < 0: off)."""
    shares, limits = outcome.get("shares", {}), outcome.get("limits", {})
    return [k for k in SHARES if k in shares and 0 <= limits.get(k, -1) < shares[k]]


def build(store: Store, *, now: datetime, days: int = 30, site: str | None = None, latest: int = 25) -> dict[str, Any]:
    """Everything the report shows, as plain JSON values."""
    axis = day_axis(now.date(), days)
    first = axis[0] - timedelta(days=31 if days < 31 else 1)  # the 30-day window too, a day to spare
    rows = store.published_since(first.isoformat(), site=site)
    runs = store.runs()
    stored = {name: (count, last) for name, count, last in store.sites() if not site or name == site}
    crawled = {name for run in runs for name in run.get("sites", {}) if not site or name == site}
    sites = sorted(set(stored) | crawled)
    overview, multiples = [], {}
    for name in sites:
        own = [value for row_site, value in rows if row_site == name]
        counts = per_day((d for d in map(published_day, own) if d), axis)
        multiples[name] = counts
        last = stored.get(name, (0, None))[1]
        last_at = published_at(last)
        crawl = next(((run, site_in_run(run, name)) for run in reversed(runs) if site_in_run(run, name)), None)
        overview.append({
            "site": name,
            "articles": {
                **window_counts(filter(None, map(published_at, own)), now),
                "stored": stored.get(name, (0,))[0],
            },
            "last_published": last,
            "last_published_ago": ago(last_at, now) if last_at else None,
            "last_crawl": None if crawl is None else {
                "finished": crawl[0]["finished"],
                "reason": crawl[0]["reason"],
                **crawl[1],
                "over_limit": over_limits(crawl[1]),
            },
            "per_day": counts,
        })  # fmt: skip
    total = [sum(values) for values in zip(*multiples.values(), strict=True)] if multiples else [0] * len(axis)
    recent = [
        {
            "finished": run["finished"],
            "spider": run["spider"],
            "reason": run["reason"],
            "sites": {k: v for k, v in run.get("sites", {}).items() if not site or k == site},
        }
        for run in runs[-15:][::-1]
    ]
    fallbacks = {
        name: [
            {"finished": run["finished"], "share": outcome["shares"]["fallbacks"],
             "limit": outcome["limits"]["fallbacks"]}
            for run in runs
            if (outcome := site_in_run(run, name)) and "fallbacks" in outcome.get("shares", {})
        ]
        for name in sites
    }  # fmt: skip
    return {
        "generated": now.isoformat(),
        "store": str(store.path),
        "days": [day.isoformat() for day in axis],
        "sites": overview,
        "total_per_day": total,
        "fallback_share": fallbacks,
        "crawls": recent,
        "latest": [
            {k: a.get(k) for k in ("datePublished", "site", "section", "headline", "canonicalUrl")}
            for a in store.latest(latest, site=site)
        ],
    }
