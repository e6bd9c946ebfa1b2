"""The recurring-crawl recipe (``deploy/crawl-once``, used by the cron line and the systemd
unit): two runs of the same crawl never overlap, and the next run is incremental."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FAST, PROJECT, Replica, start_replica

SCRIPT = PROJECT / "deploy" / "crawl-once"


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory):
    with start_replica(tmp_path_factory.mktemp("slow-schedule"), delay=0.3) as server:
        yield server


def crawl_once(replica: Replica, tmp_path: Path) -> subprocess.Popen[str]:
    settings = {"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3"),
                "NEWSCRAWL_ARCHIVE_DIR": str(tmp_path / "warc"), **FAST}  # fmt: skip
    command = [str(SCRIPT), "elaph", "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}",
               "-o", str(tmp_path / "elaph.jsonl")]  # fmt: skip
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "NEWSCRAWL_PYTHON": sys.executable, "NEWSCRAWL_LOCK_DIR": str(tmp_path / "locks"),
           "PYTHONPATH": str(PROJECT)}  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_overlapping_runs_are_skipped_and_the_next_run_is_incremental(slow: Replica, tmp_path: Path) -> None:
    first = crawl_once(slow, tmp_path)
    time.sleep(1.5)
    second = crawl_once(slow, tmp_path)
    _, second_err = second.communicate(timeout=60)
    assert second.returncode == 75
    assert "is still running" in second_err
    _, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err[-2000:]
    lines = (tmp_path / "elaph.jsonl").read_text(encoding="utf-8").splitlines()
    before = len(slow.requests())
    third = crawl_once(slow, tmp_path)
    _, third_err = third.communicate(timeout=120)
    assert third.returncode == 0, third_err[-2000:]
    assert not [r for r in slow.requests()[before:] if r.startswith("GET /Web/")]  # nothing refetched
    assert (tmp_path / "elaph.jsonl").read_text(encoding="utf-8").splitlines() == lines  # nothing appended


def test_units_and_cron_use_the_locked_script() -> None:
    service = (PROJECT / "deploy" / "newscrawl-elaph.service").read_text(encoding="utf-8")
    assert "ExecStart=/srv/newscrawl/deploy/crawl-once elaph" in service and "SuccessExitStatus=75" in service
    assert "OnCalendar=hourly" in (PROJECT / "deploy" / "newscrawl-elaph.timer").read_text(encoding="utf-8")
    assert "deploy/crawl-once elaph" in (PROJECT / "deploy" / "crontab").read_text(encoding="utf-8")
    assert os.access(SCRIPT, os.X_OK)
