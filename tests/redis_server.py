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
    log = folder / "redis-server.log"
    for _ in range(3):  # a free port can be taken before the server binds it
        port = free_port()
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
                   "--save", "", "--appendonly", "no", "--protected-mode", "yes"]  # fmt: skip
        with log.open("w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        if _answers(process, port):
            break
        _stop(process)
    else:
        raise RuntimeError(f"redis-server did not start:\n{log.read_text()}")
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        _stop(process)


def _answers(process: subprocess.Popen[bytes], port: int, timeout: float = 10) -> bool:
    """Whether ``process`` (not another server that took the port) answers on ``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"INFO server\r\n")
                if f"process_id:{process.pid}\r\n".encode() in connection.recv(65536):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
