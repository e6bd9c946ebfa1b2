"""``python -m newscrawl.report``: an HTML page from a real store, and (where Chromium is
installed, as in CI) that it renders in headless Chromium."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Replica, golden_records, run_crawl

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def report(replica: Replica, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    for _ in range(2):  # two crawls: the second finds everything stored
        assert run_crawl(tmp, "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}").returncode == 0
    out = tmp / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.report", "--db", str(tmp / "store.sqlite3"), "-o", str(out)],
        cwd=PROJECT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_report_has_plots_runs_and_latest_articles(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    for section in ('id="per-day"', 'id="per-section"', 'id="fallback-rate"', 'id="runs"', 'id="latest"'):
        assert section in page
    assert page.count("<svg") == 3
    assert page.count('<rect class="bar"') >= 5
    assert '<circle class="dot"' in page  # the fallback rate of the first crawl
    assert page.count("<td>finished</td>") == 2
    for record in golden_records():
        assert record["canonicalUrl"] in page
    assert "أخبار" in page and "<script" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs Debian's chromium)")
def test_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert "newscrawl report" in dom and dom.count("<rect") >= 5
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1200,1600", f"--screenshot={shot}", report.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600)
    assert len(data) > 30_000  # charts and text, not a blank page
