"""Forms for allocations and disbursements (whole VND)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.models import Allocation, Disbursement
from config.forms import MAX_BIGINT, BoundedModelForm, Form

MONEY_HELP = _("Số nguyên, đơn vị đồng; dấu chấm ngăn cách hàng nghìn, ví dụ 4.200.000.000.")


class AllocationForm(BoundedModelForm):
    class Meta:
        model = Allocation
        fields = ["project", "source", "year", "amount", "note"]
        help_texts = {"amount": MONEY_HELP}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Số phân bổ phải lớn hơn 0."))
        return amount


class AllocationAmountForm(Form):
    amount = forms.IntegerField(
        label=_("Số phân bổ (đồng)"), min_value=1, max_value=MAX_BIGINT, help_text=MONEY_HELP
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class DisbursementForm(BoundedModelForm):
    class Meta:
        model = Disbursement
        fields = ["paid_on", "amount", "reference", "note"]
        widgets = {
            "paid_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
        }
        help_texts = {"amount": MONEY_HELP}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Số tiền giải ngân phải lớn hơn 0."))
        return amount
