"""Whole numbers as Vietnamese users type them (config.numbers): one parser for every integer and
money input, the Excel upload's text cells and the query parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from budget.models import Allocation
from budget.tests.factories import FundingSourceFactory
from config.forms import WholeNumberInput
from config.numbers import NumberError, parse_int, query_int
from facilities.forms import HeadquartersForm, TargetYearForm
from facilities.tests.factories import BuildingProjectFactory
from reports.forms import FiguresForm
from reports.models import MonthlyReport
from reports.rules import MONTHLY_FIELDS

HOW_TO_TYPE = "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."
NOT_WHOLE = "Phải là số nguyên, không có phần thập phân. " + HOW_TO_TYPE
NOT_ASCII = "Chỉ dùng các chữ số 0 đến 9, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."
TOO_LONG = "Số quá dài (tối đa 32 ký tự)."
FIVE_THOUSAND_DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ("4.200.000.000", 4_200_000_000),
        (" 12 ", 12),
        ("0", 0),
        ("-5", -5),
        ("9.223.372.036.854.775.807", 2**63 - 1),
    ],
)
def test_accepted_numbers(text, number):
    assert parse_int(text) == number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,5", NOT_WHOLE),
        ("1.5", NOT_WHOLE),
        ("1.2345", HOW_TO_TYPE),
        ("12.34.567", HOW_TO_TYPE),
        ("1 234", HOW_TO_TYPE),
        ("abc", HOW_TO_TYPE),
        ("+3", HOW_TO_TYPE),
        ("²", NOT_ASCII),
        ("1²", NOT_ASCII),
        ("١٢", NOT_ASCII),
        ("１２", NOT_ASCII),
        (FIVE_THOUSAND_DIGITS, TOO_LONG),
    ],
)
def test_refused_numbers_say_how_to_type_one(text, message):
    with pytest.raises(NumberError) as caught:
        parse_int(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text", ["", None, "²", "١٢", "-1", "1.234", "12a", FIVE_THOUSAND_DIGITS, " 3"]
)
def test_query_integers_are_plain_ascii_digits_only(text):
    assert query_int(text) is None


def test_query_integer():
    assert query_int("2024") == 2024


def _figures(**changes) -> dict:
    return dict.fromkeys(MONTHLY_FIELDS, 0) | {"version": 0} | changes


@pytest.mark.parametrize(
    ("typed", "stored"), [("1.234", 1234), ("1234", 1234), ("12", 12), (" 7 ", 7)]
)
def test_the_figures_form_accepts_vietnamese_grouping(typed, stored):
    form = FiguresForm(
        _figures(procedures_received=typed, procedures_on_time=typed), model=MonthlyReport
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["procedures_received"] == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", NOT_WHOLE),
        ("²", NOT_ASCII),
        ("١٢", NOT_ASCII),
        (FIVE_THOUSAND_DIGITS, TOO_LONG),
    ],
)
def test_the_figures_form_refuses_other_numbers_with_a_message(typed, message):
    form = FiguresForm(_figures(criminal_cases=typed), model=MonthlyReport)
    assert not form.is_valid()
    assert form.errors["criminal_cases"] == [message]


def test_figures_are_shown_back_grouped_in_a_numeric_text_input():
    form = FiguresForm(initial={"procedures_received": 4_200_000}, model=MonthlyReport)
    html = str(form["procedures_received"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="4.200.000"' in html
    assert isinstance(form.fields["procedures_received"].widget, WholeNumberInput)


def test_years_are_shown_without_grouping_and_range_caps_stay():
    form = HeadquartersForm(initial={"year_built": 2015, "land_area_m2": 1412})
    assert 'value="2015"' in str(form["year_built"])
    assert 'value="1.412"' in str(form["land_area_m2"])
    form = TargetYearForm({"target_year": "2.024", "reason": "QĐ 12"})
    assert form.is_valid() and form.cleaned_data["target_year"] == 2024
    form = TargetYearForm({"target_year": "1.999", "reason": "QĐ 12"})
    assert form.errors["target_year"] == ["Năm không được trước 2023."]


@pytest.mark.django_db
def test_the_monthly_page_stores_1234_typed_as_1_234(officer_a_client, ward_a):
    url = reverse("reports:monthly", args=[ward_a.code, 2024, 3])
    data = _figures(procedures_received="1.234", procedures_on_time="1.200")
    assert officer_a_client.post(url, data).status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.procedures_received, report.procedures_on_time) == (1234, 1200)
    assert 'value="1.234"' in officer_a_client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["²", "١٢", FIVE_THOUSAND_DIGITS, "1,5"])
def test_the_monthly_page_refuses_odd_digits_with_a_message(officer_a_client, ward_a, typed):
    url = reverse("reports:monthly", args=[ward_a.code, 2024, 3])
    response = officer_a_client.post(url, _figures(criminal_cases=typed))
    assert response.status_code == 200
    assert "dấu chấm ngăn cách hàng nghìn" in response.content.decode() or (
        TOO_LONG in response.content.decode()
    )
    assert not MonthlyReport.objects.exists()


@pytest.mark.django_db
def test_money_typed_with_dots_is_stored_and_past_the_column_range_refused(reviewer_client):
    project = BuildingProjectFactory()
    source = FundingSourceFactory()
    url = reverse("budget:allocation_create")
    data = {"project": project.pk, "source": source.pk, "year": 2026}
    assert reviewer_client.post(url, data | {"amount": "4.200.000.000"}).status_code == 302
    assert Allocation.objects.get().amount == 4_200_000_000
    response = reviewer_client.post(url, data | {"amount": "9.223.372.036.854.775.808"})
    assert response.status_code == 200
    assert "9223372036854775807" in response.content.decode()  # the column's limit, named
    assert Allocation.objects.count() == 1


# --- query parameters: 404 or the default, never a 500 ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", FIVE_THOUSAND_DIGITS, "-1", "0"])
def test_odd_page_numbers_on_the_province_dashboard_fall_back_to_page_one(reviewer_client, value):
    response = reviewer_client.get(reverse("dashboards:province"), {"trang": value})
    assert response.status_code == 200
    assert "Không hiểu trang" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", "٢٠٢٤", FIVE_THOUSAND_DIGITS])
def test_odd_years_on_the_province_dashboard_fall_back_to_the_default(reviewer_client, value):
    response = reviewer_client.get(reverse("dashboards:province"), {"nam": value})
    assert response.status_code == 200
    assert "Không hiểu năm" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", "٢٠٢٤", FIVE_THOUSAND_DIGITS, "2.024"])
@pytest.mark.parametrize(
    "name", ["reports:list", "reports:board", "facilities:staffing", "facilities:equipment"]
)
def test_odd_years_in_lists_fall_back_to_this_year(reviewer_client, name, value):
    response = reviewer_client.get(reverse(name), {"year": value})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", FIVE_THOUSAND_DIGITS])
def test_odd_months_on_a_scorecard_fall_back_to_the_latest(reviewer_client, ward_a, value):
    url = reverse("criteria:scorecard", kwargs={"year": 2024, "code": ward_a.code})
    assert reviewer_client.get(url, {"thang": value}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", FIVE_THOUSAND_DIGITS])
def test_odd_years_when_opening_a_baseline_give_a_message(reviewer_client, ward_a, value):
    response = reviewer_client.get(
        reverse("reports:baseline_open"), {"ward": ward_a.code, "year": value}, follow=True
    )
    assert response.status_code == 200
    assert "Năm phải là một số, ví dụ 2024." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١٢", FIVE_THOUSAND_DIGITS])
def test_odd_ids_posted_to_the_review_queue_and_notifications_are_left_out(reviewer_client, value):
    response = reviewer_client.post(reverse("reports:review"), {"monthly": [value, "²"]})
    assert response.status_code == 302
    response = reviewer_client.post(reverse("reports:notifications"), {"id": [value]})
    assert response.status_code == 302


def test_decimal_fields_keep_their_own_parsing():
    from django import forms

    from config.forms import Form

    class Measure(Form):
        share = forms.DecimalField(decimal_places=1)

    form = Measure({"share": "7.5"})
    assert form.is_valid() and str(form.cleaned_data["share"]) == "7.5"
