"""A local replica of elaph.com for tests: serves ``tests/site/`` on 127.0.0.1.

Run as ``python tests/mockserver.py --log REQUESTS.log``; it binds port 0 and prints
``http://127.0.0.1:PORT`` on its first stdout line. ``--root DIR`` serves another folder laid
out the same way (``bench/replica.py`` makes large ones). Behaviour (see ``tests/site/README.md``):

* ``{{BASE}}`` in ``.xml``/``.txt``/``.json`` files becomes the server's own base URL;
* ``/v2/web/com/marticles/index/<section>/<page>`` serves ``api/<section>/<page>.json``
  (``{"data": []}`` past the last page, 404 for an unknown section);
* zero-padded months fall back to the unpadded path;
* :data:`WRONG_CHARSET` pages are served with a lying ``charset=utf-8`` header, and
  :data:`NO_CHARSET` pages with no charset at all;
* :data:`FAIL_ONCE` paths answer 500 on their first request;
* every request line is appended to the ``--log`` file (one ``METHOD PATH`` per line);
* ``--delay S`` makes each HTML page take S seconds (crash tests kill crawls mid-way).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).parent / "site"
TEMPLATED = {".xml", ".txt", ".json"}
WRONG_CHARSET = {"/Web/News/2010/3/546546.html"}
NO_CHARSET = {"/Web/Economics/2009/12/520001.html"}  # ISO-8859-6 bytes, declared nowhere
FAIL_ONCE = {"/Web/Sports/2025/11/1578703.html"}
API_RE = re.compile(r"^/v2/web/com/marticles/index/(?P<section>[A-Za-z0-9_-]+)/(?P<page>\d+)$")
PADDED_MONTH_RE = re.compile(r"^(/(?:amp/)?Web/[A-Za-z]+/\d{4}/)0(\d/)")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}


class ReplicaHandler(BaseHTTPRequestHandler):
    server: ReplicaServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.record(f"GET {self.path}")
        if self.server.delay and path.endswith(".html"):
            time.sleep(self.server.delay)
        if path in FAIL_ONCE and self.server.first_time(path):
            return self.reply(500, b"temporary failure", "text/plain")
        api = API_RE.match(path)
        if api:
            folder = self.server.root / "api" / api["section"]
            if not folder.is_dir():
                return self.reply(404, b'{"error": "unknown section"}', "application/json")
            file = folder / f"{int(api['page'])}.json"
            body = file.read_bytes() if file.is_file() else b'{"data": []}'
            return self.reply(200, self.template(body), "application/json; charset=utf-8")
        file = self.resolve(path)
        if file is None:
            return self.reply(404, b"<html><body><h1>404</h1></body></html>", "text/html; charset=utf-8")
        body = file.read_bytes()
        if file.suffix in TEMPLATED:
            body = self.template(body)
        content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        if path in WRONG_CHARSET:
            content_type = "text/html; charset=utf-8"
        elif path in NO_CHARSET:
            content_type = "text/html"
        self.reply(200, body, content_type)

    def resolve(self, path: str) -> Path | None:
        for candidate in (path, PADDED_MONTH_RE.sub(r"\1\2", path)):
            file = (self.server.root / candidate.lstrip("/")).resolve()
            if file.is_relative_to(self.server.root) and file.is_file():
                return file
        return None

    def template(self, body: bytes) -> bytes:
        return body.replace(b"{{BASE}}", self.server.base_url.encode())

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, log_path: Path | None, delay: float = 0.0, root: Path = ROOT):
        super().__init__(("127.0.0.1", 0), ReplicaHandler)
        self.root = root.resolve()
        self.delay = delay
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.log_path = log_path
        self.lock = threading.Lock()
        self.seen: set[str] = set()

    def record(self, line: str) -> None:
        if self.log_path:
            with self.lock, self.log_path.open("a", encoding="utf-8") as log:
                log.write(line + "\n")

    def first_time(self, path: str) -> bool:
        with self.lock:
            if path in self.seen:
                return False
            self.seen.add(path)
            return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, help="append each request line to this file")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before answering an HTML page")
    parser.add_argument("--root", type=Path, default=ROOT, help="document root (default: tests/site)")
    args = parser.parse_args()
    if not args.root.is_dir():
        parser.error(f"--root {args.root} is not a folder")
    server = ReplicaServer(args.log, args.delay, args.root)
    print(server.base_url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
