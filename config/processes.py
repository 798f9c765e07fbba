"""Child processes of the project for the benchmark and the failure tests: a free localhost
port, gunicorn serving the project on it, and stopping a child process."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent  # the project folder

T = TypeVar("T")


def free_port() -> int:
    """Return a TCP port nobody listens on at the moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(
    check: Callable[[], T], *, timeout: float = 30, interval: float = 0.2, what: str = "condition"
) -> T:
    """Call check() until it returns a truthy value; return it, or raise after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


def stop_process(process: subprocess.Popen | None, *, kill: bool = False) -> None:
    """Stop a child process: SIGKILL when kill, SIGTERM otherwise; wait for it."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_gunicorn(
    env: dict[str, str], port: int, *, workers: int = 1, threads: int = 1, quiet: bool = True
) -> subprocess.Popen:
    """Start gunicorn serving the project on 127.0.0.1:port and return it once /healthz answers
    (any status); its output is dropped when quiet. It is stopped again if it never answers."""
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )

    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except urllib.error.HTTPError:
            return True  # it answered (503 is an answer)
        except OSError:
            return False
        return True

    try:
        wait_for(answers, timeout=60, what="gunicorn")
    except BaseException:
        stop_process(process, kill=True)
        raise
    return process
