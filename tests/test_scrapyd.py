"""Scrapyd for real: a ``scrapyd`` on 127.0.0.1 with its own config and folders, a
``scrapyd-deploy`` egg, a scheduled ``elaph`` job against the local replica, judged by its
items, its SQLite store and its log (not by ``listjobs`` alone)."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, Replica, article_schema, golden_records
from tests.ports import free_port

USER, PASSWORD = "crawler", "s3cret-pa55"


class Scrapyd:
    def __init__(self, url: str, folder: Path):
        self.url, self.folder = url, folder

    def call(self, endpoint: str, data: dict[str, Any] | list[tuple[str, str]] | None = None) -> dict[str, Any]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + endpoint, data=body)
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"username = {USER}\npassword = {PASSWORD}\n"
        f"eggs_dir = {folder / 'eggs'}\nlogs_dir = {folder / 'logs'}\nitems_dir = {folder / 'items'}\n"
        f"dbs_dir = {folder / 'dbs'}\nmax_proc = 2\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    log = (folder / "scrapyd.out").open("w")
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    server = Scrapyd(f"http://127.0.0.1:{port}/", folder)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.call("daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            assert process.poll() is None, (folder / "scrapyd.out").read_text()
            assert time.monotonic() < deadline, "scrapyd did not answer daemonstatus.json"
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd) -> dict[str, Any]:
    env = {**os.environ, "SCRAPYD_URL": scrapyd.url, "SCRAPYD_USERNAME": USER, "SCRAPYD_PASSWORD": PASSWORD}
    done = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "env", "--version", "r1"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # scrapyd-deploy exits 0 even when the server refuses the egg: read the answer itself.
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == "ok", answer
    assert answer["spiders"] >= 1
    return answer


def test_the_egg_lists_the_spider(scrapyd: Scrapyd, deployed: dict[str, Any]) -> None:
    assert scrapyd.call("listprojects.json")["projects"] == ["newscrawl"]
    assert "elaph" in scrapyd.call("listspiders.json?project=newscrawl")["spiders"]


def test_a_scheduled_job_crawls_the_replica(scrapyd: Scrapyd, deployed: dict[str, Any], replica: Replica) -> None:
    store = scrapyd.folder / "newscrawl.sqlite3"
    answer = scrapyd.call("schedule.json", [
        ("project", "newscrawl"), ("spider", "elaph"),
        ("base_url", replica.base_url), ("api_url", replica.base_url),
        ("setting", f"NEWSCRAWL_SQLITE_PATH={store}"), ("setting", "DOWNLOAD_DELAY=0"),
        ("setting", "AUTOTHROTTLE_ENABLED=False"),
    ])  # fmt: skip
    assert answer["status"] == "ok", answer
    job = answer["jobid"]
    deadline = time.monotonic() + 120
    while not any(j["id"] == job for j in scrapyd.call("listjobs.json?project=newscrawl")["finished"]):
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.5)
    log = (scrapyd.folder / "logs" / "newscrawl" / "elaph" / f"{job}.log").read_text(encoding="utf-8")
    assert " ERROR: " not in log and "Traceback" not in log, log[-3000:]
    assert "'finish_reason': 'finished'" in log
    assert "Health checks passed" in log
    feed = (scrapyd.folder / "items" / "newscrawl" / "elaph" / f"{job}.jl").read_text(encoding="utf-8")
    items = [json.loads(line) for line in feed.splitlines()]
    expected = {record["articleId"] for record in golden_records()}
    assert sorted(i["articleId"] for i in items) == sorted(expected)
    assert "\\u06" not in feed  # Arabic unescaped in Scrapyd's feed too
    import jsonschema

    for item in items:
        jsonschema.validate(item, article_schema())
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == len(expected)
