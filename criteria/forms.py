"""Forms for manual decisions, evidence uploads and 'score now'."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.forms import Form
from criteria.evidence import check_upload
from criteria.models import Decision
from criteria.periods import YearNotScorableError, scoring_period


class ManualDecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Kết luận"), choices=Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Nhận xét, căn cứ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Cần ghi nhận xét cho kết luận.")},
    )


class EvidenceUploadForm(Form):
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, ảnh PNG/JPEG, Word, Excel hoặc PowerPoint."),
        error_messages={"required": _("Chọn một tệp để tải lên.")},
    )
    description = forms.CharField(label=_("Mô tả"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return upload


class ScoreNowForm(Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2023, max_value=2100)

    def clean_year(self):
        """Refuse a year after the current one (and a year none of whose months is due)."""
        year = self.cleaned_data["year"]
        try:
            scoring_period(year)
        except YearNotScorableError as exc:
            raise ValidationError(str(exc)) from exc
        return year
