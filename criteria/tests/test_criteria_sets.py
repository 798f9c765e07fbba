"""Criteria-set versions: Excel template and import (all or nothing), activation, comparison."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from criteria.excel import SHEET, CriteriaImportError, criteria_set_workbook, read_criteria_upload
from criteria.models import CriteriaSet, Criterion
from criteria.selectors import criteria_set_for_year
from criteria.set_services import criteria_set_activate, criteria_set_import


def _template_rows(criteria_set) -> list[list]:
    ws = load_workbook(io.BytesIO(criteria_set_workbook(criteria_set)))[SHEET]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _edited(criteria_set) -> list[list]:
    """The current set's template with criterion 22 changed, 21 removed and 23 added."""
    rows = _template_rows(criteria_set)
    header, body = rows[0], rows[1:]
    body = [r for r in body if r[0] != 21]
    for r in body:
        if r[0] == 22:
            r[7] = json.dumps({"min_land_m2": 600})
            r[4] = "Đủ trang bị; đất ≥ 600 m²; còn niên hạn"
    body.append([23, "C", "Mô hình camera an ninh", "", "≥ 1 mô hình", "manual", "", ""])
    return [header, *body]


def test_template_holds_every_criterion_of_the_current_set(criteria_2023):
    rows = _template_rows(criteria_2023)
    assert rows[0][:3] == ["Số", "Lĩnh vực", "Tên tiêu chí"]
    assert [r[0] for r in rows[1:]] == list(range(1, 23))
    assert json.loads(rows[22][7]) == {"min_land_m2": 500}


def test_import_creates_a_draft_whose_rows_equal_the_file(criteria_2023, reviewer):
    rows = _edited(criteria_2023)
    new_set = criteria_set_import(
        data=_xlsx(rows), name="Bộ thử", effective_year=2027, user=reviewer
    )
    assert not new_set.is_active and new_set.version == 2
    stored = list(new_set.criteria.order_by("number"))
    assert [c.number for c in stored] == [r[0] for r in rows[1:]]
    for criterion, row in zip(stored, rows[1:], strict=True):
        assert criterion.area == row[1]
        assert criterion.title_vi == row[2]
        assert criterion.target_text == row[4]
        assert criterion.kind == row[5]
        assert criterion.rule_key == (row[6] or "")
        assert criterion.thresholds == (json.loads(row[7]) if row[7] else {})
    # A draft is not used for scoring.
    assert criteria_set_for_year(2027) == criteria_2023


def test_activation_puts_the_version_in_force_from_its_year_only(criteria_2023, reviewer):
    new_set = criteria_set_import(
        data=_xlsx(_edited(criteria_2023)), name="Bộ thử", effective_year=2027, user=reviewer
    )
    criteria_set_activate(criteria_set=new_set, user=reviewer)
    assert criteria_set_for_year(2027) == new_set
    assert criteria_set_for_year(2026) == criteria_2023


def _refusal(rows) -> list[str]:
    with pytest.raises(CriteriaImportError) as caught:
        read_criteria_upload(_xlsx(rows))
    return caught.value.messages()


def test_unknown_rule_key_is_refused_naming_sheet_and_cell(criteria_2023):
    rows = _template_rows(criteria_2023)
    rows[5][6] = "no_such_rule"  # criterion 5, row 6
    messages = _refusal(rows)
    assert len(messages) == 1
    assert "Trang “TieuChi”, ô G6" in messages[0] and "no_such_rule" in messages[0]


def test_thresholds_the_rule_cannot_read_are_refused(criteria_2023):
    rows = _template_rows(criteria_2023)
    rows[22][7] = json.dumps({"min_land": 500})  # criterion 22 (facilities), row 23
    rows[4][7] = json.dumps({"min_pct": 150})  # criterion 4 (staff ratings), row 5
    rows[10][7] = "{not json"  # row 11
    messages = _refusal(rows)
    assert any("ô H23" in m and "min_land_m2" in m for m in messages)
    assert any("ô H5" in m and "0 đến 100" in m for m in messages)
    assert any("ô H11" in m and "JSON" in m for m in messages)


def test_missing_column_is_refused_naming_the_header_cell(criteria_2023):
    rows = [row[:6] + row[7:] for row in _template_rows(criteria_2023)]  # no "Quy tắc"
    messages = _refusal(rows)
    assert messages == ["Trang “TieuChi”, ô H1: thiếu cột “Quy tắc”"]


def test_duplicate_number_is_refused_naming_both_rows(criteria_2023):
    rows = _template_rows(criteria_2023)
    rows[3][0] = 2  # row 4 repeats criterion 2 (row 3)
    messages = _refusal(rows)
    assert messages == ["Trang “TieuChi”, ô A4: số 2 trùng với dòng 3"]


