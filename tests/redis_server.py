"""A throwaway Redis server for tests: Debian's ``redis-server`` on 127.0.0.1, a free port,
its own temporary folder, no persistence; stopped when the block ends."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ports import free_port

INSTALL_HINT = "redis-server is not installed (apt-get install redis-server; CI installs it)"


def available() -> bool:
    return shutil.which("redis-server") is not None


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Run ``redis-server`` while in the block; yields its URL (``redis://127.0.0.1:PORT``)."""
    port = free_port()
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
               "--save", "", "--appendonly", "no", "--protected-mode", "yes"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
