"""The data generation and the cached dashboard: every committed write to what dashboards show
starts a new generation (bulk writes and plain UPDATEs too), nothing else does, and a cached
page is never served after a change, in another language, or when the cache is down."""

from __future__ import annotations

import logging
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import generation
from config.generation import data_generation, generation_raise, written_table
from criteria.langson import load_criteria
from criteria.models import CriteriaSet, Scorecard
from criteria.tests.scored import score_ward
from dashboards import page_cache
from reports.models import Notification
from wards.models import Ward
from wards.tests.factories import WardFactory

YEAR = 2024
URL = reverse("dashboards:province") + f"?nam={YEAR}"


def _page(response) -> str:
    """Return the page without its CSRF tokens (masked afresh on every response)."""
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def raises(monkeypatch) -> list[str]:
    """Record the database of every raise of the data generations (and still raise them)."""
    calls: list[str] = []
    real = generation.generation_raise

    def recording(*, using: str = "default", groups: tuple[str, ...] = generation.GROUPS) -> None:
        calls.append(using)
        real(using=using, groups=groups)

    monkeypatch.setattr(generation, "generation_raise", recording)
    return calls


@pytest.fixture
def page_caching(settings, monkeypatch):
    """Turn the page cache on for one test, with keys of its own (the cache may be a Redis
    database shared with other tests, so it is not flushed)."""
    settings.PAGE_CACHE_SECONDS = 3600
    monkeypatch.setattr(page_cache, "KEY_PREFIX", f"test-{uuid.uuid4().hex}:")
    page_cache._unavailable_until[0] = 0.0
    yield
    page_cache._unavailable_until[0] = 0.0


def test_written_table_reads_inserts_updates_and_deletes_only():
    assert written_table('INSERT INTO "reports_monthlyreport" ("a") VALUES (1)') == (
        "reports_monthlyreport"
    )
    assert written_table('UPDATE "criteria_scorecard" SET "met_count" = 3') == "criteria_scorecard"
    assert written_table('DELETE FROM "wards_ward" WHERE id = 1') == "wards_ward"
    assert written_table('SELECT * FROM "wards_ward"') is None
    assert written_table("SAVEPOINT s1") is None


def test_watched_tables_are_the_programme_data_not_logins_or_notifications():
    tables = generation.watched_tables()
    assert {"reports_monthlyreport", "criteria_scorecard", "budget_allocation"} <= tables
    assert {"wards_ward", "wards_wardlineage", "facilities_headquarters"} <= tables
    assert not {"wards_user", "reports_notification", "reports_datageneration"} & tables


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_raises_the_generation_once_per_transaction(raises):
    before = data_generation()
    with transaction.atomic():
        ward = WardFactory(code="gen-a")
        Ward.objects.filter(pk=ward.pk).update(notes="một")
        Ward.objects.filter(pk=ward.pk).update(notes="hai")
    assert raises == ["default"]
    assert data_generation() > before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_generation_alone(raises):
    before = data_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        WardFactory(code="gen-b")
        raise RuntimeError("thôi")
    assert raises == []
    assert data_generation() == before
    assert not Ward.objects.filter(code="gen-b").exists()


@pytest.mark.django_db(transaction=True)
def test_bulk_writes_and_autocommit_updates_raise_the_generation(raises):
    load_criteria()
    raises.clear()
    ward = WardFactory(code="gen-c")  # autocommit: raised at once
    assert raises == ["default"]
    score_ward(ward, YEAR, met=12, criteria_set=CriteriaSet.objects.get(version=1))
    assert len(raises) >= 2  # bulk_create of the results, then the scorecard
    first = data_generation()
    Scorecard.objects.filter(ward=ward).update(met_count=13, not_met_count=8)
    assert data_generation() > first


@pytest.mark.django_db(transaction=True)
def test_notifications_and_logins_do_not_raise_the_generation(raises, reviewer):
    Notification.objects.create(recipient=reviewer, kind="info", text="Xin chào")
    reviewer.save(update_fields=["last_login"])
    assert raises == []


@pytest.mark.django_db(transaction=True)
def test_the_generation_never_returns_to_an_earlier_value(raises):
    generation_raise()
    high = data_generation()
    from config.models import DataGeneration

    DataGeneration.objects.filter(name__in=generation.GROUPS).update(counter=5)  # a restored backup
    generation_raise()
    assert data_generation() > high


@pytest.mark.django_db(transaction=True)
def test_cached_dashboard_shows_a_committed_change_at_once(page_caching, reviewer_client):
    load_criteria()
    ward = WardFactory(code="cache-a", name="Phường Bộ Đệm")
    score_ward(ward, YEAR, met=12, criteria_set=CriteriaSet.objects.get(version=1))
    first = reviewer_client.get(URL)
    assert "12/22" in first.content.decode()
    with CaptureQueriesContext(connection) as cached:
        again = reviewer_client.get(URL)
    assert _page(again) == _page(first)
    assert len(cached.captured_queries) <= 4  # session, user, generation: no dashboard query
    Scorecard.objects.filter(ward=ward, year=YEAR).update(met_count=20, not_met_count=1)
    after = reviewer_client.get(URL).content.decode()
    assert "20/22" in after and "12/22" not in after


@pytest.mark.django_db
def test_cached_dashboard_is_served_from_the_cache_until_the_generation_moves(
    page_caching, reviewer_client, ward_a
):
    load_criteria()
    score_ward(ward_a, YEAR, met=15, criteria_set=CriteriaSet.objects.get(version=1))
    generation_raise()
    first = reviewer_client.get(URL)
    assert "matrix" in first.context  # rendered
    second = reviewer_client.get(URL)
    assert second.context is None or "matrix" not in second.context  # served from the cache
    assert _page(second) == _page(first)
    generation_raise()
    third = reviewer_client.get(URL)
    assert "matrix" in third.context


@pytest.mark.django_db
def test_each_language_has_its_own_cached_dashboard(page_caching, reviewer_client, ward_a):
    vietnamese = reviewer_client.get(URL).content.decode()
    assert "Kết quả tiêu chí theo phường" in vietnamese
    reviewer_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = reviewer_client.get(URL).content.decode()
    assert "Kết quả tiêu chí theo phường" not in english
    assert "Criteria results by ward" in english


@pytest.mark.django_db
def test_dashboard_works_when_the_cache_is_down(page_caching, reviewer_client, ward_a, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis down")

    for method in ("get", "set", "get_many", "set_many"):
        monkeypatch.setattr(page_cache.cache, method, down)
    response = reviewer_client.get(URL)
    assert response.status_code == 200
    assert ward_a.display_name in response.content.decode()
    assert page_cache._unavailable_until[0] > 0  # the cache was tried, and is left alone
    assert reviewer_client.get(URL).status_code == 200  # and again, without trying the cache


@pytest.mark.django_db(transaction=True)
def test_migrate_starts_a_new_generation():
    before = data_generation()
    call_command("migrate", "reports", verbosity=0)
    assert data_generation() > before


@pytest.mark.django_db(transaction=True)
def test_the_first_migrate_logs_no_warning_before_the_counters_table_exists(caplog):
    from config.models import DataGeneration

    table = DataGeneration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        with caplog.at_level(logging.DEBUG, logger="config.generation"):
            generation_raise()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]
    assert "not created yet" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_a_failing_counter_write_with_the_table_present_is_a_warning(caplog, monkeypatch):
    from django.db import DatabaseError
    from django.db.models import QuerySet

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(QuerySet, "update", broken)
    with caplog.at_level(logging.DEBUG, logger="config.generation"):
        generation_raise()
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
