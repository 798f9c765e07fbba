"""The province dashboard is cached section by section: a committed write to a group of tables
re-renders exactly the sections that read it, and a write elsewhere leaves them cached."""

from __future__ import annotations

import dataclasses
import datetime
import re
import uuid
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import Allocation
from budget.tests.factories import AllocationFactory
from config import generation
from config.generation import GROUPS, data_generations, generation_raise, table_groups
from criteria.langson import load_criteria
from criteria.models import CriteriaSet, Scorecard
from criteria.tests.factories import MonthlyReportFactory
from criteria.tests.scored import score_ward
from dashboards import page_cache, views
from dashboards.province import PROVINCE_SECTIONS, DashboardFrame
from facilities.models import BuildingProject
from facilities.tests.factories import BuildingProjectFactory
from reports.models import MonthlyReport
from reports.totals import month_totals_refresh
from wards.models import Ward
from wards.tests.factories import WardFactory

YEAR = 2024
URL = reverse("dashboards:province") + f"?nam={YEAR}"


@pytest.fixture
def page_caching(settings, monkeypatch):
    """Turn the page cache on for one test, with keys of its own."""
    settings.PAGE_CACHE_SECONDS = 3600
    monkeypatch.setattr(page_cache, "KEY_PREFIX", f"test-{uuid.uuid4().hex}:")
    page_cache._unavailable_until[0] = 0.0
    yield
    page_cache._unavailable_until[0] = 0.0


@pytest.fixture
def renders(monkeypatch) -> Counter:
    """Count how often each section of the province dashboard is built (rendered afresh)."""
    counts: Counter = Counter()

    def counting(section):
        def build(frame):
            counts[section.name] += 1
            return section.build(frame)

        return dataclasses.replace(section, build=build)

    monkeypatch.setattr(views, "PROVINCE_SECTIONS", tuple(map(counting, PROVINCE_SECTIONS)))
    return counts


@pytest.fixture
def dashboard_data(db):
    """A scored ward with an approved report, a headquarters project and its money."""
    load_criteria()
    ward = WardFactory(code="sec-a", name="Phường Từng Phần")
    score_ward(ward, YEAR, met=12, criteria_set=CriteriaSet.objects.get(version=1))
    MonthlyReportFactory(ward=ward, year=YEAR, month=3, criminal_cases=4)
    month_totals_refresh(year=YEAR, month=3)
    project = BuildingProjectFactory(ward=ward)
    AllocationFactory(project=project)
    return ward


def _write(group: str, ward: Ward) -> None:
    """Commit one change to a table of the group, as the app's writes do."""
    with transaction.atomic():
        if group == "wards":
            Ward.objects.filter(pk=ward.pk).update(notes=F("notes"))
        elif group == "criteria":
            Scorecard.objects.filter(ward=ward).update(met_count=F("met_count"))
        elif group == "reports":
            MonthlyReport.objects.filter(ward=ward).update(criminal_cases=F("criminal_cases"))
        elif group == "facilities":
            BuildingProject.objects.filter(ward=ward).update(title=F("title"))
        elif group == "budget":
            Allocation.objects.filter(project__ward=ward).update(amount=F("amount"))


def test_every_group_of_tables_has_a_write_and_every_section_known_groups():
    assert set(GROUPS) == {"wards", "criteria", "reports", "facilities", "budget"}
    for section in PROVINCE_SECTIONS:
        assert section.depends and set(section.depends) <= set(GROUPS)
    assert {s.name for s in PROVINCE_SECTIONS if "reports" in s.depends} == {
        "completeness",
        "trends",
        "warnings",
    }


def test_a_fragment_depending_on_an_unknown_group_is_refused():
    with pytest.raises(ValueError):
        page_cache.cached_fragment(parts=("x",), depends=("reprots",), render=lambda: "")


_READ = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("section", PROVINCE_SECTIONS, ids=lambda s: s.name)
def test_a_section_depends_on_every_group_of_tables_it_reads(section, dashboard_data, reviewer):
    request = RequestFactory().get(URL)
    request.user = reviewer
    frame = DashboardFrame(year=YEAR, today=datetime.date(2024, 12, 15))
    with CaptureQueriesContext(connection) as captured:
        context = section.build(frame) | {"years": [YEAR], "today": frame.today}
        html = render_to_string(section.template, context, request)
    assert html is not None
    tables = {t for q in captured.captured_queries for t in _READ.findall(q["sql"])}
    read = {table_groups()[t] for t in tables if t in table_groups()}
    assert read and read <= set(section.depends)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_raises_each_group_it_wrote_once_and_no_other(monkeypatch):
    calls: list[tuple[str, ...]] = []
    real = generation.generation_raise

    def recording(*, using: str = "default", groups: tuple[str, ...] = GROUPS) -> None:
        calls.append(tuple(groups))
        real(using=using, groups=groups)

    monkeypatch.setattr(generation, "generation_raise", recording)
    ward = WardFactory(code="sec-b")
    calls.clear()
    before = data_generations()
    with transaction.atomic():
        MonthlyReportFactory(ward=ward, year=YEAR, month=1)
        MonthlyReportFactory(ward=ward, year=YEAR, month=2)
        Ward.objects.filter(pk=ward.pk).update(notes="đổi")
    assert calls == [("reports", "wards")]
    after = data_generations()
    assert after["reports"] > before["reports"] and after["wards"] > before["wards"]
    assert {g: after[g] for g in ("criteria", "facilities", "budget")} == {
        g: before[g] for g in ("criteria", "facilities", "budget")
    }


@pytest.mark.django_db(transaction=True)
def test_raising_some_groups_leaves_the_others_alone():
    generation_raise()
    before = data_generations()
    generation_raise(groups=("budget",))
    after = data_generations()
    assert after["budget"] > before["budget"]
    assert all(after[g] == before[g] for g in GROUPS if g != "budget")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("section", PROVINCE_SECTIONS, ids=lambda s: s.name)
def test_a_section_is_rendered_again_after_a_write_to_what_it_reads_and_only_then(
    section, page_caching, renders, dashboard_data, reviewer_client
):
    assert reviewer_client.get(URL).status_code == 200
    assert reviewer_client.get(URL).status_code == 200
    assert renders[section.name] == 1  # the second view came from the cache
    for group in GROUPS:
        before = renders[section.name]
        _write(group, dashboard_data)
        assert reviewer_client.get(URL).status_code == 200
        rendered = renders[section.name] - before
        assert rendered == (1 if group in section.depends else 0), group


@pytest.mark.django_db(transaction=True)
def test_an_approval_refreshes_the_trends_and_leaves_the_matrix_cached(
    page_caching, renders, dashboard_data, reviewer_client
):
    first = reviewer_client.get(URL).content.decode()
    assert "12/22" in first
    with transaction.atomic():  # an approval: the report's figures and the month's totals
        MonthlyReport.objects.filter(ward=dashboard_data).update(criminal_cases=40)
        month_totals_refresh(year=YEAR, month=3)
    renders.clear()
    page = reviewer_client.get(URL)
    assert set(renders) == {"completeness", "trends", "warnings"}
    trends = page.context["trends"]
    assert next(r.current for r in trends["rows"] if r.field == "criminal_cases") == 40
    assert "12/22" in page.content.decode()  # the cached matrix is still the same data
