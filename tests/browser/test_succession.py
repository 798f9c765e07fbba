"""The administrator passes a dissolved ward's records to its successor from the ward list:
the confirmation page shows what would pass and asks why, then the records move."""

from __future__ import annotations

import datetime

import pytest

from facilities.models import Headquarters, Officer
from facilities.tests.factories import HeadquartersFactory, OfficerFactory
from wards.models import WardLineage, WardSuccession
from wards.tests.factories import WardFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2025, 7, 1)


def test_admin_passes_records_to_the_successor_after_confirming(sign_in, admin_user):
    old = WardFactory(code="vinh-trai", name="Vĩnh Trại", valid_to=DAY - datetime.timedelta(1))
    new = WardFactory(code="dong-kinh-2025", name="Đông Kinh", valid_from=DAY)
    WardLineage.objects.create(successor=new, predecessor=old, effective_date=DAY)
    HeadquartersFactory(ward=old, land_area_m2=217)
    for _ in range(3):
        OfficerFactory(ward=old, active_to=None)
    admin = sign_in("admin")
    page = admin.open("/admin/wards/ward/")

    page.check(f"input[name=_selected_action][value='{old.pk}']")
    page.select_option("select[name=action]", "pass_records_to_successor")
    with page.expect_navigation():
        page.click("button[name=index]")

    assert "Chuyển hồ sơ sang phường kế thừa" in page.inner_text("h1")
    admin.screenshot("succession-confirm")
    assert not WardSuccession.objects.exists()
    page.fill("textarea[name=reason]", "Nghị quyết 1672/NQ-UBTVQH15")
    with page.expect_navigation():
        page.click("input[type=submit][value='Chuyển hồ sơ']")

    assert "Đã chuyển 4 bản ghi sang phường kế thừa." in page.inner_text("body")
    assert Headquarters.objects.get().ward == new
    assert Officer.objects.filter(ward=new).count() == 3
    assert WardSuccession.objects.filter(performed_by=admin_user).count() == 2
