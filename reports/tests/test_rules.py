import pytest
from django.db import IntegrityError, transaction

from reports.models import MonthlyReport, ReportTransition, YearlyReport
from reports.rules import (
    MONTHLY_RULES,
    YEARLY_RULES,
    check_value,
    fields_for,
    validation_errors,
)
from reports.tests.factories import (
    MonthlyReportFactory,
    YearlyReportFactory,
    monthly_values,
)


def _at_edge(model, rules, rule, *, over: int) -> dict:
    """Return figures where the rule's first part exceeds its whole by `over`, all else valid."""
    values = dict.fromkeys(fields_for(model), 0)
    for other in rules:
        values[other.whole] = 1000
    for other in rules:
        if other.whole == rule.whole:
            for name in other.parts:
                values[name] = 0
    values[rule.parts[0]] = 1000 + over
    return values


@pytest.mark.parametrize("rule", MONTHLY_RULES, ids=lambda r: "+".join(r.parts))
def test_monthly_rule_accepts_equal_and_refuses_one_more(rule):
    equal = _at_edge(MonthlyReport, MONTHLY_RULES, rule, over=0)
    assert validation_errors(MonthlyReport, equal) == {}
    over = _at_edge(MonthlyReport, MONTHLY_RULES, rule, over=1)
    errors = validation_errors(MonthlyReport, over)
    assert rule.parts[0] in errors
    assert "không được lớn hơn" in " ".join(errors[rule.parts[0]])


@pytest.mark.parametrize("rule", YEARLY_RULES, ids=lambda r: r.parts[0])
def test_yearly_rule_accepts_equal_and_refuses_one_more(rule):
    equal = _at_edge(YearlyReport, YEARLY_RULES, rule, over=0)
    assert validation_errors(YearlyReport, equal) == {}
    over = _at_edge(YearlyReport, YEARLY_RULES, rule, over=1)
    assert rule.parts[0] in validation_errors(YearlyReport, over)


@pytest.mark.parametrize(
    ("raw", "number", "message"),
    [
        (0, 0, None),
        (7, 7, None),
        (3.0, 3, None),
        ("1.200", 1200, None),
        (-1, None, "Không được là số âm."),
        ("-3", None, "Không được là số âm."),
        (2.5, None, "Phải là số nguyên, không có phần thập phân."),
        ("abc", None, "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."),
        (
            "1,5",
            None,
            "Phải là số nguyên, không có phần thập phân. "
            "Nhập số nguyên, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234.",
        ),
        ("4.200.000", 4_200_000, None),
        ("²", None, "Chỉ dùng các chữ số 0 đến 9, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."),
        ("١٢", None, "Chỉ dùng các chữ số 0 đến 9, dấu chấm ngăn cách hàng nghìn, ví dụ 1.234."),
        ("9" * 5000, None, "Số quá dài (tối đa 32 ký tự)."),
        (None, None, "Chưa nhập số liệu (nhập 0 nếu không có)."),
        ("", None, "Chưa nhập số liệu (nhập 0 nếu không có)."),
        (True, None, "Phải là một số nguyên."),
    ],
)
def test_check_value_edges(raw, number, message):
    assert check_value(raw) == (number, message)


def test_missing_and_negative_figures_are_reported_per_field():
    values = monthly_values(criminal_cases=-1)
    del values["drug_cases"]
    errors = validation_errors(MonthlyReport, values)
    assert errors["criminal_cases"] == ["Không được là số âm."]
    assert errors["drug_cases"] == ["Chưa nhập số liệu (nhập 0 nếu không có)."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"procedures_on_time": 101, "procedures_late": 0, "procedures_early": 0},
        {"procedures_late": 101, "procedures_on_time": 0, "procedures_early": 0},
        {"procedures_early": 99},
        {"crime_reports_handled": 5},
        {"feedback_resolved": 4},
    ],
)
def test_database_refuses_a_row_that_breaks_a_rule(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReportFactory(**overrides)


@pytest.mark.django_db
def test_database_refuses_a_transition_without_reason_and_version_zero(ward_a):
    report = MonthlyReportFactory(ward=ward_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportTransition.objects.create(
            monthly_report=report, action="return", from_status="submitted", to_status="returned"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportTransition.objects.create(action="submit", from_status="draft", to_status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReportFactory(version=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyReportFactory(cultured_households=1001)


def test_every_count_field_of_each_report_is_in_exactly_one_form_section():
    from django.db.models import PositiveIntegerField

    from reports.models import MonthlyReport, YearlyReport
    from reports.rules import sections_for

    for model in (MonthlyReport, YearlyReport):
        in_sections = [name for _, names in sections_for(model) for name in names]
        counts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, PositiveIntegerField) and f.name not in {"version", "year", "month"}
        ]
        assert len(in_sections) == len(set(in_sections))
        assert sorted(in_sections) == sorted(counts)


def test_monthly_form_shows_section_headings(officer_a_client, ward_a):
    from django.urls import reverse

    body = officer_a_client.get(reverse("reports:monthly", args=[ward_a.code, 2024, 3])).content
    text = body.decode()
    assert "Tố giác, tin báo tội phạm" in text and "Thủ tục hành chính" in text
    assert text.count("<fieldset") == 7
