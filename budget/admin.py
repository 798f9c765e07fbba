from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from budget.models import Allocation, Disbursement, FundingSource
from budget.services import format_vnd
from config.admin import ReadOnlyMixin
from config.forms import BoundedModelForm
from wards.models import CHANGE_REASON_MAX_LENGTH


class AllocationAdminForm(BoundedModelForm):
    """An allocation; giving it a new payer asks why (kept in its history with who and when)."""

    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=CHANGE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi giao cơ quan chi trả thay thế (ví dụ: số văn bản căn cứ)."),
    )

    class Meta:
        model = Allocation
        fields = ["project", "source", "year", "amount", "note", "payer"]

    def clean(self):
        cleaned = super().clean()
        payer = cleaned.get("payer")
        if "payer" in self.changed_data:
            if not cleaned.get("change_reason", "").strip():
                self.add_error("change_reason", _("Nhập lý do giao cơ quan chi trả thay thế."))
            if payer is not None and not payer.is_valid_on(timezone.localdate()):
                self.add_error("payer", _("Cơ quan này đã hết hiệu lực."))
        return cleaned

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
    list_display = ["code", "name", "payer"]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    form = AllocationAdminForm
    list_display = ["project", "source", "year", "amount", "disbursed_total"]
    list_filter = ["source", "year"]
    readonly_fields = ["disbursed_total"]
    list_select_related = ["project__ward", "source", "payer"]

    def save_model(self, request, obj, form, change):
        """Save, with the user and the reason in the history."""
        obj._history_user = request.user
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Read-only here: disbursements go through the budget pages, which lock the allocation."""

    form = BoundedModelForm
    list_display = ["allocation", "paid_on", "amount", "reference", "created_by"]
