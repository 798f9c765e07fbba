"""Read endpoints: wards, criteria, scorecards, reports, staffing, equipment, roster,
headquarters, projects and budget, each scoped by wards.access like the pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.permissions import (
    PersonalDataRole,
    ProvinceRole,
    ReportReadable,
    WardVisible,
    readable_reports,
)
from budget import selectors as budget_selectors
from budget.models import Allocation, Disbursement
from criteria.models import CriteriaSet, Criterion, Scorecard
from criteria.selectors import criteria_set_for_year
from facilities import selectors as facilities_selectors
from facilities.models import Headquarters
from reports.models import MonthlyReport, YearlyReport
from wards.access import get_ward_or_404, scope_by_ward, visible_wards
from wards.models import Ward
from wards.selectors import wards_in_force, wards_in_year, wards_with_lineage


def _query(request, serializer_class) -> dict:
    """Return the validated query parameters (a 400 with messages per parameter otherwise)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _ward_filter(request, queryset: QuerySet, params: dict, field: str = "ward") -> QuerySet:
    """Narrow to ?ward=<code> when given: a ward the user may not read is a 404, as on the
    pages."""
    code = params.get("ward")
    if code:
        queryset = queryset.filter(**{f"{field}_id": get_ward_or_404(request.user, code).pk})
    return queryset


class _ScopedRead:
    """Reads that need a signed-in user and refuse another ward's objects with a 404."""

    permission_classes = [IsAuthenticated, WardVisible]


# ---- Wards ----


@extend_schema(tags=["wards"], parameters=[s.WardListQuery])
class WardList(_ScopedRead, generics.ListAPIView):
    """The wards the user may read (all for province roles, their own for ward staff), with
    validity periods and predecessor/successor links (the 2025 reorganisation)."""

    serializer_class = s.WardSerializer

    def get_queryset(self):
        params = _query(self.request, s.WardListQuery)
        queryset = visible_wards(self.request.user)
        if params.get("on"):
            queryset = queryset.filter(
                pk__in=wards_in_force(on=params["on"], programme_only=False).values("pk")
            )
        if params.get("in_programme") is not None:
            queryset = queryset.filter(in_programme=params["in_programme"])
        return wards_with_lineage(queryset.order_by("sort_name", "valid_from", "pk"))


@extend_schema(tags=["wards"])
class WardDetail(_ScopedRead, generics.RetrieveAPIView):
    """One ward, by its code."""

    serializer_class = s.WardSerializer
    lookup_field = "code"

    def get_queryset(self):
        return wards_with_lineage(visible_wards(self.request.user))


# ---- Criteria and scorecards (the criteria are the same for everyone) ----


@extend_schema(tags=["criteria"])
class CriteriaSetList(generics.ListAPIView):
    """The versions of the criteria checklist, each in force from its effective year."""

    serializer_class = s.CriteriaSetSerializer
    queryset = CriteriaSet.objects.order_by("effective_year", "version")


@extend_schema(tags=["criteria"])
class CriteriaSetDetail(generics.RetrieveAPIView):
    """One criteria set with its criteria (targets, rules and thresholds)."""

    serializer_class = s.CriteriaSetDetailSerializer
    queryset = CriteriaSet.objects.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("number"))
    )


@extend_schema(tags=["criteria"], parameters=[s.CriteriaQuery])
class CriterionList(generics.ListAPIView):
    """Criteria of every set, or of one set (?criteria_set=) or the set in force in a year
    (?year=)."""

    serializer_class = s.CriterionSerializer

    def get_queryset(self):
        params = _query(self.request, s.CriteriaQuery)
        queryset = Criterion.objects.order_by("criteria_set__effective_year", "number")
        if params.get("criteria_set"):
            queryset = queryset.filter(criteria_set_id=params["criteria_set"])
        if params.get("year"):
            criteria_set = criteria_set_for_year(params["year"])
            queryset = (
                queryset.filter(criteria_set=criteria_set) if criteria_set else queryset.none()
            )
        return queryset


@extend_schema(tags=["criteria"])
class CriterionDetail(generics.RetrieveAPIView):
    serializer_class = s.CriterionSerializer
    queryset = Criterion.objects.all()


