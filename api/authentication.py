"""Who is calling: a personal access token (`Authorization: Bearer <token>`) or the browser's
session (with Django's CSRF check on every unsafe request)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.services import token_authenticate

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate `Authorization: Bearer <token>` against the stored hashes.

    A request without that header falls through to the session; a bad, expired or revoked
    token is a 401 (never an anonymous request).
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        parts = header.split() if isinstance(header, str) else []
        if not parts or parts[0].lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Tiêu đề Authorization phải là “Bearer”, một dấu cách, rồi đến mã truy cập.")
            )
        raw = parts[1]
        token = token_authenticate(raw) if raw.isascii() else None
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
            )
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes an unauthenticated request a 401 with a WWW-Authenticate header, not a 403.
        return f'{KEYWORD} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session; an unsafe request without a valid CSRF token is refused with the
    code "csrf-failure", like the pages' CSRF refusal."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                _("Yêu cầu bị từ chối: thiếu hoặc sai mã CSRF."), code="csrf-failure"
            ) from exc
