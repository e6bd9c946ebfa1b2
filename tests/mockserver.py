"""A local replica of a news site for tests: serves a folder of ``tests/sites/`` on 127.0.0.1.

Run as ``python tests/mockserver.py [--root tests/sites/SHAPE] [--log REQUESTS.log]``; it
binds port 0 and prints ``http://HOST:PORT`` on its first stdout line. ``--root`` defaults to
the Elaph replica; ``bench/replica.py`` makes large folders laid out the same way. ``--host
127.0.0.2`` (any loopback address on Linux) lets several replicas run at once on distinct
hosts. ``--delay S`` makes each HTML page take S seconds (crash tests kill crawls mid-way);
every request line is appended to the ``--log`` file (one ``METHOD PATH?QUERY`` per line).

What differs between sites is data: the root's ``server.json`` (all keys optional;
``tests/sites/README.md`` documents them):

* ``templated``: file suffixes in which ``{{BASE}}`` becomes the server's own base URL
  (default ``.xml``, ``.txt``, ``.json``);
* ``content_types``: a suffix (``.html``) or a file (``/a/b.html``, from the root) → the
  Content-Type header, to serve a windows-1256 site, a lying charset or none;
* ``status``: a request (``/path`` or ``/path?query``, as sent or percent-decoded) → a status
  (``410``), or ``{"status": 500, "times": 1}`` for a failure that answers only the first N
  requests, with an optional ``body`` (a firewall's challenge page) and ``headers``
  (``{"Retry-After": "1"}``);
* ``redirects``: a request → ``{"status": 301, "location": "/new/path"}``;
* ``headers``: a file (``/a/b.html``) → more headers it is served with
  (``{"Content-Encoding": "gzip"}`` for a file stored compressed);
* ``routes``: tried in order before the static files. ``path`` is a regex matched against the
  whole decoded path, ``query`` maps parameters that must be present to regexes of their
  value (other parameters are ignored, as a real site ignores ``utm_source``); the route
  serves ``file`` (a template over the named groups and the query's parameters) when it
  exists, or answers ``status``/``body``/``content_type`` when its ``if_exists`` (a file or
  folder template) exists or it has none.

Static files: the decoded path under the root, else ``PATH.html`` (extension-less pages), else
``index.html`` of a folder (a folder asked without its trailing slash is redirected to it, as
web servers do). The query string does not choose a static file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit

SITES = Path(__file__).parent / "sites"
ROOT = SITES / "elaph"
CONFIG_FILE = "server.json"
DEFAULT_TEMPLATED = (".xml", ".txt", ".json")
DEFAULT_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
NOT_FOUND = b"<html><body><h1>404</h1></body></html>"
STATUS_BODIES = {404: NOT_FOUND, 410: b"<html><body><h1>410 Gone</h1></body></html>"}


@dataclass(frozen=True)
class Route:
    """One entry of ``routes``: a path regex, required query parameters, what to serve."""

    path: re.Pattern[str]
    query: tuple[tuple[str, re.Pattern[str]], ...] = ()
    file: str | None = None
    if_exists: str | None = None
    status: int = 200
    body: str | None = None
    content_type: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Route:
        query = tuple((name, re.compile(value)) for name, value in data.get("query", {}).items())
        fields = {k: data[k] for k in ("file", "if_exists", "status", "body", "content_type") if k in data}
        return cls(path=re.compile(data["path"]), query=query, **fields)

    def match(self, path: str, params: Mapping[str, str]) -> dict[str, str] | None:
        """The template values when the request matches, else None."""
        found = self.path.fullmatch(path)
        if not found or any(name not in params or not rx.fullmatch(params[name]) for name, rx in self.query):
            return None
        return {**params, **{k: v for k, v in found.groupdict().items() if v is not None}}


@dataclass(frozen=True)
class StatusAnswer:
    """One entry of ``status``: the status, for how many requests (None: all), what to send."""

    status: int
    times: int | None = None
    body: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: int | Mapping[str, Any]) -> StatusAnswer:
        if isinstance(data, int):
            return cls(data)
        return cls(data["status"], data.get("times"), data.get("body"), data.get("headers", {}))


@dataclass(frozen=True)
class SiteConfig:
    """A replica's ``server.json``."""

    templated: tuple[str, ...] = DEFAULT_TEMPLATED
    content_types: Mapping[str, str] = field(default_factory=dict)
    status: Mapping[str, StatusAnswer] = field(default_factory=dict)
    redirects: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    routes: tuple[Route, ...] = ()

    @classmethod
    def load(cls, root: Path) -> SiteConfig:
        file = root / CONFIG_FILE
        if not file.is_file():
            return cls()
        data = json.loads(file.read_text(encoding="utf-8"))
        status = {request: StatusAnswer.from_json(answer) for request, answer in data.get("status", {}).items()}
        return cls(
            templated=tuple(data.get("templated", DEFAULT_TEMPLATED)),
            content_types=data.get("content_types", {}),
            status=status,
            redirects={
                request: (r.get("status", 301), r["location"]) for request, r in data.get("redirects", {}).items()
            },
            headers=data.get("headers", {}),
            routes=tuple(Route.from_json(route) for route in data.get("routes", ())),
        )

    def content_type(self, file: str) -> str:
        """The Content-Type of ``file`` (a path from the root, ``/a/b.html``)."""
        suffix = Path(file).suffix
        return self.content_types.get(
            file, self.content_types.get(suffix, DEFAULT_CONTENT_TYPES.get(suffix, "application/octet-stream"))
        )


