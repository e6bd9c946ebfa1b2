"""The report as one self-contained HTML page, from :func:`newscrawl.report.data.build`'s numbers.

Inline CSS and SVG only (no JavaScript, no network: it opens from a file or a mail). The
page is English; Arabic text (headlines, sections) sits in ``dir="rtl" lang="ar"``
elements, and numbers, times, sites and URLs in ``<bdi>`` so that neither reorders the
other. Narrow screens (a phone, 400 px) get one column; wide tables scroll sideways.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from newscrawl.report.charts import day_bars, share_line, sparkline
from newscrawl.report.data import SHARES

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,"Noto Sans","Noto Naskh Arabic","DejaVu Sans",sans-serif;margin:0 auto;padding:16px;
  color:#222;max-width:1200px;line-height:1.4}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px}
.muted{color:#666;font-size:13px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #e4e4e4;border-radius:6px}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;padding:5px 8px;text-align:start;font-size:14px;white-space:nowrap;
  vertical-align:middle}
thead th{background:#f6f6f6;font-weight:600;font-size:13px}
td.n,td.share{text-align:end;font-variant-numeric:tabular-nums}
tr.failed th{color:#a61b1b}
.status{font-weight:600} .status.passed{color:#1d7a3a} .status.failed{color:#a61b1b} .status.unchecked{color:#777}
.over{color:#a61b1b;font-weight:700;background:#fdecec}
.limit-note{color:#888;font-size:11px;font-weight:400}
.wrap{white-space:normal;min-width:220px}
[lang=ar]{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",sans-serif;font-size:15px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
figure{margin:0;border:1px solid #e4e4e4;border-radius:6px;padding:8px}
figure.failed{border-color:#e3a1a1}
figcaption{font-size:14px;font-weight:600;margin-bottom:4px}
svg.chart{width:100%;height:auto;display:block}
svg text{font-size:11px;fill:#555}
svg .axis{stroke:#999} svg .tick{stroke:#ddd} svg .day{fill:#3b6ea5}
svg .line{fill:none;stroke:#c0392b;stroke-width:1.5} svg .dot{fill:#3b6ea5} svg .dot.over{fill:#c0392b}
svg .limit{stroke:#c0392b;stroke-dasharray:4 3;stroke-width:1}
svg.spark polyline{fill:none;stroke:#3b6ea5;stroke-width:1.5}
.badge{display:inline-block;padding:1px 6px;margin:1px 2px;border-radius:10px;font-size:12px;
  background:#e8f3ec;color:#1d7a3a}
.badge.failed{background:#fdecec;color:#a61b1b} .badge.unchecked{background:#eee;color:#666}
svg .none{fill:#999}
@media (max-width:600px){body{padding:10px} h1{font-size:19px} .grid{grid-template-columns:1fr}
  #per-day svg text{font-size:26px}}
"""

SHARE_NAMES = {
    "fallbacks": "fallbacks",
    "empty_bodies": "empty bodies",
    "missing_dates": "missing dates",
    "blocked": "blocked",
}


def esc(value: Any) -> str:
    return html.escape(str(value))


def bdi(value: Any) -> str:
    """A number, time, site or URL isolated from the text around it."""
    return f"<bdi>{esc(value)}</bdi>"


def arabic(value: str | None) -> str:
    return f'<span dir="rtl" lang="ar">{esc(value)}</span>' if value else ""


def percent(share: float) -> str:
    return f"{share:.0%}".replace("%", " %")


def share_cell(check: str, crawl: dict[str, Any] | None) -> str:
    if crawl is None or check not in crawl.get("shares", {}):
        return f'<td class="share" data-k="{check}">–</td>'
    share, limit = crawl["shares"][check], crawl.get("limits", {}).get(check, -1)
    note = f' <span class="limit-note">&gt; {bdi(percent(limit))}</span>' if check in crawl["over_limit"] else ""
    over = " over" if check in crawl["over_limit"] else ""
    title = f"limit {percent(limit)}" if limit >= 0 else "not checked"
    return f'<td class="share{over}" data-k="{check}" title="{title}">{bdi(percent(share))}{note}</td>'


def status_cell(crawl: dict[str, Any] | None) -> str:
    if crawl is None:
        return '<td class="status unchecked" data-k="status">not crawled</td>'
    status = crawl.get("status", "unchecked")
    failed = f": {esc(', '.join(crawl.get('failed', [])))}" if crawl.get("failed") else ""
    when = esc(f"{crawl['reason']}, finished {crawl['finished'][:16].replace('T', ' ')} UTC")
    return f'<td class="status {esc(status)}" data-k="status" title="{when}">{esc(status)}{failed}</td>'


