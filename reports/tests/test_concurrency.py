"""Two people saving the same report at the same moment: exactly one wins (PostgreSQL only,
where the conditional UPDATE really runs in two concurrent transactions)."""

import threading

import pytest
from django.db import connections

from reports.models import MonthlyReport
from reports.services import StaleReportError, monthly_report_save
from reports.tests.factories import monthly_values
from wards.models import Role
from wards.tests.factories import UserFactory, WardFactory


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_with_the_same_version_let_exactly_one_through():
    ward = WardFactory(code="race-ward")
    first = UserFactory(username="race-1", role=Role.WARD_OFFICER, ward=ward)
    second = UserFactory(username="race-2", role=Role.WARD_CHIEF, ward=ward)
    monthly_report_save(
        user=first, ward=ward, year=2024, month=3, values=monthly_values(), version=None
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, cases):
        try:
            barrier.wait(timeout=10)
            monthly_report_save(
                user=user,
                ward=ward,
                year=2024,
                month=3,
                values=monthly_values(criminal_cases=cases),
                version=1,
            )
            outcomes[user.username] = "saved"
        except StaleReportError:
            outcomes[user.username] = "stale"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(first, 11)),
        threading.Thread(target=save, args=(second, 22)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["saved", "stale"]
    report = MonthlyReport.objects.get()
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert report.version == 2
    assert report.criminal_cases == (11 if winner == "race-1" else 22)
    assert report.history.count() == 2
