"""Forms for entering report figures, giving a reason, and uploading an Excel file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import BoundedModelForm, Form
from reports.models import BaselineTotals
from reports.rules import (
    MAX_COUNT,
    REASON_MAX_LENGTH,
    cross_field_errors,
    fields_for,
    label,
    sections_for,
)


class FiguresForm(Form):
    """One number input per figure of the report model, plus the version the user started from."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, model: type, outliers: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.outliers = set(outliers or [])
        for name in fields_for(model):
            self.fields[name] = forms.IntegerField(
                label=label(model, name),
                min_value=0,
                max_value=MAX_COUNT,
                error_messages={
                    "required": _("Chưa nhập số liệu (nhập 0 nếu không có)."),
                    "min_value": _("Không được là số âm."),
                    "max_value": _("Số quá lớn."),
                },
                widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "step": 1}),
            )

    def figure_sections(self) -> list[tuple[str, list]]:
        """Return (section title, bound figure fields) pairs, in form order."""
        by_name = {field.name: field for field in self.figure_fields()}
        return [
            (title, [by_name[name] for name in names]) for title, names in sections_for(self.model)
        ]

    def figure_fields(self) -> list:
        """Return the bound figure fields with an `outlier` flag, in order."""
        bound = []
        for name in fields_for(self.model):
            field = self[name]
            field.outlier = name in self.outliers
            if field.errors:
                field.field.widget.attrs["class"] = "form-control is-invalid"
            bound.append(field)
        return bound

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in fields_for(self.model)}
        for name, messages in cross_field_errors(self.model, values).items():
            for message in messages:
                self.add_error(name, message)
        return cleaned

    def figures(self) -> dict[str, int]:
        """Return the cleaned figures only."""
        return {name: self.cleaned_data[name] for name in fields_for(self.model)}


class ReasonForm(Form):
    """A required reason for returning or reopening a report."""

    reason = forms.CharField(
        label=_("Lý do"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={
            "required": _("Phải nêu lý do."),
            "max_length": _(
                "Lý do dài quá: tối đa %(limit_value)s ký tự (đã nhập %(show_value)s ký tự)."
            ),
        },
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class UploadForm(Form):
    """An Excel file filled from the downloaded template."""

    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": _("Chưa chọn tệp.")},
    )


class BaselineForm(BoundedModelForm):
    """A ward's yearly totals for a year before monthly entry (empty means unknown)."""

    class Meta:
        model = BaselineTotals
        fields = [
            "criminal_cases",
            "economic_environment_cases",
            "drug_cases",
            "administrative_violations",
            "social_order_crimes",
            "hot_spots",
            "drug_addicts",
            "fugitives_caught_or_surrendered",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
            field.label = str(field.label)[:1].upper() + str(field.label)[1:]
            field.help_text = _("Để trống nếu không có số liệu.")
            field.error_messages["min_value"] = _("Không được là số âm.")
