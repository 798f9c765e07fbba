"""Forms for rosters, ratings, equipment counts, headquarters, projects and target years."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import BoundedModelForm, Form
from facilities.models import (
    HQ_FIELDS,
    OFFICER_FIELDS,
    PROJECT_FIELDS,
    BuildingProject,
    EquipmentCount,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectMilestone,
)
from wards.models import (
    CHANGE_REASON_MAX_LENGTH,
    TARGET_YEAR_AND_UNDECIDED,
    TARGET_YEAR_REQUIRED,
    Ward,
)

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class OfficerForm(BoundedModelForm):
    class Meta:
        model = Officer
        fields = OFFICER_FIELDS
        widgets = {"active_from": DATE_WIDGET, "active_to": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("Ngày kết thúc phải sau ngày bắt đầu công tác."))
        return cleaned


class OfficerRatingForm(BoundedModelForm):
    class Meta:
        model = OfficerRating
        fields = ["year", "rating"]

    def validate_unique(self):
        """Skip the (officer, year) check: the service updates an existing rating instead."""


class EquipmentCountForm(BoundedModelForm):
    class Meta:
        model = EquipmentCount
        fields = ["kind", "counted_on", "quantity", "note"]
        widgets = {"counted_on": DATE_WIDGET}

    def validate_unique(self):
        """Skip the (ward, kind, day) check: the service corrects that day's count instead."""

    def clean_counted_on(self):
        day = self.cleaned_data["counted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày kiểm kê không được sau hôm nay."))
        return day


class HeadquartersForm(BoundedModelForm):
    class Meta:
        model = Headquarters
        fields = HQ_FIELDS


class ProjectForm(BoundedModelForm):
    class Meta:
        model = BuildingProject
        fields = PROJECT_FIELDS

    def clean_progress_percent(self):
        value = self.cleaned_data["progress_percent"]
        if value is not None and value > 100:
            raise forms.ValidationError(_("Tiến độ không vượt quá 100%."))
        return value


class ProjectCreateForm(ProjectForm):
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.filter(in_programme=True).order_by("name", "valid_from"),
        label=_("Phường"),
    )

    class Meta(ProjectForm.Meta):
        fields = ["ward", *ProjectForm.Meta.fields]


class MilestoneForm(BoundedModelForm):
    class Meta:
        model = ProjectMilestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DATE_WIDGET, "done_on": DATE_WIDGET}


class TargetYearForm(Form):
    """A ward's target year, or the explicit "chưa xác định", and why it changes."""

    target_year = forms.IntegerField(
        label=_("Năm phấn đấu đạt kiểu mẫu"),
        required=False,
        min_value=2023,
        max_value=2100,
        error_messages={
            "min_value": _("Năm không được trước 2023."),
            "max_value": _("Năm không hợp lệ."),
        },
    )
    undecided = forms.BooleanField(label=_("Năm mục tiêu chưa xác định"), required=False)
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=CHANGE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào lịch sử thay đổi cùng người sửa và thời điểm."),
        error_messages={"required": _("Nhập lý do thay đổi.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Nhập lý do thay đổi."))
        return reason

    def clean(self):
        cleaned = super().clean()
        year, undecided = cleaned.get("target_year"), cleaned.get("undecided")
        if "target_year" in self.errors:
            return cleaned
        if year is None and not undecided:
            self.add_error("target_year", TARGET_YEAR_REQUIRED)
        elif year is not None and undecided:
            self.add_error("undecided", TARGET_YEAR_AND_UNDECIDED)
        return cleaned
