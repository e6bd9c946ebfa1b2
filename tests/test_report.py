"""``python -m newscrawl.report`` over a store of several sites, one of which broke.

Local replicas crawl into one store: first a WordPress site and a large portal; then the
portal's layout changes half-way through its archive (its newer articles lose the class the
profile's body selector names) and a second crawl reads every page of both again, and of an
old portal new to the store. The second crawl must name the portal in a failed health
check, exit 3 and still store and feed the old portal's articles; the report,
rendered by a real headless Chromium, must show one row per site with the store's counts,
the portal marked, and every day of the axis (zero days too); ``--format json`` must carry
the same numbers. The pure parts (days, "ago", sparklines) are tables.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from newscrawl.report.charts import spark_points, week_labels
from newscrawl.report.data import ago, day_axis, per_day, window_counts
from newscrawl.storage.sqlite import SQLiteStore
from tests.conftest import FAST, PROJECT, SITES, Replica, run_crawl, site_gold, start_replica

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
NOW = "2025-11-29T12:00:00+00:00"
BROKEN = "ofoq-news.com"  # the portal replica's site
SITE_OF = {"wordpress": "sada-alwaha.com", "oldportal": "almizan-daily.net", "portal": BROKEN}
HOSTS = {"wordpress": "127.0.0.2", "oldportal": "127.0.0.4"}
CRAWL_FAST = {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "NEWSCRAWL_CRAWL_DELAY_ENABLED": "False"}


def break_layout(root: Path, from_day: int) -> int:
    """The portal's redesign: article pages of ``from_day`` November on lose the class its
    profile's body selector names. Returns how many pages changed."""
    changed = 0
    for page in root.glob("*/2025/11/*/*"):
        if page.is_file() and int(page.parent.name) >= from_day and "ArticleBody_body" in page.read_text("utf-8"):
            page.write_text(page.read_text("utf-8").replace("ArticleBody_body", "StoryText_main"), "utf-8")
            changed += 1
    return changed


