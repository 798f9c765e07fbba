"""The one application error: services refuse with a translated message (and, for forms, the
messages per field); one view helper turns it into what the user sees."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


class AppError(Exception):
    """A refusal a service explains to the user in Vietnamese; `status` is the HTTP answer
    when it reaches a page (400 bad input, 403 not allowed, 409 changed by someone else)."""

    status = 400

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or {}

    def messages(self) -> list[str]:
        """Return every message: the field messages when there are any, else the main one."""
        return [str(m) for field in self.errors.values() for m in field] or [self.message]


class NotAllowedError(AppError):
    """The user's role or ward may not do this."""

    status = 403


class ConflictError(AppError):
    """The data changed since the user opened it (or is locked in its current state)."""

    status = 409


def app_error_response(request, error: AppError, *, redirect_to: str):
    """Turn a service's refusal into the answer of a page that posts and redirects: a 403 page
    when not allowed, otherwise the messages shown on the page it goes back to."""
    if error.status == 403:
        raise PermissionDenied(error.message) from error
    messages.error(request, " ".join(error.messages()))
    return redirect(redirect_to)
