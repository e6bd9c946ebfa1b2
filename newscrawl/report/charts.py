"""The report's charts as inline SVG strings: no JavaScript, no network, any width.

Every chart of days draws the same real time axis (one slot per day, days without an
article are zero-height bars, weeks labelled on their Monday), so that charts stacked on a
page line up; crawls are placed on that axis by their time. An SVG has a ``viewBox`` and
scales to its container's width (CSS).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, datetime

SPARK_WIDTH, SPARK_HEIGHT = 120, 24


def spark_points(
    values: Sequence[int], width: float = SPARK_WIDTH, height: float = SPARK_HEIGHT
) -> list[tuple[float, float]]:
    """The polyline points of a sparkline: first value at x=0, last at ``width``; the largest
    value at y=1 (top), zero at y=``height - 1`` (the bottom), linear between.

    >>> spark_points([0, 2, 1], 10, 10)
    [(0.0, 9.0), (5.0, 1.0), (10.0, 5.0)]
    """
    if not values:
        return []
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    return [(round(n * step, 1), round(height - 1 - v / top * (height - 2), 1)) for n, v in enumerate(values)]


def sparkline(values: Sequence[int]) -> str:
    """A small line of articles per day (an overview cell)."""
    points = " ".join(f"{x},{y}" for x, y in spark_points(values))
    label = f"{sum(values)} articles in {len(values)} days"
    return (
        f'<svg class="spark" role="img" aria-label="{label}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}"><polyline points="{points}"/></svg>'
    )


def _x(index: float, slots: int, width: float) -> float:
    return index * width / slots


def week_labels(axis: Sequence[date], most: int = 12) -> list[tuple[int, str]]:
    """``(slot, label)`` of the Mondays on the axis (``3 Nov``); on a long axis every
    second, third… Monday, so that at most ``most`` labels fit.

    >>> week_labels([date(2025, 11, 2), date(2025, 11, 3), date(2025, 11, 4)])
    [(1, '3 Nov')]
    """
    mondays = [(n, day) for n, day in enumerate(axis) if day.weekday() == 0]
    step = max(1, -(-len(mondays) // most))
    return [(n, f"{day.day} {day.strftime('%b')}") for n, day in mondays[::step]]


def _axis(axis: Sequence[date], width: float, height: float) -> list[str]:
    parts = [f'<line class="axis" x1="0" y1="{height}" x2="{width}" y2="{height}"/>']
    for slot, label in week_labels(axis):
        x = _x(slot, len(axis), width)
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height + 4}"/>')
        parts.append(f'<text class="week" x="{x + 2:.1f}" y="{height + 14}">{label}</text>')
    return parts


def day_bars(axis: Sequence[date], values: Sequence[int], *, width: int = 900, height: int = 120) -> str:
    """Articles per day on the time axis: one bar per day, zero days included."""
    top = max(values, default=0) or 1
    slot = width / max(len(axis), 1)
    parts = [f'<svg class="chart" role="img" viewBox="-30 -12 {width + 34} {height + 30}">']
    parts.append(f'<text class="scale" x="-4" y="4" text-anchor="end">{top}</text>')
    parts.append(f'<text class="scale" x="-4" y="{height}" text-anchor="end">0</text>')
    parts += _axis(axis, width, height)
    for n, (day, value) in enumerate(zip(axis, values, strict=True)):
        h = value / top * height
        x = _x(n, len(axis), width) + slot * 0.1
        parts.append(
            f'<rect class="day" data-day="{day}" data-count="{value}" x="{x:.1f}" y="{height - h:.1f}" '
            f'width="{slot * 0.8:.1f}" height="{h:.1f}"><title>{day}: {value}</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_line(
    axis: Sequence[date],
    points: Sequence[tuple[datetime, float]],
    limit: float | None,
    *,
    width: int = 900,
    height: int = 80,
) -> str:
    """A share (0–1) per crawl, placed by the crawl's time on the day axis, with the limit
    dashed (a limit < 0 is no limit)."""
    start = datetime.combine(axis[0], datetime.min.time(), tzinfo=points[0][0].tzinfo if points else None)
    parts = [f'<svg class="chart" role="img" viewBox="-38 -12 {width + 42} {height + 30}">']
    parts.append('<text class="scale" x="-4" y="4" text-anchor="end">100%</text>')
    parts.append(f'<text class="scale" x="-4" y="{height}" text-anchor="end">0%</text>')
    parts += _axis(axis, width, height)
    if limit is not None and 0 <= limit <= 1:
        y = height - limit * height
        parts.append(f'<line class="limit" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>')
    coords = []
    for moment, share in points:
        days = (moment - start).total_seconds() / 86400
        if 0 <= days <= len(axis):
            coords.append((days * width / len(axis), height - share * height, moment, share))
    if not coords:
        where = f'x="{width / 2}" y="{height * 0.3:.0f}"'
        parts.append(f'<text class="none" {where} text-anchor="middle">no crawl in these days</text>')
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coords)
        parts.append(f'<polyline class="line" points="{path}"/>')
    for x, y, moment, share in coords:
        over = " over" if limit is not None and 0 <= limit < share else ""
        title = html.escape(f"{moment.isoformat()}: {share:.0%}")
        parts.append(f'<circle class="dot{over}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>{title}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
