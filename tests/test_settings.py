import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import check_redis_url, env_bool, env_int, env_rate, parse_database_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-for-the-check-1234567890",
    "DATABASE_URL": "postgres://app:pw@db.internal:5432/modelward",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "DJANGO_ALLOWED_HOSTS": "modelward.example.vn",
}


def _run_manage(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "CELERY_BROKER_URL"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_postgres_url_is_parsed_with_kept_and_checked_connections():
    config = parse_database_url("postgres://u:p%40ss@localhost:5433/app")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "u",
        "p@ss",
        "localhost",
        "5433",
    )
    assert config["NAME"] == "app"
    # Connections live a minute and are checked before reuse (they survive a server restart).
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)


def test_postgres_url_options_reach_the_driver():
    config = parse_database_url("postgresql://u@db/app?sslmode=require&connect_timeout=5")
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}
    assert config["PORT"] == ""


def test_sqlite_url_is_parsed_with_a_queueing_writer_lock():
    config = parse_database_url("sqlite:////tmp/x.db")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/x.db"
    assert config["OPTIONS"] == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u@h/db",
        "postgres://h:5432/",
        "postgres://h:99999/app",
        "postgres://h:port/app",
        "nonsense",
        "",
        "sqlite://",
        "sqlite://:memory:",
    ],
)
def test_bad_database_url_fails_loudly(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url)


def test_a_bad_database_url_is_reported_without_its_password():
    with pytest.raises(ImproperlyConfigured) as error:
        parse_database_url("mysql://app:s3cret-pw@db/app", name="BENCH_DATABASE_URL")
    assert "BENCH_DATABASE_URL" in str(error.value)
    assert "s3cret-pw" not in str(error.value)
    assert "app:***@db" in str(error.value)


def test_bad_redis_url_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        check_redis_url("REDIS_URL", "http://localhost:6379")
    assert check_redis_url("REDIS_URL", "redis://localhost:6379/0") == "redis://localhost:6379/0"


def test_bad_boolean_and_integer_fail_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)
    monkeypatch.setenv("NUMBER", "0")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1, minimum=1)
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True


def test_api_rates_are_checked(monkeypatch):
    assert env_rate("RATE", "1000/hour") == "1000/hour"
    monkeypatch.setenv("RATE", "30/minute")
    assert env_rate("RATE", "1000/hour") == "30/minute"
    for bad in ("30", "0/minute", "30/fortnight", "-1/day", "ba/hour"):
        monkeypatch.setenv("RATE", bad)
        with pytest.raises(ImproperlyConfigured):
            env_rate("RATE", "1000/hour")


def test_defaults_are_sqlite_and_eager_celery():
    result = _run_manage(
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": "", "REDIS_URL": ""},
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['NAME'] == str(s.VAR_DIR / 'db.sqlite3'),"
        " s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.LANGUAGE_CODE,"
        " s.TIME_ZONE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-5:] == [
        "True",
        "django.db.backends.sqlite3",
        "True",
        "vi",
        "Asia/Ho_Chi_Minh",
    ]


def test_database_and_redis_urls_switch_to_postgres_and_a_real_broker():
    result = _run_manage(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/whatever",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        },
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "django.db.backends.postgresql",
        "False",
        "redis://127.0.0.1:6379/3",
    ]


def test_check_deploy_is_clean_under_production_settings():
    result = _run_manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = _run_manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_refuses_demo_accounts():
    result = _run_manage(
        {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/modelward-prod-check.sqlite3"},
        "load_langson",
        "--demo-users",
    )
    assert result.returncode != 0
    assert "production" in result.stderr