@extend_schema(tags=["scorecards"], parameters=[s.WardYearQuery])
class ScorecardList(_ScopedRead, generics.ListAPIView):
    """Yearly scorecards (met of in-force criteria, model ward or not) of the wards the user may
    read."""

    serializer_class = s.ScorecardSerializer

    def get_queryset(self):
        params = _query(self.request, s.WardYearQuery)
        queryset = scope_by_ward(Scorecard.objects.select_related("ward"), self.request.user)
        if params.get("year"):
            queryset = queryset.filter(year=params["year"])
        return _ward_filter(self.request, queryset, params).order_by("-year", "ward__sort_name")


@extend_schema(tags=["scorecards"])
class ScorecardDetail(_ScopedRead, generics.RetrieveAPIView):
    """A scorecard with each criterion's result: the figures it was computed from ("inputs"),
    the measured value against the target, and the sentence that explains it."""

    serializer_class = s.ScorecardDetailSerializer

    def get_queryset(self):
        return scope_by_ward(Scorecard.objects.select_related("ward"), self.request.user)


# ---- Reports: province roles read approved reports, a ward's staff its own in any status ----


class _Reports:
    permission_classes = [IsAuthenticated, ReportReadable]
    model: type

    def reports(self) -> QuerySet:
        return readable_reports(self.model.objects.select_related("ward"), self.request.user)


