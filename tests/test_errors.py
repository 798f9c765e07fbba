"""One application error type: every service refusal is an AppError with a Vietnamese message
and an HTTP status, and one helper turns it into the page's answer."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from config.errors import AppError, ConflictError, NotAllowedError, app_error_response
from criteria.periods import YearNotScorableError
from criteria.services import NoCriteriaSetError
from reports.excel import CellError, ExcelImportError
from reports.services import (
    ReportLockedError,
    ReportPermissionError,
    ReportValidationError,
    StaleReportError,
)


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (StaleReportError("x"), 409),
        (ReportLockedError("x"), 409),
        (ReportPermissionError("x"), 403),
        (ReportValidationError({"a": ["x"]}), 400),
        (YearNotScorableError("x"), 400),
        (NoCriteriaSetError("x"), 400),
        (ExcelImportError([CellError("BaoCaoThang", "C5", "x")]), 400),
    ],
)
def test_every_service_refusal_is_an_app_error_with_its_status(error, status):
    assert isinstance(error, AppError)
    assert error.status == status


def test_the_helper_shows_field_messages_and_goes_back():
    request = _request()
    error = ReportValidationError({"a": ["Ô A sai."], "b": ["Ô B sai."]})
    response = app_error_response(request, error, redirect_to="/reports/")
    assert (response.status_code, response["Location"]) == (302, "/reports/")
    assert [str(m) for m in get_messages(request)] == ["Ô A sai. Ô B sai."]


def test_the_helper_answers_403_when_not_allowed():
    with pytest.raises(PermissionDenied):
        app_error_response(_request(), NotAllowedError("Không được."), redirect_to="/")


def test_a_conflict_is_shown_as_its_message():
    request = _request()
    app_error_response(request, ConflictError("Đã có người sửa."), redirect_to="/")
    assert [str(m) for m in get_messages(request)] == ["Đã có người sửa."]
