"""The page "Mã truy cập API": a user makes and revokes their own personal access tokens, and
the API's docs page (Swagger UI from drf-spectacular-sidecar, no inline script or style)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.renderers import TemplateHTMLRenderer

from api.services import token_create, token_revoke, tokens_of
from config.forms import apply_errors


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: “Bảng tính tổng hợp của phòng PV01”."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Thời hạn (ngày)"),
        min_value=1,
        max_value=settings.API_TOKEN_DAYS,
        initial=settings.API_TOKEN_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


@login_required
def tokens(request):
    """List the user's tokens and make a new one; the new token is shown on this answer only."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens_of(user=request.user),
            "max_days": settings.API_TOKEN_DAYS,
        },
        status=400 if form.errors else 200,
    )
    add_never_cache_headers(response)  # the new token must not stay in a cache
    return response


@require_POST
@login_required
def token_revoke_view(request, pk: int):
    """Revoke one of the user's own tokens (another user's is a 404)."""
    token = get_object_or_404(tokens_of(user=request.user), pk=pk)
    if token_revoke(token=token):
        messages.success(request, _("Đã thu hồi mã “%(name)s”.") % {"name": token.name})
    return redirect("api:tokens")


class DocsRenderer(TemplateHTMLRenderer):
    """HTML for the docs page; a refused CSRF check shows the site's own CSRF page."""

    def get_exception_template(self, response):
        if isinstance(response.data, dict) and response.data.get("code") == "csrf-failure":
            return self.resolve_template(["403_csrf.html"])
        return super().get_exception_template(response)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI served from static files, its start-up script from ?script= (same origin),
    so the page works under the Content-Security-Policy (script-src 'self', no inline style)."""

    renderer_classes = [DocsRenderer]
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = "API — Công an phường kiểu mẫu Lạng Sơn"
