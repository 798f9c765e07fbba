"""The form to ask for a document."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import Form
from documents.models import DocumentKind


class DocumentRequestForm(Form):
    kind = forms.ChoiceField(label=_("Tài liệu"), choices=DocumentKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2023, max_value=2100)
    month = forms.IntegerField(
        label=_("Tháng (chỉ cho báo cáo tháng)"), min_value=1, max_value=12, required=False
    )
    ward = forms.SlugField(label=_("Phường"), required=False)
