"""Throwaway servers for the failure tests: a Redis, a PostgreSQL cluster, a Celery worker and
gunicorn, each on its own free localhost port and stopped by the test that started it.

The machine's shared PostgreSQL and Redis are never stopped or restarted by these tests.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from config.processes import (  # shared with the benchmark
    ROOT,
    free_port,
    wait_for,
)
from config.processes import start_gunicorn as start_gunicorn
from config.processes import stop_process as stop_process


def wait_until_finished(job, *, timeout: float) -> None:
    """Reload a background job (scoring job or document) until it is done or failed, or until
    the time is up (the caller's assertions then say what state it was left in)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in {"done", "failed"}:
            return
        time.sleep(0.5)


def redis_binary() -> str | None:
    return shutil.which("redis-server")


class RedisServer:
    """A redis-server on its own port, in the foreground of a child process."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except Exception:  # refused while starting or after stopping
            return False

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                redis_binary() or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=15, what=f"redis on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


def postgres_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return str(Path(found[-1]).parent)
    initdb = shutil.which("initdb")
    return str(Path(initdb).parent) if initdb else None


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder on its own port (run as `postgres` when root)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.bindir = postgres_bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="modelward-pg-"))
        self.data = self.folder / "data"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [f"{self.bindir}/{args[0]}", *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=check)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> PostgresCluster:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "-m",
            "fast",
            action,
        )

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def test_database_url() -> str:
    """Return DATABASE_URL pointed at the test database, for a child process to share it."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def django_env(**overrides: str) -> dict[str, str]:
    """Return the environment for a child Django process (test settings) with overrides."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    for key in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(key, None)
    env.update(overrides)
    return env


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    """Start a Celery worker (solo pool: the task runs in the worker process itself)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def http_get(url: str) -> tuple[int, bytes]:
    """Return (status, body) of a GET, HTTP errors included."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@contextlib.contextmanager
def celery_broker(url: str | None) -> Iterator:
    """Send this process's Celery tasks to `url` (not eagerly) for the duration."""
    from config.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)

    def reset_pools() -> None:
        from kombu import pools

        pools.reset()  # closes and forgets every pooled connection and producer
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = saved