@extend_schema(tags=["reports"], parameters=[s.MonthlyReportQuery])
class MonthlyReportList(_Reports, generics.ListAPIView):
    """Monthly statistics: approved reports for province roles; the ward's own, in any status,
    for its staff."""

    model = MonthlyReport
    serializer_class = s.MonthlyReportSerializer

    def get_queryset(self):
        params = _query(self.request, s.MonthlyReportQuery)
        queryset = self.reports()
        for name in ("year", "month", "status"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        queryset = _ward_filter(self.request, queryset, params)
        return queryset.order_by("-year", "-month", "ward__sort_name", "pk")


@extend_schema(tags=["reports"])
class MonthlyReportDetail(_Reports, generics.RetrieveAPIView):
    """One monthly report; its ETag is its version (see the write endpoint under /wards/)."""

    model = MonthlyReport
    serializer_class = s.MonthlyReportSerializer

    def get_queryset(self):
        return self.reports()

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        response = Response(self.get_serializer(report).data)
        response["ETag"] = f'"{report.version}"'
        return response


@extend_schema(tags=["reports"], parameters=[s.YearlyReportQuery])
class YearlyReportList(_Reports, generics.ListAPIView):
    """Yearly civility figures, with the same visibility as the monthly reports."""

    model = YearlyReport
    serializer_class = s.YearlyReportSerializer

    def get_queryset(self):
        params = _query(self.request, s.YearlyReportQuery)
        queryset = self.reports()
        for name in ("year", "status"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
        queryset = _ward_filter(self.request, queryset, params)
        return queryset.order_by("-year", "ward__sort_name", "pk")


@extend_schema(tags=["reports"])
class YearlyReportDetail(_Reports, generics.RetrieveAPIView):
    model = YearlyReport
    serializer_class = s.YearlyReportSerializer

    def get_queryset(self):
        return self.reports()


# ---- Staffing and equipment (aggregates: every role), roster (personal data) ----


def _year(params: dict) -> int:
    return params.get("year") or timezone.localdate().year


def _programme_wards(request, year: int) -> list[Ward]:
    """Return the programme wards standing in the year that the user may read (one query)."""
    return list(wards_in_year(year=year).filter(pk__in=visible_wards(request.user).values("pk")))


@extend_schema(tags=["facilities"], parameters=[s.YearQuery], responses=s.StaffingSerializer)
class Staffing(APIView):
    """Headcount, teams and education per ward (roster on the year's reference day) and in
    total, against the Đề án's targets. Counts only: no names."""

    def get(self, request):
        year = _year(_query(request, s.YearQuery))
        rows, total = facilities_selectors.staffing_table(
            wards=_programme_wards(request, year), year=year
        )
        data = {
            "year": year,
            "targets": {
                "headcount_min": facilities_selectors.HEADCOUNT_MIN,
                "headcount_max": facilities_selectors.HEADCOUNT_MAX,
                "team_min": facilities_selectors.TEAM_MIN,
            },
            "wards": rows,
            "total": total,
        }
        return Response(s.StaffingSerializer(data).data)


@extend_schema(tags=["facilities"], parameters=[s.YearQuery], responses=s.EquipmentSerializer)
class Equipment(APIView):
    """Equipment held, required and missing per ward and in total (the gap table)."""

    def get(self, request):
        year = _year(_query(request, s.YearQuery))
        rows, total = facilities_selectors.equipment_table(
            wards=_programme_wards(request, year), year=year
        )
        return Response(s.EquipmentSerializer({"year": year, "wards": rows, "total": total}).data)


@extend_schema(tags=["facilities"], parameters=[s.WardQuery])
class OfficerList(_ScopedRead, generics.ListAPIView):
    """The roster with names, ranks and ratings: personal data, for the ward's own staff,
    reviewers and administrators only (never the steering committee)."""

    permission_classes = [IsAuthenticated, PersonalDataRole, WardVisible]
    serializer_class = s.OfficerSerializer

    def get_queryset(self):
        params = _query(self.request, s.WardQuery)
        wards = visible_wards(self.request.user)
        if params.get("ward"):
            wards = wards.filter(pk=get_ward_or_404(self.request.user, params["ward"]).pk)
        return facilities_selectors.roster_for(wards=wards)


# ---- Headquarters and building projects ----


@extend_schema(tags=["facilities"])
class HeadquartersList(_ScopedRead, generics.ListAPIView):
    serializer_class = s.HeadquartersSerializer

    def get_queryset(self):
        return facilities_selectors.headquarters_list(
            wards=visible_wards(self.request.user)
        ).order_by("ward__sort_name", "pk")


@extend_schema(tags=["facilities"])
class HeadquartersDetail(_ScopedRead, generics.RetrieveAPIView):
    """A ward's headquarters, by the ward's code."""

    serializer_class = s.HeadquartersSerializer

    def get_object(self):
        ward = get_ward_or_404(self.request.user, self.kwargs["code"])
        # A merged ward may hold several buildings: its main one is on the largest plot.
        headquarters = (
            Headquarters.objects.select_related("ward")
            .filter(ward=ward)
            .order_by("-land_area_m2", "pk")
            .first()
        )
        if headquarters is None:
            raise Http404
        self.check_object_permissions(self.request, headquarters)
        return headquarters


@extend_schema(tags=["facilities"], parameters=[s.WardQuery])
class ProjectList(_ScopedRead, generics.ListAPIView):
    """Headquarters building projects with their milestones."""

    serializer_class = s.ProjectSerializer

    def get_queryset(self):
        params = _query(self.request, s.WardQuery)
        queryset = facilities_selectors.projects_for(wards=visible_wards(self.request.user))
        return _ward_filter(self.request, queryset, params).order_by(
            "planned_finish_year", "ward__sort_name", "pk"
        )


@extend_schema(tags=["facilities"])
class ProjectDetail(_ScopedRead, generics.RetrieveAPIView):
    serializer_class = s.ProjectSerializer

    def get_queryset(self):
        return facilities_selectors.projects_for(wards=visible_wards(self.request.user))


# ---- Budget: province roles only ----


class _Budget:
    permission_classes = [IsAuthenticated, ProvinceRole, WardVisible]


@extend_schema(tags=["budget"], responses=s.BudgetSummarySerializer)
class BudgetSummary(_Budget, APIView):
    """The Đề án's budget lines against the allocations entered, and money by source and
    year."""

    def get(self, request):
        data = {
            "plan": budget_selectors.plan_reconciliation(),
            "by_source": budget_selectors.by_source(),
            "by_source_and_year": budget_selectors.by_source_and_year(),
            "totals": budget_selectors.grand_totals(),
        }
        return Response(s.BudgetSummarySerializer(data).data)


def _allocations() -> QuerySet[Allocation]:
    return Allocation.objects.select_related("project__ward", "source").prefetch_related(
        Prefetch("disbursements", queryset=Disbursement.objects.order_by("paid_on", "pk"))
    )


@extend_schema(tags=["budget"], parameters=[s.WardYearQuery])
class AllocationList(_Budget, generics.ListAPIView):
    """Allocations to projects by source and year, with their disbursements."""

    serializer_class = s.AllocationSerializer

    def get_queryset(self):
        params = _query(self.request, s.WardYearQuery)
        queryset = scope_by_ward(_allocations(), self.request.user, ward_field="project__ward")
        if params.get("year"):
            queryset = queryset.filter(year=params["year"])
        queryset = _ward_filter(self.request, queryset, params, field="project__ward")
        return queryset.order_by("year", "project__ward__sort_name", "source_id", "pk")


@extend_schema(tags=["budget"])
class AllocationDetail(_Budget, generics.RetrieveAPIView):
    serializer_class = s.AllocationSerializer

    def get_queryset(self):
        return scope_by_ward(_allocations(), self.request.user, ward_field="project__ward")
