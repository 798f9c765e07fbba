"""Administrators make and revoke any user's tokens in the admin site; the new token is shown
once, on the answer to the form, and only its hash is stored."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.models import ApiToken
from api.services import token_create, token_limit_check, token_revoke


class ApiTokenAddForm(forms.ModelForm):
    days = forms.IntegerField(
        label=gettext_lazy("Thời hạn (ngày)"),
        min_value=1,
        max_value=settings.API_TOKEN_DAYS,
        initial=settings.API_TOKEN_DAYS,
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user"):
            token_limit_check(user=cleaned["user"])
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "user__username", "user__full_name"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = ["user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    fields = ["user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
            kwargs["fields"] = ["user", "name", "days"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.fields if obj else ["user", "name", "days"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = token_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        obj.pk = token.pk
        request._api_token_raw = raw

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new token on this answer only (never stored, never in a message cookie)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": ApiToken.objects.select_related("user").get(pk=obj.pk),
            "raw": request._api_token_raw,
            "title": _("Đã tạo mã truy cập"),
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=gettext_lazy("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        count = sum(token_revoke(token=token) for token in queryset)
        self.message_user(
            request, _("Đã thu hồi %(count)s mã.") % {"count": count}, messages.SUCCESS
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens are kept for the record
