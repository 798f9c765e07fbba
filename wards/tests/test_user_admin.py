"""The user admin in Vietnamese: role and ward errors next to the field, passwords kept on a
failed save, wards in force first (dissolved ones marked), tool tables hidden from staff that
are not superusers."""

from __future__ import annotations

import datetime
import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from wards.admin_forms import ward_choices
from wards.models import Role, User
from wards.tests.factories import ProvinceUserFactory, WardFactory

ADD_URL = "/admin/wards/user/add/"
NEW_PASSWORD = "Mat-khau-moi-2025"


def _add(client: Client, **fields):
    data = {
        "username": "can-bo-moi",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "full_name": "Nguyễn Văn Mới",
        "role": Role.WARD_OFFICER,
        "ward": "",
        **fields,
    }
    return client.post(ADD_URL, data)


def _field_errors(html: str, field: str) -> list[str]:
    """Return the error texts Django's admin shows in the row of a field."""
    row = re.search(
        rf'<div class="form-row[^"]*field-{field}[^"]*">(.*?)</div>\s*</div>', html, re.S
    )
    assert row, f"no form row for {field}"
    return [unescape(e) for e in re.findall(r"<li>(.*?)</li>", row.group(1))]


@pytest.mark.django_db
def test_a_ward_officer_without_a_ward_gets_the_message_next_to_the_ward(admin_client_user):
    response = _add(admin_client_user)

    assert response.status_code == 200
    html = response.content.decode()
    assert _field_errors(html, "ward") == ["Cán bộ phường phải thuộc một phường."]
    assert "user_ward_matches_role" not in html  # no constraint name
    assert not User.objects.filter(username="can-bo-moi").exists()


@pytest.mark.django_db
def test_a_chief_without_a_ward_is_refused_the_same_way(admin_client_user):
    html = _add(admin_client_user, role=Role.WARD_CHIEF).content.decode()
    assert _field_errors(html, "ward") == ["Cán bộ phường phải thuộc một phường."]


@pytest.mark.django_db
def test_a_province_account_with_a_ward_is_told_to_leave_it_empty(admin_client_user, ward_a):
    html = _add(admin_client_user, role=Role.REVIEWER, ward=ward_a.pk).content.decode()
    assert _field_errors(html, "ward") == [
        "Tài khoản của Công an tỉnh, Ban Chỉ đạo và quản trị không thuộc phường nào: "
        "để trống ô này."
    ]


@pytest.mark.django_db
def test_passwords_are_kept_after_a_failed_save(admin_client_user):
    html = _add(admin_client_user).content.decode()

    for name in ("password1", "password2"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'value="{NEW_PASSWORD}"' in tag, tag


@pytest.mark.django_db
def test_a_valid_ward_officer_is_created_with_a_usable_password(admin_client_user, ward_a):
    response = _add(admin_client_user, ward=ward_a.pk)

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="can-bo-moi")
    assert (user.role, user.ward) == (Role.WARD_OFFICER, ward_a)
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_changing_a_user_to_a_province_role_with_a_ward_is_refused_next_to_the_field(
    admin_client_user, officer_a
):
    url = reverse("admin:wards_user_change", args=[officer_a.pk])
    form = admin_client_user.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"role": Role.COMMITTEE, "ward": officer_a.ward_id, "date_joined_0": "01/01/2025"})
    data.update({"date_joined_1": "08:00:00", "groups": [], "user_permissions": []})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("password", None)
    html = admin_client_user.post(url, data).content.decode()

    assert "không thuộc phường nào" in " ".join(_field_errors(html, "ward"))
    officer_a.refresh_from_db()
    assert officer_a.role == Role.WARD_OFFICER