@pytest.fixture(scope="module")
def crawled(site_replica: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("report")
    portal_root = tmp / "portal"
    shutil.copytree(SITES / "portal", portal_root)
    with start_replica(tmp, root=portal_root, host="127.0.0.6") as portal:
        replicas: dict[str, Replica] = {"portal": portal, **{s: site_replica(s, h) for s, h in HOSTS.items()}}

        def arguments(*shapes: str) -> tuple[str, ...]:
            return (
                "-a", "profile=" + ",".join(str(SITES / shape / "profile.json") for shape in shapes),
                "-a", "base_url=" + ",".join(replicas[shape].base_url for shape in shapes),
            )  # fmt: skip

        first = run_crawl(tmp, *arguments("wordpress", "portal"), settings=CRAWL_FAST, spider="news", timeout=300)
        changed = break_layout(portal_root, from_day=24)
        settings = {**CRAWL_FAST, "NEWSCRAWL_INCREMENTAL": "False"}  # every page read again
        second = run_crawl(
            tmp, *arguments("wordpress", "oldportal", "portal"), settings=settings, spider="news", timeout=300,
            output="second.jsonl",
        )  # fmt: skip
        yield {"tmp": tmp, "first": first, "second": second, "changed": changed, "store": tmp / "store.sqlite3"}


def report(crawled: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl.report", "--db", str(crawled["store"]), "--now", NOW, *args]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=60)


def stored_by_site(path: Path) -> dict[str, list[dict[str, Any]]]:
    store = SQLiteStore(path, read_only=True)
    try:
        found: dict[str, list[dict[str, Any]]] = {}
        for article in store.articles():
            found.setdefault(article["site"], []).append(article)
        return found
    finally:
        store.close()


def test_the_crawl_names_the_broken_site_exits_3_and_stores_the_others(crawled: dict[str, Any]) -> None:
    first, second = crawled["first"], crawled["second"]
    assert first.returncode == 0, first.log[-3000:]
    assert crawled["changed"] >= 10
    assert second.returncode == 3, second.log[-3000:]
    assert f"ERROR: Health check failed for {BROKEN}: fallbacks " in second.log
    for site in ("sada-alwaha.com", "almizan-daily.net"):
        assert f"Health check failed for {site}" not in second.log
    last = second.log.rstrip().splitlines()[-3:]
    assert any("Health checks failed (exit status 3):" in line for line in last), last
    assert last[-1].startswith(f"{BROKEN}: fallbacks "), last
    stored = stored_by_site(crawled["store"])
    for shape, site in SITE_OF.items():
        assert len(stored[site]) == len(site_gold(shape)["articles"]), site
    fed = [item for item in second.items if item["site"] == "almizan-daily.net"]
    assert len(fed) == len(site_gold("oldportal")["articles"])


def test_each_crawl_records_each_sites_outcome(crawled: dict[str, Any]) -> None:
    store = SQLiteStore(crawled["store"], read_only=True)
    try:
        runs = store.runs()
    finally:
        store.close()
    assert [run["reason"] for run in runs] == ["finished", "health_check_failed"]
    assert {site: o["status"] for site, o in runs[0]["sites"].items()} == {
        "sada-alwaha.com": "passed",
        BROKEN: "passed",
    }
    last = runs[1]["sites"]
    assert last[BROKEN]["status"] == "failed" and last[BROKEN]["failed"] == ["fallbacks"]
    assert last[BROKEN]["shares"]["fallbacks"] > last[BROKEN]["limits"]["fallbacks"] == 0.5
    assert runs[1]["stats"][f"newscrawl/site/{BROKEN}/extract/fallback"] >= crawled["changed"]
    assert last["sada-alwaha.com"]["status"] == last["almizan-daily.net"]["status"] == "passed"


@pytest.fixture(scope="module")
def page(crawled: dict[str, Any]) -> Path:
    out = crawled["tmp"] / "report.html"
    done = report(crawled, "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def numbers(crawled: dict[str, Any]) -> dict[str, Any]:
    done = report(crawled, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def chromium_dom(page: Path, tmp: Path) -> Selector:
    """The DOM headless Chromium makes of ``page``."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'chromium'}"]
    done = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert "<table" in done.stdout, done.stderr[-2000:]
    return Selector(text=done.stdout)


@pytest.fixture(scope="module")
def dom(page: Path, tmp_path_factory: pytest.TempPathFactory) -> Selector:
    return chromium_dom(page, tmp_path_factory.mktemp("dom"))


def cells(row: Selector) -> dict[str, str]:
    return {cell.attrib["data-k"]: "".join(cell.css("::text").getall()).strip() for cell in row.css("td[data-k]")}


def test_the_overview_has_one_row_per_site_with_the_stores_counts(dom: Selector, crawled: dict[str, Any]) -> None:
    rows = {row.attrib["data-site"]: row for row in dom.css("#overview tbody tr")}
    assert sorted(rows) == sorted(SITE_OF.values())
    stored = stored_by_site(crawled["store"])
    now = datetime.fromisoformat(NOW)
    for site, row in rows.items():
        values = cells(row)
        assert values["stored"] == str(len(stored[site]))
        published = [datetime.fromisoformat(a["datePublished"]) for a in stored[site]]
        week = sum(now - timedelta(days=7) <= moment <= now for moment in published)
        assert values["7d"] == str(week) and 0 < week < len(published)
        assert values["last"].endswith("ago")
    broken = rows[BROKEN]
    assert "failed" in broken.attrib["class"]
    assert cells(broken)["status"].startswith("failed: fallbacks")
    assert broken.css('td[data-k="fallbacks"]').attrib["class"] == "share over"
    for site in ("sada-alwaha.com", "almizan-daily.net"):
        assert cells(rows[site])["status"].startswith("passed")
        assert not rows[site].css("td.over")


def test_the_time_axis_keeps_days_without_articles(dom: Selector) -> None:
    days = dom.css("#per-day rect.day")
    assert len(days) == 30
    counts = {day.attrib["data-day"]: int(day.attrib["data-count"]) for day in days}
    assert min(counts) == "2025-10-31" and max(counts) == "2025-11-29"
    assert counts["2025-11-05"] == 0 and counts["2025-11-29"] == 0 and counts["2025-11-25"] > 0
    assert dom.css("#per-day text.week::text").getall() == ["3 Nov", "10 Nov", "17 Nov", "24 Nov"]
    assert len(dom.css("#per-site-days figure")) == 3


def test_the_fallback_share_is_drawn_crawl_by_crawl_on_the_same_axis(crawled: dict[str, Any], tmp_path: Path) -> None:
    """As of now (the crawls ran today), over 400 days: the replicas' November 2025 too."""
    out = tmp_path / "now.html"
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.report", "--db", str(crawled["store"]), "--days", "400", "-o", str(out)],
        cwd=PROJECT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    now = chromium_dom(out, tmp_path)
    assert len(now.css("#per-day rect.day")) == 400
    broken = now.css(f'#fallback-share figure[data-site="{BROKEN}"]')
    assert len(broken.css("circle")) == 2 and len(broken.css("circle.over")) == 1
    assert len(now.css('#fallback-share figure[data-site="almizan-daily.net"] circle')) == 1


def test_recent_crawls_and_latest_articles(dom: Selector) -> None:
    badges = dom.css("#runs tbody tr")[0].css(".badge")
    assert {b.attrib["data-site"]: b.attrib["class"] for b in badges}[BROKEN] == "badge failed"
    latest = dom.css("#latest tbody tr")
    assert len(latest) == 25
    assert latest[0].css("a").attrib["dir"] == "rtl"
    assert latest[0].css("td")[-1].attrib["dir"] == "rtl"  # the headline's cell aligns it to the right
    assert "<script" not in dom.get()


def test_json_carries_the_numbers_of_the_page(dom: Selector, numbers: dict[str, Any]) -> None:
    rows = {row.attrib["data-site"]: cells(row) for row in dom.css("#overview tbody tr")}
    assert [site["site"] for site in numbers["sites"]] == sorted(rows)
    for site in numbers["sites"]:
        shown = rows[site["site"]]
        assert {k: shown[k] for k in ("24h", "7d", "30d", "stored")} == {k: str(v) for k, v in site["articles"].items()}
        assert shown["last"] == site["last_published_ago"]
        assert shown["fallbacks"].startswith(f"{site['last_crawl']['shares']['fallbacks']:.0%}".replace("%", " %"))
        assert site["last_crawl"]["over_limit"] == (["fallbacks"] if site["site"] == BROKEN else [])
    per_day = {d.attrib["data-day"]: int(d.attrib["data-count"]) for d in dom.css("#per-day rect.day")}
    assert per_day == dict(zip(numbers["days"], numbers["total_per_day"], strict=True))


def test_one_site_only(crawled: dict[str, Any]) -> None:
    done = report(crawled, "--format", "json", "--site", BROKEN, "--days", "7")
    assert done.returncode == 0, done.stderr
    numbers = json.loads(done.stdout)
    assert [s["site"] for s in numbers["sites"]] == [BROKEN] and len(numbers["days"]) == 7
    assert {a["site"] for a in numbers["latest"]} == {BROKEN}


@pytest.mark.parametrize("width", [1200, 400])
def test_the_page_renders_at_a_desktops_and_a_phones_width(page: Path, tmp_path: Path, width: int) -> None:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    shot = tmp_path / "report.png"
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(
        [CHROMIUM, *flags, f"--window-size={width},1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, 1600)
    assert len(data) > 20_000  # charts and text, not a blank page


# -- the pure parts ------------------------------------------------------------------------


def test_a_day_axis_has_every_day_and_counts_zero_for_days_without_articles() -> None:
    axis = day_axis(date(2025, 3, 2), 5)
    assert [d.isoformat() for d in axis] == ["2025-02-26", "2025-02-27", "2025-02-28", "2025-03-01", "2025-03-02"]
    found = [date(2025, 2, 26), date(2025, 3, 2), date(2025, 3, 2), date(2025, 1, 1)]
    assert per_day(found, axis) == [1, 0, 0, 0, 2]


@pytest.mark.parametrize(
    "seconds, expected",
    [(-5, "in the future"), (0, "just now"), (59, "just now"), (60, "1 min ago"), (3599, "59 min ago"),
     (3600, "1 h ago"), (3 * 3600 + 59, "3 h ago"), (47 * 3600, "47 h ago"), (48 * 3600, "2 d ago"),
     (400 * 86400, "400 d ago")],
)  # fmt: skip
def test_ago(seconds: int, expected: str) -> None:
    now = datetime(2025, 11, 29, 12, tzinfo=UTC)
    assert ago(now - timedelta(seconds=seconds), now) == expected


def test_windows_count_back_from_now_and_not_after_it() -> None:
    now = datetime(2025, 11, 29, 12, tzinfo=UTC)
    moments = [now - timedelta(hours=h) for h in (1, 23, 25, 24 * 8, 24 * 40)] + [now + timedelta(hours=1)]
    assert window_counts(moments, now) == {"24h": 2, "7d": 3, "30d": 4}


@pytest.mark.parametrize(
    "values, expected",
    [
        ([], []),
        ([3], [(0.0, 1.0)]),
        ([0, 0], [(0.0, 23.0), (120.0, 23.0)]),
        ([0, 4, 2], [(0.0, 23.0), (60.0, 1.0), (120.0, 12.0)]),
        ([10, 5, 0, 5], [(0.0, 1.0), (40.0, 12.0), (80.0, 23.0), (120.0, 12.0)]),
    ],
)
def test_sparkline_points_scale_the_largest_to_the_top_and_zero_to_the_bottom(
    values: list[int], expected: list[tuple[float, float]]
) -> None:
    assert spark_points(values) == expected


def test_weeks_are_labelled_on_their_monday() -> None:
    axis = day_axis(date(2025, 11, 18), 14)  # from Wednesday 5 November
    assert week_labels(axis) == [(5, "10 Nov"), (12, "17 Nov")]
    year = week_labels(day_axis(date(2025, 12, 28), 364))  # 52 Mondays: every fifth labelled
    assert len(year) == 11 and year[0] == (0, "30 Dec") and year[1] == (35, "3 Feb")