def request_keys(path: str, query: str) -> list[str]:
    """How ``status`` and ``redirects`` may name a request: as sent or percent-decoded, with
    its query, then without."""
    keys = []
    for p, q in ((path, query), (unquote(path), unquote(query))):
        keys += [f"{p}?{q}", p] if q else [p]
    return list(dict.fromkeys(keys))


class ReplicaHandler(BaseHTTPRequestHandler):
    server: ReplicaServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.record(f"GET {self.path}")
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        config = self.server.config
        for key in request_keys(parts.path, parts.query):
            if key in config.redirects:
                status, location = config.redirects[key]
                return self.redirect(status, location)
            if key in config.status:
                answer = config.status[key]
                if answer.times is None or self.server.count(key) <= answer.times:
                    body = answer.body.encode() if answer.body is not None else None
                    body = body or STATUS_BODIES.get(answer.status, b"temporary failure")
                    return self.reply(answer.status, body, "text/html; charset=utf-8", answer.headers)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        for route in config.routes:
            values = route.match(path, params)
            if values is None:
                continue
            if route.file is not None:
                file = self.server.file(route.file.format(**values))
                if file is not None:
                    return self.serve(file)
            elif route.if_exists is None or self.server.exists(route.if_exists.format(**values)):
                body = self.template((route.body or "").encode())
                return self.reply(route.status, body, route.content_type or "text/html; charset=utf-8")
        file = self.server.file(path)
        if file is None and not path.endswith("/"):
            file = self.server.file(path + ".html")
        if file is None and self.server.folder(path) is not None:
            if not path.endswith("/"):
                return self.redirect(301, quote(path + "/") + (f"?{parts.query}" if parts.query else ""))
            file = self.server.file(path + "index.html")
        if file is None:
            return self.reply(404, NOT_FOUND, "text/html; charset=utf-8")
        self.serve(file)

    def serve(self, file: Path) -> None:
        name = "/" + file.relative_to(self.server.root).as_posix()
        if self.server.delay and file.suffix == ".html":
            time.sleep(self.server.delay)
        body = file.read_bytes()
        if file.suffix in self.server.config.templated:
            body = self.template(body)
        self.reply(200, body, self.server.config.content_type(name), self.server.config.headers.get(name))

    def template(self, body: bytes) -> bytes:
        return body.replace(b"{{BASE}}", self.server.base_url.encode())

    def redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", self.server.base_url + location if location.startswith("/") else location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def reply(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, log_path: Path | None, delay: float = 0.0, root: Path = ROOT, host: str = "127.0.0.1"):
        super().__init__((host, 0), ReplicaHandler)
        self.root = root.resolve()
        self.config = SiteConfig.load(self.root)
        self.delay = delay
        self.base_url = f"http://{host}:{self.server_address[1]}"
        self.log_path = log_path
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def record(self, line: str) -> None:
        if self.log_path:
            with self.lock, self.log_path.open("a", encoding="utf-8") as log:
                log.write(line + "\n")

    def count(self, key: str) -> int:
        """How many times ``key`` has been asked for, this request included."""
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def _inside(self, path: str) -> Path | None:
        candidate = (self.root / path.lstrip("/")).resolve()
        return candidate if candidate.is_relative_to(self.root) else None

    def file(self, path: str) -> Path | None:
        candidate = self._inside(path)
        return candidate if candidate is not None and candidate.is_file() else None

    def folder(self, path: str) -> Path | None:
        candidate = self._inside(path)
        return candidate if candidate is not None and candidate.is_dir() else None

    def exists(self, path: str) -> bool:
        return self.file(path) is not None or self.folder(path) is not None


class TimedReplicaServer(ReplicaServer):
    """The server run in a thread of a test's own process (:func:`serving`), keeping when each
    request arrived: ``arrivals`` holds ``(time.monotonic(), "GET /path?query")``."""

    def __init__(self, root: Path, host: str = "127.0.0.1"):
        super().__init__(None, root=root, host=host)
        self.arrivals: list[tuple[float, str]] = []

    def record(self, line: str) -> None:
        with self.lock:
            self.arrivals.append((time.monotonic(), line))


Server = TypeVar("Server", bound=HTTPServer)


@contextlib.contextmanager
def serving(server: Server) -> Iterator[Server]:
    """Serve in a daemon thread while in the block."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, help="append each request line to this file")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before answering an HTML page")
    parser.add_argument("--root", type=Path, default=ROOT, help="document root (default: tests/sites/elaph)")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default: 127.0.0.1)")
    args = parser.parse_args()
    if not args.root.is_dir():
        parser.error(f"--root {args.root} is not a folder")
    server = ReplicaServer(args.log, args.delay, args.root, args.host)
    print(server.base_url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
