""" "Tồn kỳ trước" (carried over): pre-filled from the previous month's closing (across the year
and the 01/07/2025 reorganisation), editable with a warning, handled ≤ received + carried over,
in the Excel template and upload."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.excel import FIRST_FIGURE_ROW, TEMPLATE_SHEET, monthly_template
from reports.models import MonthlyReport
from reports.rules import CARRY_OVERS, MONTHLY_FIELDS, validation_errors
from reports.selectors import carried_over_defaults, previous_closing
from reports.tests.factories import MonthlyReportFactory, monthly_values
from wards.models import WardKind, WardLineage
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db

# February 2024: 4 received + 1 carried − 3 handled → 2 open; 100 + 5 − (96 + 2) → 7 open.
FEBRUARY = {
    "crime_reports_carried_over": 1,
    "crime_reports_received": 4,
    "crime_reports_handled": 3,
    "procedures_carried_over": 5,
    "procedures_received": 100,
    "procedures_on_time": 96,
    "procedures_early": 20,
    "procedures_late": 2,
}


def _url(ward, year=2024, month=3):
    return reverse("reports:monthly", args=[ward.code, year, month])


def _input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def _carry_note(html: str, name: str) -> str:
    start = html.index(f'id="id_{name}_carry"')
    return html[start : html.index("</div></div>", start)]


# --- The closing figure and the pre-fill ---------------------------------------------------


def test_closing_is_received_plus_carried_over_minus_handled():
    crime, procedures = CARRY_OVERS
    assert crime.closing(FEBRUARY) == 2
    assert procedures.closing(FEBRUARY) == 7
    assert crime.closing({**FEBRUARY, "crime_reports_handled": None}) is None


def test_new_month_is_prefilled_with_last_months_closing(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, **FEBRUARY)
    response = officer_a_client.get(_url(ward_a))
    html = response.content.decode()
    assert _input_value(html, "crime_reports_carried_over") == "2"
    assert _input_value(html, "procedures_carried_over") == "7"
    note = _carry_note(html, "crime_reports_carried_over")
    assert "Số tồn cuối tháng 02/2024: 2" in note
    assert "data-carry-warning hidden" in note
    assert 'data-carry-previous="2"' in html
    # This month's closing waits for the month's own figures.
    assert "<strong data-carry-closing>—</strong>" in note


def test_december_closing_carries_into_january(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, year=2023, month=12, **FEBRUARY)
    closing = previous_closing(ward=ward_a, year=2024, month=1)
    assert closing.period == "12/2023"
    assert closing.values == {"crime_reports_carried_over": 2, "procedures_carried_over": 7}
    html = officer_a_client.get(_url(ward_a, 2024, 1)).content.decode()
    assert _input_value(html, "crime_reports_carried_over") == "2"


def test_without_a_previous_report_the_field_is_left_for_the_officer(officer_a_client, ward_a):
    html = officer_a_client.get(_url(ward_a)).content.decode()
    assert 'name="crime_reports_carried_over"' in html
    assert (
        'value="' not in re.search(r'<input[^>]*name="crime_reports_carried_over"[^>]*>', html)[0]
    )
    assert "Chưa có báo cáo tháng trước" in _carry_note(html, "crime_reports_carried_over")
    assert carried_over_defaults(ward=ward_a, year=2024, month=3) == {
        "crime_reports_carried_over": 0,
        "procedures_carried_over": 0,
    }


@pytest.fixture
def reorganised(db):
    """Wards P and R (to 30/06/2025) and untracked commune Q → new ward N from 01/07/2025."""
    last, first = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
    old_p = WardFactory(code="old-p", name="P", valid_to=last)
    old_r = WardFactory(code="old-r", name="R", valid_to=last)
    commune = WardFactory(
        code="xa-q", name="Q", kind=WardKind.COMMUNE, valid_to=last, in_programme=False
    )
    new = WardFactory(code="new-n", name="N", valid_from=first)
    for predecessor in (old_p, old_r, commune):
        WardLineage.objects.create(successor=new, predecessor=predecessor, effective_date=first)
    return old_p, old_r, commune, new


def test_first_month_after_the_reorganisation_sums_the_predecessors_june(reorganised):
    old_p, old_r, commune, new = reorganised
    MonthlyReportFactory(ward=old_p, year=2025, month=6, **FEBRUARY)  # 2 and 7 open
    MonthlyReportFactory(
        ward=old_r,
        year=2025,
        month=6,
        crime_reports_carried_over=0,
        crime_reports_received=5,
        crime_reports_handled=2,  # 3 open
        procedures_carried_over=0,
        procedures_received=10,
        procedures_on_time=9,
        procedures_early=1,
        procedures_late=0,  # 1 open
    )
    closing = previous_closing(ward=new, year=2025, month=7)
    assert closing.period == "06/2025"
    assert closing.values == {"crime_reports_carried_over": 5, "procedures_carried_over": 8}
    assert closing.units == (old_p.display_name, old_r.display_name)
    assert closing.missing == (commune.display_name,)  # no June report from the commune
    # The Excel template of July starts from the same sum.
    ws = load_workbook(io.BytesIO(monthly_template(ward=new, year=2025, month=7)))[TEMPLATE_SHEET]
    row = FIRST_FIGURE_ROW + MONTHLY_FIELDS.index("crime_reports_carried_over")
    assert ws[f"C{row}"].value == 5
    # August carries July over from the new ward's own report.
    MonthlyReportFactory(
        ward=new, year=2025, month=7, **monthly_values(crime_reports_carried_over=5)
    )
    assert previous_closing(ward=new, year=2025, month=8).values["crime_reports_carried_over"] == 5


# --- Editing and the warning ---------------------------------------------------------------


def test_an_edited_carry_over_is_saved_and_warns_with_both_numbers(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, **FEBRUARY)
    data = {**monthly_values(crime_reports_carried_over=6, procedures_carried_over=7)}
    response = officer_a_client.post(_url(ward_a), {**data, "version": 0, "action": "save"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert (report.crime_reports_carried_over, report.procedures_carried_over) == (6, 7)
    html = officer_a_client.get(_url(ward_a)).content.decode()
    note = _carry_note(html, "crime_reports_carried_over")
    assert "data-carry-warning>" in note  # shown
    assert "Khác số tồn cuối tháng 02/2024 (2): đang nhập" in note
    assert "<span data-carry-value>6</span>" in note
    # March: 4 received + 6 carried over − 4 handled = 6 still open.
    assert "<strong data-carry-closing>6</strong>" in note
    assert "data-carry-warning hidden" in _carry_note(html, "procedures_carried_over")


def test_a_sent_report_shows_the_closing_and_the_difference(reviewer_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, **FEBRUARY)
    MonthlyReportFactory(
        ward=ward_a, month=3, submitted=True, **monthly_values(crime_reports_carried_over=6)
    )
    text = reviewer_client.get(_url(ward_a)).content.decode()
    assert "Cuối tháng này còn tồn: 6" in text  # 4 received + 6 carried over − 4 handled
    assert "Khác số tồn cuối tháng 02/2024: 2" in text


# --- Validation: handled ≤ received + carried over -----------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {
                "crime_reports_received": 4,
                "crime_reports_carried_over": 3,
                "crime_reports_handled": 7,
            },
            "crime_reports_handled",
        ),
        (
            {
                "procedures_received": 100,
                "procedures_carried_over": 6,
                "procedures_on_time": 100,
                "procedures_early": 20,
                "procedures_late": 6,
            },
            "procedures_on_time",
        ),
    ],
)
def test_handled_may_reach_received_plus_carried_over_and_not_one_more(overrides, field):
    assert validation_errors(MonthlyReport, monthly_values(**overrides)) == {}
    MonthlyReportFactory(**overrides)  # the database accepts it too
    over = monthly_values(**{**overrides, field: overrides[field] + 1})
    errors = validation_errors(MonthlyReport, over)
    assert "tồn kỳ trước”" in errors[field][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReportFactory(**{**overrides, field: overrides[field] + 1})


def test_refused_handled_shows_the_message_next_to_the_field(officer_a_client, ward_a):
    data = monthly_values(
        crime_reports_received=4, crime_reports_carried_over=3, crime_reports_handled=8
    )
    response = officer_a_client.post(_url(ward_a), {**data, "version": 0, "action": "save"})
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_crime_reports_handled_error1">([^<]*)<', html).group(1)
    assert error == (
        "“Tố giác, tin báo tội phạm đã xử lý” (8) không được lớn hơn "
        "“Tố giác, tin báo tội phạm tiếp nhận” + “Tố giác, tin báo tội phạm tồn kỳ trước” (7)."
    )
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize("field", ["crime_reports_carried_over", "procedures_carried_over"])
def test_database_refuses_a_negative_carry_over(field):
    report = MonthlyReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.filter(pk=report.pk).update(**{field: -1})


# --- Excel template and upload -------------------------------------------------------------


def _row(name: str) -> int:
    return FIRST_FIGURE_ROW + MONTHLY_FIELDS.index(name)


def _upload(client, ward, data: bytes):
    url = reverse("reports:excel_upload", args=[ward.code, 2024, 3])
    return client.post(url, {"file": SimpleUploadedFile("bao-cao.xlsx", data)})


def test_template_round_trip_keeps_the_carry_over(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, **FEBRUARY)
    response = officer_a_client.get(reverse("reports:excel_template", args=[ward_a.code, 2024, 3]))
    workbook = load_workbook(io.BytesIO(response.content))
    ws = workbook[TEMPLATE_SHEET]
    assert ws[f"A{_row('crime_reports_carried_over')}"].value == "crime_reports_carried_over"
    assert ws[f"C{_row('crime_reports_carried_over')}"].value == 2
    assert ws[f"C{_row('procedures_carried_over')}"].value == 7
    for name, value in monthly_values(crime_reports_received=4, crime_reports_handled=6).items():
        if name not in ("crime_reports_carried_over", "procedures_carried_over"):
            ws[f"C{_row(name)}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _upload(officer_a_client, ward_a, buffer.getvalue()).status_code == 302
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert (report.crime_reports_carried_over, report.crime_reports_handled) == (2, 6)
    assert report.procedures_carried_over == 7


def test_upload_refuses_handled_over_received_plus_carried_over_naming_the_cell(
    officer_a_client, ward_a
):
    data = monthly_template(ward=ward_a, year=2024, month=3)
    workbook = load_workbook(io.BytesIO(data))
    ws = workbook[TEMPLATE_SHEET]
    for name, value in monthly_values(
        crime_reports_received=4, crime_reports_carried_over=1, crime_reports_handled=6
    ).items():
        ws[f"C{_row(name)}"] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(officer_a_client, ward_a, buffer.getvalue())
    assert response.status_code == 400
    assert f"ô C{_row('crime_reports_handled')}" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_file_from_before_the_carry_over_rows_takes_last_months_closing(officer_a_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, **FEBRUARY)
    workbook = load_workbook(io.BytesIO(monthly_template(ward=ward_a, year=2024, month=3)))
    ws = workbook[TEMPLATE_SHEET]
    for name, value in monthly_values().items():
        ws[f"C{_row(name)}"] = value
    for name in ("procedures_carried_over", "crime_reports_carried_over"):
        ws[f"A{_row(name)}"] = None  # an older template has no such row
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _upload(officer_a_client, ward_a, buffer.getvalue()).status_code == 302
    report = MonthlyReport.objects.get(ward=ward_a, year=2024, month=3)
    assert (report.crime_reports_carried_over, report.procedures_carried_over) == (2, 7)


# --- Exports and the API schema ------------------------------------------------------------


def test_csv_export_carries_the_carry_over(reviewer_client, ward_a):
    MonthlyReportFactory(ward=ward_a, month=2, approved=True, **FEBRUARY)
    response = reviewer_client.get(reverse("reports:export_csv", args=[2024]))
    text = response.content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    crime = header.index("Tố giác, tin báo tội phạm tồn kỳ trước")
    procedures = header.index("Thủ tục hành chính tồn kỳ trước")
    assert (row[crime], row[procedures]) == ("1", "5")


def test_api_schema_lists_the_carry_over_as_optional_in_writes():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    figures = schema["components"]["schemas"]["MonthlyFigures"]
    assert "crime_reports_carried_over" in figures["properties"]
    assert "procedures_carried_over" in figures["properties"]
    assert "crime_reports_carried_over" not in figures["required"]
    assert "crime_reports_handled" in figures["required"]


def test_the_largest_valid_figures_are_stored_without_overflow(ward_a, officer_a):
    """handled = received + carried over at the largest count (4 billion in all) is valid: the
    database checks never add two counts that could pass the column's range."""
    from reports.rules import MAX_COUNT
    from reports.services import monthly_report_save

    values = monthly_values(
        crime_reports_received=MAX_COUNT,
        crime_reports_carried_over=MAX_COUNT,
        crime_reports_handled=MAX_COUNT,
        procedures_received=MAX_COUNT,
        procedures_carried_over=MAX_COUNT,
        procedures_on_time=MAX_COUNT,
        procedures_early=0,
        procedures_late=MAX_COUNT,
    )
    report = monthly_report_save(
        user=officer_a, ward=ward_a, year=2024, month=3, values=values, version=0
    )
    report.refresh_from_db()
    assert (report.procedures_on_time, report.procedures_late) == (MAX_COUNT, MAX_COUNT)
