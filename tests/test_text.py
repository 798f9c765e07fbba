"""Text hygiene at the door (config.text, config.forms): one rule, applied by every form."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import unicodedata

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from config.forms import Form, InputHygieneMixin
from config.text import clean_stored_rows, clean_text, scrub

APPS = ("wards", "criteria", "facilities", "budget", "reports")
DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")


@pytest.mark.parametrize(
    ("character", "kind"),
    [
        ("\x00", "ký tự điều khiển vô hình"),
        ("\x0b", "ký tự điều khiển vô hình"),
        ("\x1f", "ký tự điều khiển vô hình"),
        ("\x7f", "ký tự điều khiển vô hình"),
        ("\u202a", "ký tự đảo chiều văn bản"),
        ("\u202e", "ký tự đảo chiều văn bản"),
        ("\u2066", "ký tự đảo chiều văn bản"),
        ("\u2069", "ký tự đảo chiều văn bản"),
    ],
)
def test_control_and_bidi_characters_are_refused_with_the_field_named(character, kind):
    with pytest.raises(ValidationError) as caught:
        clean_text(f"Lê{character}Văn", field="Họ và tên")
    message = caught.value.messages[0]
    assert message.startswith("“Họ và tên” có ký tự không được phép")
    assert f"U+{ord(character):04X}" in message and kind in message
    assert "vị trí 3" in message


def test_tab_newline_and_crlf_are_kept_as_tab_and_newline():
    assert clean_text("Dòng 1\r\nDòng 2\rDòng 3\n\tthụt", field="x") == (
        "Dòng 1\nDòng 2\nDòng 3\n\tthụt"
    )


def test_text_is_stored_composed():
    assert DECOMPOSED != "Nguyễn Thị Ánh"
    assert clean_text(DECOMPOSED, field="x") == "Nguyễn Thị Ánh"


def test_scrub_removes_what_the_forms_refuse():
    assert scrub(f"A\x0bB\x00C\u202eD\r\n{DECOMPOSED}") == "ABCD\nNguyễn Thị Ánh"


class _NoteForm(Form):
    note = forms.CharField(label="Ghi chú", required=False)
    count = forms.IntegerField(required=False)


def test_a_plain_form_refuses_a_control_character_and_normalises_text():
    form = _NoteForm({"note": "a\x0bb"})
    assert not form.is_valid()
    assert form.errors["note"][0].startswith("“Ghi chú” có ký tự không được phép (U+000B")
    form = _NoteForm({"note": DECOMPOSED})
    assert form.is_valid()
    assert form.cleaned_data["note"] == "Nguyễn Thị Ánh"


def _project_modules():
    for label in APPS:
        package = importlib.import_module(label)
        for info in pkgutil.walk_packages(package.__path__, f"{label}."):
            if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
                continue
            if ".bench" in info.name:
                continue
            yield importlib.import_module(info.name)


def _project_forms() -> list[type]:
    found = set()
    for module in _project_modules():
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.__module__.split(".")[0] in APPS
            ):
                found.add(value)
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__name__}")


def test_every_form_of_the_project_cleans_its_input():
    project_forms = _project_forms()
    assert len(project_forms) >= 20, [f.__name__ for f in project_forms]
    unclean = [f"{f.__module__}.{f.__name__}" for f in project_forms]
    unclean = [
        name
        for name, form in zip(unclean, project_forms, strict=True)
        if not issubclass(form, InputHygieneMixin)
    ]
    assert not unclean


@pytest.mark.django_db
def test_every_admin_form_of_the_project_cleans_its_input(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        form = model_admin.get_form(request)
        assert issubclass(form, InputHygieneMixin), model_admin
        for inline in model_admin.get_inline_instances(request):
            assert issubclass(inline.get_formset(request).form, InputHygieneMixin), inline
        checked += 1
    assert checked >= 15


@pytest.mark.django_db
def test_the_admin_refuses_a_control_character_in_a_ward_note(admin_client_user, ward_a):
    from django.urls import reverse

    url = reverse("admin:wards_ward_change", args=[ward_a.pk])
    page = admin_client_user.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    data |= {"notes": "ghi\x0bchú", "in_programme": "on" if ward_a.in_programme else ""}
    data |= {
        "predecessors-TOTAL_FORMS": 0,
        "predecessors-INITIAL_FORMS": 0,
        "predecessors-MIN_NUM_FORMS": 0,
        "predecessors-MAX_NUM_FORMS": 1000,
    }
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    data = {k.replace("predecessors-", f"{prefix}-"): v for k, v in data.items()}
    response = admin_client_user.post(url, data)
    assert response.status_code == 200
    assert "“Ghi chú” có ký tự không được phép (U+000B" in response.content.decode()
    ward_a.refresh_from_db()
    assert "\x0b" not in ward_a.notes


@pytest.mark.django_db
def test_the_data_migrations_clean_text_stored_before_the_rule(ward_a, officer_a):
    from budget.tests.factories import AllocationFactory
    from facilities.tests.factories import OfficerFactory
    from reports.tests.factories import MonthlyReportFactory

    officer = OfficerFactory(ward=ward_a, full_name=f"Lê\x0bVăn\x1f {DECOMPOSED}")
    report = MonthlyReportFactory(ward=ward_a, month=2, return_reason="sai\u202esố\r\nliệu")
    allocation = AllocationFactory(note="ghi\x1fchú")
    ward_a.notes = "\x7fghi chú"
    ward_a.save()
    for label in APPS:
        package = importlib.import_module(f"{label}.migrations")
        migration = next(
            importlib.import_module(f"{label}.migrations.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
            if info.name.endswith("_clean_stored_text")
        )
        migration.clean(apps, None)
    officer.refresh_from_db()
    report.refresh_from_db()
    allocation.refresh_from_db()
    ward_a.refresh_from_db()
    assert officer.full_name == "LêVăn Nguyễn Thị Ánh"
    assert officer.history.latest().full_name == "LêVăn Nguyễn Thị Ánh"
    assert report.return_reason == "saisố\nliệu"
    assert allocation.note == "ghichú"
    assert ward_a.notes == "ghi chú"
    assert clean_stored_rows(apps, "facilities") == 0  # a second run finds nothing to do