def overview(report: dict[str, Any]) -> str:
    head = "".join(f"<th>{SHARE_NAMES[k]}</th>" for k in SHARES)
    rows = []
    for row in report["sites"]:
        crawl = row["last_crawl"]
        failed = crawl is not None and crawl.get("status") == "failed"
        counts = "".join(
            f'<td class="n" data-k="{k}">{bdi(row["articles"][k])}</td>' for k in ("24h", "7d", "30d", "stored")
        )
        last = (
            f'<td data-k="last" title="{esc(row["last_published"])}">{bdi(row["last_published_ago"])}</td>'
            if row["last_published_ago"]
            else '<td data-k="last">–</td>'
        )
        rows.append(
            f'<tr data-site="{esc(row["site"])}"{" class=failed" if failed else ""}>'
            f'<th scope="row">{bdi(row["site"])}</th>'
            f"{counts}{last}{status_cell(crawl)}{''.join(share_cell(k, crawl) for k in SHARES)}"
            f"<td>{sparkline(row['per_day'])}</td></tr>"
        )
    heads = ["site", "24 h", "7 d", "30 d", "stored", "last article", "last crawl"]
    return scroll_table("overview", heads, "".join(rows), f"{head}<th>per day, {len(report['days'])} d</th>")


def scroll_table(table_id: str, heads: list[str], rows: str, more_heads: str = "") -> str:
    """A table that scrolls sideways on a narrow screen; ``more_heads``: header cells as HTML."""
    cells = "".join(f"<th>{esc(head)}</th>" for head in heads) + more_heads
    return (
        f'<div class="scroll"><table id="{table_id}"><thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table></div>'
    )


def crawl_badges(sites: dict[str, Any]) -> str:
    badges = []
    for site, outcome in sorted(sites.items()):
        status = outcome.get("status", "unchecked")
        failed = f": {', '.join(outcome.get('failed', []))}" if outcome.get("failed") else ""
        title = (
            f"{outcome.get('articles', 0)} articles, fallbacks {percent(outcome.get('shares', {}).get('fallbacks', 0))}"
        )
        attributes = f'class="badge {esc(status)}" data-site="{esc(site)}" title="{esc(title)}"'
        badges.append(f"<span {attributes}>{bdi(site)}{esc(failed)}</span>")
    return "".join(badges) or '<span class="muted">no per-site record</span>'


def runs_table(report: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{bdi((run['finished'] or '')[:16].replace('T', ' '))}</td><td>{esc(run['spider'] or '')}</td>"
        f'<td>{esc(run["reason"] or "")}</td><td class="wrap">{crawl_badges(run["sites"])}</td></tr>'
        for run in report["crawls"]
    )
    return scroll_table("runs", ["finished (UTC)", "spider", "close reason", "sites"], rows)


def latest_table(report: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{bdi((a['datePublished'] or '–')[:16].replace('T', ' '))}</td><td>{bdi(a['site'] or '')}</td>"
        f"<td>{arabic(a['section'])}</td>"
        f'<td class="wrap" dir="rtl"><a href="{esc(a["canonicalUrl"])}" dir="rtl" lang="ar">'
        f"{esc(a['headline'] or '')}</a></td></tr>"
        for a in report["latest"]
    )
    return scroll_table("latest", ["published", "site", "section", "headline"], rows)


def render(report: dict[str, Any]) -> str:
    axis = [date.fromisoformat(day) for day in report["days"]]
    failed_sites = {row["site"] for row in report["sites"] if (row["last_crawl"] or {}).get("status") == "failed"}
    multiples = "".join(
        f'<figure data-site="{esc(row["site"])}"{" class=failed" if row["site"] in failed_sites else ""}>'
        f"<figcaption>{bdi(row['site'])}</figcaption>{day_bars(axis, row['per_day'], width=320, height=70)}</figure>"
        for row in report["sites"]
    )
    fallbacks = "".join(
        f'<figure data-site="{esc(site)}"{" class=failed" if site in failed_sites else ""}>'
        f"<figcaption>{bdi(site)}</figcaption>"
        + share_line(
            axis,
            [(datetime.fromisoformat(p["finished"]), p["share"]) for p in points],
            points[-1]["limit"] if points else None,
            width=320,
            height=60,
        )
        + "</figure>"
        for site, points in report["fallback_share"].items()
    )
    stored = sum(row["articles"]["stored"] for row in report["sites"])
    generated = report["generated"][:16].replace("T", " ")
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newscrawl report</title><style>{STYLE}</style></head>
<body>
<h1>newscrawl report</h1>
<p class="muted">{bdi(stored)} articles of {bdi(len(report["sites"]))} sites in {bdi(report["store"])}
· as of {bdi(generated)} UTC</p>
<h2>Sites</h2>
<p class="muted">Articles published in the last 24 hours, 7 and 30 days; the last crawl's outcome and its shares
(red: over the site's limit).</p>
{overview(report)}
<h2>Articles per day, all sites</h2>
<div id="per-day">{day_bars(axis, report["total_per_day"])}</div>
<h2>Articles per day, by site</h2>
<div id="per-site-days" class="grid">{multiples}</div>
<h2>Generic-extraction fallback share, crawl by crawl</h2>
<p class="muted">Share of a site's article pages its selectors did not match (dashed: its limit).
A rise means the site changed its layout.</p>
<div id="fallback-share" class="grid">{fallbacks}</div>
<h2>Recent crawls</h2>
{runs_table(report)}
<h2>Latest articles</h2>
{latest_table(report)}
</body></html>
"""
