"""A ward's monthly report through the API: read it with its ETag, save its figures (PUT) and
send it for review (POST .../submit/), through the same services, validation and workflow as
the form, with the report's version as the ETag.

A write must say which version it starts from: `If-Match: "<version>"` to change a report
(412 when it changed meanwhile), `If-None-Match: *` to create one (412 when it exists);
without either the answer is 428.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.errors import Conflict, PreconditionFailed, PreconditionRequired
from api.permissions import WardEditor, readable_reports
from reports.models import MonthlyReport
from reports.services import (
    ReportError,
    ReportLockedError,
    ReportPermissionError,
    ReportValidationError,
    StaleReportError,
    monthly_report_save,
    report_submit,
)
from wards.access import get_ward_or_404
from wards.models import Ward

FIRST_YEAR, LAST_YEAR = 2023, 2100

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag of the version the change starts from, e.g. "3".',
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    enum=["*"],
    description="`*` to create the month's report; refused with 412 when it already exists.",
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='The report\'s version, quoted ("3"): send it back in If-Match.',
)


def etag(report: MonthlyReport) -> str:
    """Return the report's ETag: its version, quoted."""
    return f'"{report.version}"'


def _tags(header: str) -> list[str]:
    """Return the entity tags of an If-Match / If-None-Match header ("*" stays "*")."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _with_etag(response: Response, report: MonthlyReport | None) -> Response:
    if report is not None:
        response["ETag"] = etag(report)
    return response


class _WardMonth(APIView):
    """A ward's month, addressed by the ward's code, the year and the month."""

    permission_classes = [IsAuthenticated, WardEditor]

    @cached_property
    def ward(self) -> Ward:
        """Return the ward if the user may read it and the month is one it reports; else 404."""
        ward = get_ward_or_404(self.request.user, self.kwargs["code"])
        year, month = self.kwargs["year"], self.kwargs["month"]
        today = timezone.localdate()
        if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR and ward.in_programme):
            raise Http404
        if not ward.is_valid_in_month(year, month) or datetime.date(year, month, 1) > today:
            raise Http404
        return ward

    def get_ward(self) -> Ward:
        return self.ward

    def current(self) -> MonthlyReport | None:
        """Return the month's report as it is now, or None."""
        return (
            MonthlyReport.objects.select_related("ward")
            .filter(ward=self.ward, year=self.kwargs["year"], month=self.kwargs["month"])
            .first()
        )

    def expected_version(self, report: MonthlyReport | None) -> int | None:
        """Return the version the write starts from (None to create), or refuse with 428/412."""
        if_match = self.request.headers.get("If-Match")
        if_none_match = self.request.headers.get("If-None-Match")
        if if_match is None and if_none_match is None:
            raise PreconditionRequired(
                _("Cần tiêu đề If-Match với ETag của báo cáo (hoặc If-None-Match: * để tạo mới).")
            )
        if if_match is not None:
            tags = _tags(if_match)
            if report is None or not ("*" in tags or etag(report) in tags):
                raise self.stale(report)
            return report.version
        tags = _tags(if_none_match)
        if report is not None:
            if "*" in tags or etag(report) in tags:
                raise self.stale(report)
            raise PreconditionRequired(_("Cần tiêu đề If-Match để sửa báo cáo đã có."))
        return None

    def stale(self, report: MonthlyReport | None) -> PreconditionFailed:
        self.current_etag = etag(report) if report else None
        if report is None:
            return PreconditionFailed(_("Báo cáo tháng này chưa có; tạo mới với If-None-Match: *."))
        return PreconditionFailed(
            _("Báo cáo đã thay đổi (phiên bản hiện tại %(etag)s); hãy đọc lại rồi gửi lại.")
            % {"etag": etag(report)}
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        current = getattr(self, "current_etag", None)
        if current and response.status_code == 412:
            response["ETag"] = current
        return response

    def run_service(self, call):
        """Call a reports service; turn its refusals into API errors."""
        try:
            return call()
        except StaleReportError as exc:
            raise self.stale(self.current()) from exc
        except ReportValidationError as exc:
            raise exceptions.ValidationError({"figures": exc.errors}) from exc
        except ReportPermissionError as exc:
            raise exceptions.PermissionDenied(exc.message) from exc
        except ReportLockedError as exc:
            raise Conflict(exc.message, code="locked") from exc
        except ReportError as exc:
            raise Conflict(exc.message) from exc

    def readable(self) -> MonthlyReport:
        """Return the month's report if the user may read it; 404 otherwise."""
        report = (
            readable_reports(MonthlyReport.objects.select_related("ward"), self.request.user)
            .filter(ward=self.ward, year=self.kwargs["year"], month=self.kwargs["month"])
            .first()
        )
        if report is None:
            raise Http404
        return report


@extend_schema(tags=["reports"])
class WardMonthlyReport(_WardMonth):
    """A ward's monthly report: read it (with its ETag), or save its figures."""

    @extend_schema(
        responses=s.MonthlyReportSerializer,
        parameters=[ETAG],
        description=(
            "The month's report with its ETag (its version): a draft or returned report is "
            "read by the ward's own staff only; province roles read it once approved."
        ),
    )
    def get(self, request, code: str, year: int, month: int):
        report = self.readable()
        return _with_etag(Response(s.MonthlyReportSerializer(report).data), report)

    @extend_schema(
        request=s.MonthlyReportWriteSerializer,
        responses={200: s.MonthlyReportSerializer, 201: s.MonthlyReportSerializer},
        parameters=[IF_MATCH, IF_NONE_MATCH, ETAG],
        description=(
            "Save every figure of the month, as the form does (same validation, outlier "
            "warnings in `outlier_fields`, audit history). Ward staff of the ward only; only a "
            "draft or returned report can change (409 otherwise). Send `If-Match` with the ETag "
            "you read, or `If-None-Match: *` to create the report."
        ),
    )
    def put(self, request, code: str, year: int, month: int):
        body = s.MonthlyReportWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        current = self.current()
        version = self.expected_version(current)
        report = self.run_service(
            lambda: monthly_report_save(
                user=request.user,
                ward=self.ward,
                year=year,
                month=month,
                values=body.validated_data["figures"],
                version=version,
                change_reason="Nhập qua API",
            )
        )
        report = MonthlyReport.objects.select_related("ward").get(pk=report.pk)
        status = 201 if current is None else 200
        return _with_etag(Response(s.MonthlyReportSerializer(report).data, status=status), report)


@extend_schema(tags=["reports"])
class WardMonthlyReportSubmit(_WardMonth):
    """Send the month's report for review (the ward's chief only)."""

    @extend_schema(
        request=None,
        responses=s.MonthlyReportSerializer,
        parameters=[IF_MATCH, ETAG],
        description=(
            "Send a draft or returned report for review, as the chief's button does. The "
            "ward's chief only (403 otherwise); the month must be over (409); `If-Match` with "
            "the report's ETag is required (428 without it, 412 when it changed)."
        ),
    )
    def post(self, request, code: str, year: int, month: int):
        report = self.readable()
        if request.headers.get("If-Match") is None:
            raise PreconditionRequired(_("Cần tiêu đề If-Match với ETag của báo cáo."))
        version = self.expected_version(report)
        report = self.run_service(
            lambda: report_submit(user=request.user, report=report, version=version)
        )
        return _with_etag(Response(s.MonthlyReportSerializer(report).data), report)