@pytest.mark.django_db
def test_ward_list_offers_wards_in_force_first_and_marks_dissolved_ones(admin_client_user):
    old = WardFactory(code="an-cu", name="An Cũ", valid_to=datetime.date(2025, 6, 30))
    new = WardFactory(code="an-moi", name="An Mới", valid_from=datetime.date(2025, 7, 1))
    WardFactory(code="xa-ngoai", name="Xã Ngoài", in_programme=False)

    html = admin_client_user.get(ADD_URL).content.decode()
    select = re.search(r'<select name="ward"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = [unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select)]

    assert labels[0] == "---------"
    assert labels.index(new.display_name) < labels.index(f"{old.display_name} (đã giải thể)")
    assert labels[-1] == f"{old.display_name} (đã giải thể)"
    assert not any("Xã Ngoài" in label for label in labels)  # not a ward of the programme


@pytest.mark.django_db
def test_ward_choices_keep_the_users_current_ward_even_outside_the_programme():
    outside = WardFactory(code="xa-cu", name="Xã Cũ", in_programme=False)
    assert outside not in ward_choices()
    assert outside in ward_choices(current=outside)


# --- tool tables: login records, lock-outs and task schedules are for superusers only ---------

INTERNAL_PATHS = (
    "/admin/axes/accessattempt/",
    "/admin/axes/accesslog/",
    "/admin/axes/accessfailurelog/",
    "/admin/django_celery_beat/periodictask/",
    "/admin/django_celery_beat/solarschedule/",
    "/admin/django_celery_beat/clockedschedule/",
    "/admin/django_celery_beat/crontabschedule/",
    "/admin/django_celery_beat/intervalschedule/",
    "/admin/auth/group/",
)


@pytest.fixture
def staff_client(db) -> Client:
    """A staff account that is not a superuser but holds every permission there is."""
    user = ProvinceUserFactory(username="nhan-vien", role=Role.ADMIN, is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_staff_who_are_not_superusers_do_not_see_the_tool_tables(staff_client):
    index = staff_client.get("/admin/").content.decode()

    for path in INTERNAL_PATHS:
        assert f'href="{path}"' not in index, path
        assert staff_client.get(path).status_code == 403, path
    assert 'href="/admin/wards/user/"' in index  # the programme's own tables stay
    assert 'href="/admin/reports/monthlyreport/"' in index


@pytest.mark.django_db
def test_superusers_still_see_the_tool_tables(admin_client_user):
    index = admin_client_user.get("/admin/").content.decode()
    for path in INTERNAL_PATHS:
        assert f'href="{path}"' in index, path
        assert admin_client_user.get(path).status_code == 200, path


# --- the admin site in Vietnamese: Django's own missing strings come from locale/vi -----------

VI_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sdr]|\{\}")


def _upstream_messages() -> set[str]:
    """Return the msgids of Django's and django-simple-history's catalogues."""
    import django
    import simple_history

    paths = [
        Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
        *(
            Path(django.__file__).parent
            / "contrib"
            / app
            / "locale"
            / "en"
            / "LC_MESSAGES"
            / "django.po"
            for app in ("admin", "auth")
        ),
        Path(simple_history.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    ]
    return {entry.msgid for path in paths for entry in polib.pofile(str(path))}


def test_vietnamese_catalogue_is_complete_compiled_and_still_used_upstream():
    catalogue = polib.pofile(str(VI_PO))
    compiled = polib.mofile(str(VI_PO.with_suffix(".mo")))
    upstream = _upstream_messages()
    assert len(catalogue) > 50
    problems = []
    for entry in catalogue:
        text = entry.msgstr or entry.msgstr_plural.get(0, "")
        if not text:
            problems.append(f"untranslated: {entry.msgid}")
        if entry.msgid not in upstream:
            problems.append(f"no longer in Django or simple-history: {entry.msgid}")
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    compiled_texts = {e.msgid: e.msgstr or e.msgstr_plural.get(0, "") for e in compiled}
    for entry in catalogue:
        if compiled_texts.get(entry.msgid) != (entry.msgstr or entry.msgstr_plural.get(0, "")):
            problems.append(f"django.mo out of date (compilemessages): {entry.msgid}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_add_user_page_reads_vietnamese(admin_client_user):
    html = unescape(_add(admin_client_user).content.decode())

    for english in (
        "Please correct the error",
        "Password-based authentication",
        "After you’ve created a user",
        ">Enabled<",
    ):
        assert english not in html, english
    for vietnamese in ("Hãy sửa các lỗi", "Đăng nhập bằng mật khẩu", "Thêm người dùng"):
        assert vietnamese in html, vietnamese
