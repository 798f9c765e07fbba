import pytest
from django.urls import reverse

from reports.models import BaselineSource, BaselineTotals
from wards.models import WardKind
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

FIGURES = {
    "criminal_cases": "3",
    "economic_environment_cases": "",
    "drug_cases": "2",
    "administrative_violations": "",
    "social_order_crimes": "3",
    "hot_spots": "1",
    "drug_addicts": "9",
    "fugitives_caught_or_surrendered": "",
}


@pytest.fixture
def commune(db):
    return WardFactory(code="xa-q", name="Q", kind=WardKind.COMMUNE, in_programme=False)


def test_reviewer_enters_a_former_communes_baseline(reviewer_client, commune):
    url = reverse("reports:baseline_edit", args=[commune.code, 2024])
    response = reviewer_client.post(url, FIGURES)
    assert response.status_code == 302
    row = BaselineTotals.objects.get(ward=commune, year=2024)
    assert (row.criminal_cases, row.economic_environment_cases, row.drug_addicts) == (3, None, 9)
    assert row.source == BaselineSource.ENTERED
    history = row.history.first()
    assert history.history_user.username == "reviewer"


def test_reviewer_completes_the_2022_row_and_keeps_the_decisions_figures(reviewer_client, ward_a):
    BaselineTotals.objects.create(
        ward=ward_a, year=2022, criminal_cases=12, source=BaselineSource.DECISION
    )
    url = reverse("reports:baseline_edit", args=[ward_a.code, 2022])
    form = reviewer_client.get(url).context["form"]
    assert form.initial["criminal_cases"] == 12
    reviewer_client.post(url, {**FIGURES, "criminal_cases": "12", "social_order_crimes": "10"})
    row = BaselineTotals.objects.get(ward=ward_a, year=2022)
    assert (row.criminal_cases, row.social_order_crimes, row.source) == (
        12,
        10,
        BaselineSource.DECISION,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "Không được là số âm"), (str(10**20), "Số quá lớn"), ("abc", "Nhập số nguyên")],
)
def test_bad_figures_are_refused_next_to_the_field(reviewer_client, commune, value, message):
    url = reverse("reports:baseline_edit", args=[commune.code, 2024])
    response = reviewer_client.post(url, {**FIGURES, "drug_addicts": value})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["drug_addicts"])
    assert not BaselineTotals.objects.exists()


def test_ward_staff_and_committee_cannot_enter_baselines(
    officer_a_client, chief_a_client, committee_client, ward_a
):
    url = reverse("reports:baseline_edit", args=[ward_a.code, 2022])
    for client in (officer_a_client, chief_a_client, committee_client):
        assert client.post(url, FIGURES).status_code == 403
    assert not BaselineTotals.objects.exists()


def test_years_outside_the_range_are_not_found(reviewer_client, ward_a):
    assert (
        reviewer_client.get(reverse("reports:baseline_edit", args=[ward_a.code, 1999])).status_code
        == 404
    )
    assert (
        reviewer_client.get(reverse("reports:baseline_edit", args=[ward_a.code, 2101])).status_code
        == 404
    )


def test_open_form_sends_the_reviewer_to_the_wards_page(reviewer_client, commune):
    response = reviewer_client.get(
        reverse("reports:baseline_open"), {"ward": "xa-q", "year": "2024"}
    )
    assert response.status_code == 302
    assert response.url == reverse("reports:baseline_edit", args=["xa-q", 2024])
    bad = reviewer_client.get(reverse("reports:baseline_open"), {"ward": "xa-q", "year": "x"})
    assert bad.status_code == 302 and bad.url == reverse("reports:baselines")


def test_baseline_list_is_scoped_to_the_users_ward(
    officer_a_client, reviewer_client, ward_a, ward_b
):
    BaselineTotals.objects.create(ward=ward_a, year=2022, criminal_cases=11)
    BaselineTotals.objects.create(ward=ward_b, year=2022, criminal_cases=22)
    officer_rows = officer_a_client.get(reverse("reports:baselines")).context["baselines"]
    assert [row.ward for row in officer_rows] == [ward_a]
    reviewer_page = reviewer_client.get(reverse("reports:baselines"))
    assert {row.ward for row in reviewer_page.context["baselines"]} == {ward_a, ward_b}
    assert "Nhập hoặc sửa" in reviewer_page.content.decode()
