"""Every error answers with the same JSON shape: {"detail", "code"} and, for invalid input,
"errors" (messages per field)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "Precondition failed."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Precondition required."
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "Conflict."
    default_code = "conflict"


def _messages(value) -> list[str]:
    """Return a flat list of message strings from a DRF error detail (list, dict or text)."""
    if isinstance(value, dict):
        return [f"{key}: {text}" for key, item in value.items() for text in _messages(item)]
    if isinstance(value, list):
        return [text for item in value for text in _messages(item)]
    return [str(value)]


def _field_errors(detail: dict, prefix: str = "") -> dict[str, list[str]]:
    """Return messages per field, nested fields named with dots ("figures.drug_cases")."""
    errors: dict[str, list[str]] = {}
    for name, value in detail.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            errors.update(_field_errors(value, prefix=f"{key}."))
        else:
            errors[key] = _messages(value)
    return errors


def _first_code(codes) -> str:
    if isinstance(codes, dict):
        codes = next(iter(codes.values()), "invalid")
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)


def exception_handler(exc, context):
    """Return DRF's response for the exception in the project's error shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # never the model's name or the lookup
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = _field_errors(detail)
        else:
            errors = {"non_field_errors": _messages(detail)}
        response.data = {
            "detail": _("Dữ liệu gửi lên chưa hợp lệ."),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(exc, exceptions.APIException):
        response.data = {
            "detail": " ".join(_messages(exc.detail)),
            "code": _first_code(exc.get_codes()),
        }
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
