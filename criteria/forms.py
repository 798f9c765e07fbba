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


class CriteriaSetImportForm(Form):
    file = forms.FileField(
        label=_("Tệp Excel bộ tiêu chí (.xlsx)"),
        help_text=_("Tải mẫu từ bộ tiêu chí đang áp dụng, sửa, rồi tải lên."),
        error_messages={"required": _("Chọn tệp Excel để tải lên.")},
    )
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=200)
    effective_year = forms.IntegerField(label=_("Áp dụng từ năm"), min_value=2023, max_value=2100)
    notes = forms.CharField(
        label=_("Ghi chú (căn cứ, lý do thay đổi)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )


class CriteriaSetCompareForm(Form):
    a = forms.ModelChoiceField(label=_("Phiên bản cũ"), queryset=None, to_field_name="version")
    b = forms.ModelChoiceField(label=_("Phiên bản so sánh"), queryset=None, to_field_name="version")

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = queryset
            self.fields[name].label_from_instance = lambda s: (
                _("Phiên bản %(v)s — %(name)s (từ %(year)s)")
                % {"v": s.version, "name": s.name, "year": s.effective_year}
            )
