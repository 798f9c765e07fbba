"""The OpenAPI schema's extras: both ways to authenticate, and the error answers every operation
can give (so a client, and schemathesis, know every status the API may return)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from api.errors import ErrorSerializer

# Any operation: bad input, not signed in, not allowed, not found (or not yours), too many
# requests. A write may also meet a locked report, a stale version or a missing If-Match.
ERROR_STATUSES = {
    "400": "Invalid body or query parameter (messages per field in `errors`).",
    "401": "Not authenticated, or the token is wrong, expired or revoked.",
    "403": "The user's role may not do this (or a session request lacks its CSRF token).",
    "404": "Does not exist, or is not the user's to see.",
    "429": "Too many requests; retry after the seconds in Retry-After.",
}
WRITE_ERROR_STATUSES = {
    "409": "The report is submitted or approved and cannot change now.",
    "412": "If-Match (or If-None-Match) does not match: the report changed meanwhile.",
    "428": "If-Match (or If-None-Match: * to create) is required.",
}


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema, with the project's error answers on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        statuses = dict(ERROR_STATUSES)
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            statuses.update(WRITE_ERROR_STATUSES)
        for code, description in statuses.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal access token, made on the page “Mã truy cập API” (/api/tokens/)."
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
