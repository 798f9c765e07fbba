from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from budget.models import Allocation, Disbursement, FundingSource
from budget.services import format_vnd
from config.admin import ReadOnlyMixin
from config.forms import BoundedModelForm


class AllocationAdminForm(BoundedModelForm):
    class Meta:
        model = Allocation
        fields = ["project", "source", "year", "amount", "note"]

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        disbursed = self.instance.disbursed_total if self.instance.pk else 0
        if amount < disbursed:
            raise forms.ValidationError(
                _("Số phân bổ không được nhỏ hơn số đã giải ngân (%(disbursed)s đồng).")
                % {"disbursed": format_vnd(disbursed)}
            )
        return amount


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["code", "name"]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    form = AllocationAdminForm
    list_display = ["project", "source", "year", "amount", "disbursed_total"]
    list_filter = ["source", "year"]
    readonly_fields = ["disbursed_total"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Read-only here: disbursements go through the budget pages, which lock the allocation."""

    form = BoundedModelForm
    list_display = ["allocation", "paid_on", "amount", "reference", "created_by"]
