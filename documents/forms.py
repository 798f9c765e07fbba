"""The form to ask for a document."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import Form
from documents.models import DocumentKind, OfficialDocument, OfficialKind


class DocumentRequestForm(Form):
    kind = forms.ChoiceField(label=_("Tài liệu"), choices=DocumentKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2023, max_value=2100)
    month = forms.IntegerField(
        label=_("Tháng (chỉ cho báo cáo tháng)"), min_value=1, max_value=12, required=False
    )
    ward = forms.SlugField(label=_("Phường"), required=False)


class OfficialCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=OfficialKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2023, max_value=2100)
    month = forms.IntegerField(
        label=_("Tháng (chỉ cho báo cáo kiểm tra hằng tháng)"),
        min_value=1,
        max_value=12,
        required=False,
    )


class OfficialEditForm(forms.ModelForm):
    """A draft's text, date, issuer, recipients and signer (the figures come from the data)."""

    issued_on = forms.DateField(label=_("Ngày văn bản"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    class Meta:
        model = OfficialDocument
        fields = [
            "issuer",
            "issued_on",
            "summary",
            "addressee",
            "introduction",
            "results",
            "shortcomings",
            "causes",
            "directions",
            "proposals",
            "recipients",
            "authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("results", "shortcomings", "causes", "directions", "proposals")
        } | {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }
