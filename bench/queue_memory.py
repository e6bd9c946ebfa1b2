"""Memory of discovered article URLs: a crawl's peak RSS per URL waiting to be downloaded.

    python bench/queue_memory.py [--urls 200000] [--per-sitemap 50000]

A local server (in this process, on 127.0.0.1) serves robots.txt, a sitemap index and
``--urls`` article URLs in sitemaps of ``--per-sitemap``. It never answers an article page
(it holds the connection), so the articles the crawl discovers stay waiting in its scheduler.
Once the crawl process has read every sitemap and its CPU time has stopped growing, it is
stopped. Its peak RSS (``VmHWM``) is then read.

Three crawls run in the same run, with the same code:

* a baseline with 10 URLs (what a crawl costs before any URL waits);
* ``--urls`` URLs with Scrapy's in-memory queue (``SCHEDULER_MEMORY_QUEUE =
  scrapy.squeues.LifoMemoryQueue``), as before newscrawl.request_queue;
* ``--urls`` URLs with newscrawl's queue, which keeps waiting requests in a temporary file.

Reported: the bytes per URL of each crawl above the baseline, the ratio between them, and
the ratio of the two crawls' CPU time (discovering and queueing the URLs).
"""

from __future__ import annotations

import argparse
import http.server
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRAPY_QUEUE = "scrapy.squeues.LifoMemoryQueue"


class Handler(http.server.BaseHTTPRequestHandler):
    urls = 0
    per_sitemap = 0
    sitemaps_served = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, body: str, kind: str = "application/xml") -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        count = -(-self.urls // self.per_sitemap)
        if self.path == "/robots.txt":
            self.send(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", "text/plain")
        elif self.path == "/sitemap.xml":
            children = "".join(f"<sitemap><loc>{base}/sitemap-{n}.xml</loc></sitemap>" for n in range(count))
            self.send(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>')
        elif self.path.startswith("/sitemap-"):
            n = int(self.path[len("/sitemap-") : -len(".xml")])
            first, last = n * self.per_sitemap, min(self.urls, (n + 1) * self.per_sitemap)
            entries = "".join(
                f"<url><loc>{base}/Web/News/2024/{1 + i % 12}/{1_000_000 + i}.html</loc>"
                f"<lastmod>2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+03:00</lastmod></url>"
                for i in range(first, last)
            )
            self.send(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')
            type(self).sitemaps_served += 1
        elif self.path.startswith("/Web/News/"):
            time.sleep(3600)  # an article: never answered while the bench runs
        else:
            self.send_error(404)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def crawl(base_url: str, urls: int, queue: str | None, folder: Path) -> tuple[int, float]:
    """The crawl's peak RSS in bytes and its CPU seconds, once every sitemap was read and
    queued and its work stopped."""
    Handler.urls, Handler.sitemaps_served = urls, 0
    sitemaps = -(-urls // Handler.per_sitemap)
    settings = {"NEWSCRAWL_SQLITE_PATH": str(folder / "store.sqlite3"), "NEWSCRAWL_ARCHIVE_DIR": str(folder / "warc"),
                "LOG_LEVEL": "INFO", "ROBOTSTXT_OBEY": "False",
                "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "NEWSCRAWL_CRAWL_DELAY_ENABLED": "False",
                "NEWSCRAWL_HEALTH_ENABLED": "False", "TELNETCONSOLE_ENABLED": "False"}  # fmt: skip
    if queue:
        settings["SCHEDULER_MEMORY_QUEUE"] = queue
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={base_url}", "-O", str(folder / "o.jsonl")]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    with open(folder / "crawl.log", "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    last, still = -1.0, 0
    while still < 3:  # every sitemap served, then 3 s without CPU time: it has queued them all
        time.sleep(1)
        if process.poll() is not None:
            raise SystemExit(f"the crawl ended early: see {folder / 'crawl.log'}")
        now = cpu_seconds(process.pid)
        still = still + 1 if Handler.sitemaps_served >= sitemaps and now - last < 0.05 else 0
        last = now
    status = Path(f"/proc/{process.pid}/status").read_text()
    process.send_signal(signal.SIGKILL)
    process.wait()
    return int(status.split("VmHWM:")[1].split()[0]) * 1024, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=200_000)
    parser.add_argument("--per-sitemap", type=int, default=50_000)
    args = parser.parse_args()
    Handler.per_sitemap = args.per_sitemap
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        peaks, cpu = {}, {}
        runs = (("baseline", 10, None), ("scrapy", args.urls, SCRAPY_QUEUE), ("ours", args.urls, None))
        for name, urls, queue in runs:
            folder = Path(tmp) / name
            folder.mkdir()
            peaks[name], cpu[name] = crawl(base_url, urls, queue, folder)
            print(f"{name}: peak RSS {peaks[name] / 2**20:.0f} MiB, {cpu[name]:.1f} CPU seconds", flush=True)
    scrapy = (peaks["scrapy"] - peaks["baseline"]) / args.urls
    ours = (peaks["ours"] - peaks["baseline"]) / args.urls
    print(f"\n| queue | peak RSS per waiting URL |\n|---|---:|\n| Scrapy's memory queue | {scrapy:,.0f} B |")
    print(f"| newscrawl.request_queue | {ours:,.0f} B |\n")
    print(f"memory per URL: {scrapy / ours:.1f}× less; CPU to discover and queue: {cpu['ours'] / cpu['scrapy']:.2f}×")


if __name__ == "__main__":
    main()
