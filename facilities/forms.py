"""Forms for rosters, ratings, equipment counts, headquarters, projects and target years."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import BoundedModelForm
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
from wards.models import Ward

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


class TargetYearForm(forms.Form):
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
