"""Every change of a ward (target year, validity, programme membership) and of its lineage is in
its history with who, when and why; a target year is never cleared without "chưa xác định"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wards.models import Ward, WardLineage
from wards.tests.factories import WardFactory

pytestmark = pytest.mark.django_db


def _ward_form(ward: Ward, **changes) -> dict:
    """Return the admin change form's POST data for the ward as it is, with the changes."""
    data = {
        "code": ward.code,
        "name": ward.name,
        "kind": ward.kind,
        "city": ward.city,
        "statistics_code": ward.statistics_code,
        "valid_from": ward.valid_from.strftime("%d/%m/%Y") if ward.valid_from else "",
        "valid_to": ward.valid_to.strftime("%d/%m/%Y") if ward.valid_to else "",
        "target_year": ward.target_year or "",
        "notes": ward.notes,
        "predecessor_links-TOTAL_FORMS": "0",
        "predecessor_links-INITIAL_FORMS": "0",
        "predecessor_links-MIN_NUM_FORMS": "0",
        "predecessor_links-MAX_NUM_FORMS": "1000",
    }
    if ward.in_programme:
        data["in_programme"] = "on"
    if ward.target_year_undecided:
        data["target_year_undecided"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _change_url(ward: Ward) -> str:
    return reverse("admin:wards_ward_change", args=[ward.pk])


def test_admin_change_without_a_reason_is_refused_and_changes_nothing(admin_client_user):
    ward = WardFactory(code="hvt", target_year=2024)
    response = admin_client_user.post(_change_url(ward), _ward_form(ward, target_year=2027))
    assert response.status_code == 200
    assert "Nhập lý do thay đổi." in response.content.decode()
    ward.refresh_from_db()
    assert ward.target_year == 2024
    assert ward.history.count() == 1  # only its creation


def test_admin_change_records_who_when_and_why(admin_client_user, admin_user):
    ward = WardFactory(code="hvt", target_year=2024, valid_to=datetime.date(2025, 6, 30))
    before = timezone.now()
    response = admin_client_user.post(
        _change_url(ward),
        _ward_form(
            ward,
            target_year=2027,
            valid_to="31/12/2025",
            in_programme=None,
            change_reason="Theo Quyết định 45/QĐ-UBND ngày 2/3/2026",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ward.history.latest()
    assert record.history_type == "~"
    assert record.history_user == admin_user
    assert record.history_date >= before
    assert record.history_change_reason == "Theo Quyết định 45/QĐ-UBND ngày 2/3/2026"
    changed = {change.field for change in record.diff_against(record.prev_record).changes}
    assert changed == {"target_year", "valid_to", "in_programme"}
    assert (record.target_year, record.valid_to, record.in_programme) == (
        2027,
        datetime.date(2025, 12, 31),
        False,
    )


def test_admin_refuses_a_cleared_target_year_unless_chua_xac_dinh(admin_client_user):
    ward = WardFactory(code="hvt", target_year=2024)
    cleared = admin_client_user.post(
        _change_url(ward), _ward_form(ward, target_year="", change_reason="Bỏ năm")
    )
    assert cleared.status_code == 200
    assert "nhập năm hoặc chọn “chưa xác định”" in cleared.content.decode()
    ward.refresh_from_db()
    assert ward.target_year == 2024

    both = admin_client_user.post(
        _change_url(ward),
        _ward_form(ward, target_year=2026, target_year_undecided="on", change_reason="Cả hai"),
    )
    assert both.status_code == 200
    assert "chọn một trong hai" in both.content.decode()

    explicit = admin_client_user.post(
        _change_url(ward),
        _ward_form(
            ward, target_year="", target_year_undecided="on", change_reason="Chờ kế hoạch mới"
        ),
    )
    assert explicit.status_code == 302
    ward.refresh_from_db()
    assert (ward.target_year, ward.target_year_undecided) == (None, True)
    assert ward.history.latest().history_change_reason == "Chờ kế hoạch mới"


def test_the_database_refuses_a_target_year_cleared_without_chua_xac_dinh():
    ward = WardFactory(code="hvt", target_year=2024)
    assert ward.target_year_undecided is False
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.filter(pk=ward.pk).update(target_year=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ward.target_year = None
        ward.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Ward.objects.filter(pk=ward.pk).update(target_year_undecided=True)


def test_model_validation_names_the_missing_target_year():
    ward = WardFactory(code="hvt", target_year=2024)
    ward.target_year = None
    with pytest.raises(ValidationError) as error:
        ward.full_clean(exclude=["predecessors"])
    assert "target_year" in error.value.message_dict


def test_a_new_ward_without_a_year_is_explicitly_undecided():
    ward = WardFactory(code="moi")
    assert (ward.target_year, ward.target_year_undecided) == (None, True)
    assert ward.target_year_display == "chưa xác định"
    ward.target_year = 2029
    ward.save(update_fields=["target_year"])
    ward.refresh_from_db()
    assert (ward.target_year, ward.target_year_undecided) == (2029, False)


def test_lineage_changes_through_the_ward_admin_are_audited_and_shown(
    admin_client_user, admin_user
):
    old = WardFactory(code="cu", name="Phường Cũ", valid_to=datetime.date(2025, 6, 30))
    new = WardFactory(code="moi", name="Phường Mới", valid_from=datetime.date(2025, 7, 1))
    form = _ward_form(
        new,
        change_reason="Nghị quyết 1672/NQ-UBTVQH15",
        **{
            "predecessor_links-TOTAL_FORMS": "1",
            "predecessor_links-0-predecessor": str(old.pk),
            "predecessor_links-0-effective_date": "01/07/2025",
            "predecessor_links-0-legal_basis": "NQ 1672",
            "predecessor_links-0-note": "",
        },
    )
    assert admin_client_user.post(_change_url(new), form).status_code == 302
    link = WardLineage.objects.get(successor=new, predecessor=old)
    created = link.history.get()
    assert created.history_type == "+"
    assert created.history_user == admin_user
    assert created.history_change_reason == "Nghị quyết 1672/NQ-UBTVQH15"

    removal = _ward_form(
        new,
        change_reason="Nhập nhầm đơn vị tiền thân",
        **{
            "predecessor_links-TOTAL_FORMS": "1",
            "predecessor_links-INITIAL_FORMS": "1",
            "predecessor_links-0-id": str(link.pk),
            "predecessor_links-0-successor": str(new.pk),
            "predecessor_links-0-predecessor": str(old.pk),
            "predecessor_links-0-effective_date": "01/07/2025",
            "predecessor_links-0-legal_basis": "NQ 1672",
            "predecessor_links-0-DELETE": "on",
        },
    )
    assert admin_client_user.post(_change_url(new), removal).status_code == 302
    assert not WardLineage.objects.exists()
    deleted = WardLineage.history.filter(history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (
        admin_user,
        "Nhập nhầm đơn vị tiền thân",
    )

    page = admin_client_user.get(reverse("admin:wards_ward_history", args=[new.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lịch sử quan hệ kế thừa" in html
    assert "Nghị quyết 1672/NQ-UBTVQH15" in html
    assert "Nhập nhầm đơn vị tiền thân" in html


def test_lineage_admin_requires_a_reason(admin_client_user, admin_user):
    old = WardFactory(code="cu")
    new = WardFactory(code="moi")
    url = reverse("admin:wards_wardlineage_add")
    data = {"successor": new.pk, "predecessor": old.pk, "effective_date": "01/07/2025"}
    assert admin_client_user.post(url, data).status_code == 200
    assert not WardLineage.objects.exists()
    assert admin_client_user.post(url, {**data, "change_reason": "NQ 1672"}).status_code == 302
    record = WardLineage.objects.get().history.get()
    assert (record.history_user, record.history_change_reason) == (admin_user, "NQ 1672")


def test_roadmap_change_needs_a_reason_and_is_shown_with_who_and_why(reviewer_client, reviewer):
    ward = WardFactory(code="hvt", target_year=2024)
    url = reverse("dashboards:roadmap_edit", args=[ward.code])

    no_reason = reviewer_client.post(url, {"target_year": 2026})
    assert no_reason.status_code == 200
    assert "Nhập lý do thay đổi." in no_reason.content.decode()

    cleared = reviewer_client.post(url, {"target_year": "", "reason": "Chưa có kế hoạch"})
    assert cleared.status_code == 200
    assert "chưa xác định" in cleared.content.decode()
    ward.refresh_from_db()
    assert ward.target_year == 2024

    explicit = reviewer_client.post(
        url, {"target_year": "", "undecided": "on", "reason": "Chờ kế hoạch 2027"}
    )
    assert explicit.status_code == 302
    ward.refresh_from_db()
    assert (ward.target_year, ward.target_year_undecided) == (None, True)
    record = ward.history.latest()
    assert (record.history_user, record.history_change_reason) == (reviewer, "Chờ kế hoạch 2027")

    assert reviewer_client.post(url, {"target_year": 2027, "reason": "QĐ 7"}).status_code == 302
    ward.refresh_from_db()
    assert (ward.target_year, ward.target_year_undecided) == (2027, False)
    html = reviewer_client.get(url).content.decode()
    assert "Chờ kế hoạch 2027" in html
    assert "QĐ 7" in html
    assert str(reviewer) in html