def test_refused_upload_stores_nothing(criteria_2023, reviewer_client):
    rows = _template_rows(criteria_2023)
    rows[5][6] = "no_such_rule"
    upload = io.BytesIO(_xlsx(rows))
    upload.name = "bo-tieu-chi.xlsx"
    response = reviewer_client.post(
        reverse("criteria:set_import"),
        {"file": upload, "name": "Bộ lỗi", "effective_year": 2027},
    )
    assert response.status_code == 400
    assert "Trang “TieuChi”, ô G6" in response.content.decode()
    assert CriteriaSet.objects.count() == 1
    assert Criterion.objects.count() == 22


def test_import_page_stores_a_draft_and_shows_the_comparison(criteria_2023, reviewer_client):
    upload = io.BytesIO(_xlsx(_edited(criteria_2023)))
    upload.name = "bo-tieu-chi.xlsx"
    response = reviewer_client.post(
        reverse("criteria:set_import"),
        {"file": upload, "name": "Bộ thử", "effective_year": 2027},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 tiêu chí thay đổi, 1 thêm mới, 1 bỏ, 20 giữ nguyên" in page
    assert CriteriaSet.objects.get(version=2).is_active is False


def test_year_not_after_the_active_set_is_refused(criteria_2023, reviewer):
    from config.errors import AppError

    with pytest.raises(AppError):
        criteria_set_import(
            data=_xlsx(_template_rows(criteria_2023)),
            name="x",
            effective_year=2023,
            user=reviewer,
        )
    assert CriteriaSet.objects.count() == 1


def test_comparison_page_marks_changed_added_and_removed_in_words(criteria_2023, reviewer):
    new_set = criteria_set_import(
        data=_xlsx(_edited(criteria_2023)), name="Bộ thử", effective_year=2027, user=reviewer
    )
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    response = client.get(reverse("criteria:set_compare"), {"a": 1, "b": new_set.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="compare-changed"' in page and "khác ở: chỉ tiêu, ngưỡng" in page
    assert 'class="compare-added"' in page and "Mô hình camera an ninh" in page
    assert 'class="compare-removed"' in page
    assert "✎ Thay đổi" in page and "+ Thêm mới" in page and "− Bỏ" in page


def test_ward_staff_cannot_import(criteria_2023, officer_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        criteria_set_import(
            data=_xlsx(_template_rows(criteria_2023)),
            name="x",
            effective_year=2027,
            user=officer_a,
        )


def test_every_registered_rule_declares_its_thresholds():
    from criteria.rule_thresholds import THRESHOLDS
    from criteria.rules import RULES

    assert set(RULES) == set(THRESHOLDS)


def test_seeded_thresholds_pass_the_import_checks(criteria_2023):
    from criteria.rule_thresholds import thresholds_problems

    for criterion in criteria_2023.criteria.exclude(rule_key=""):
        assert thresholds_problems(criterion.rule_key, criterion.thresholds) == []


LABEL = (
    "Bộ tiêu chí tham chiếu của hệ thống — tạm thời, chưa phải bộ tiêu chí theo QĐ 5764/QĐ-BCA-V05"
)


def test_matrix_and_scorecard_name_the_reference_set(criteria_2023, reviewer_client, ward_a):
    matrix = reviewer_client.get(reverse("criteria:matrix", kwargs={"year": 2024}))
    scorecard = reviewer_client.get(
        reverse("criteria:scorecard", kwargs={"year": 2024, "code": ward_a.code})
    )
    assert LABEL in matrix.content.decode()
    assert LABEL in scorecard.content.decode()


def test_activating_from_the_page_puts_the_draft_in_force(criteria_2023, reviewer, reviewer_client):
    new_set = criteria_set_import(
        data=_xlsx(_edited(criteria_2023)), name="Bộ thử", effective_year=2027, user=reviewer
    )
    compare = reviewer_client.get(reverse("criteria:set_compare"), {"a": 1, "b": new_set.version})
    assert "Kích hoạt (áp dụng từ 2027)" in compare.content.decode()
    response = reviewer_client.post(
        reverse("criteria:set_activate", kwargs={"version": new_set.version})
    )
    assert response.status_code == 302
    new_set.refresh_from_db()
    assert new_set.is_active and new_set.activated_at is not None
    # Activating again is refused with a message, nothing changes.
    again = reviewer_client.post(
        reverse("criteria:set_activate", kwargs={"version": new_set.version}), follow=True
    )
    assert "Phiên bản này đang được áp dụng." in again.content.decode()
