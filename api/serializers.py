"""What the API answers with. Every record a ward owns names it as "ward" (its code), so a
client, and the test that a ward's token reads nothing of another ward, can tell whose it is."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budget.models import Allocation, Disbursement
from criteria.models import CriteriaSet, Criterion, CriterionResult, Scorecard
from facilities.models import (
    BuildingProject,
    Education,
    EquipmentKind,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectMilestone,
    Team,
)
from reports.models import MonthlyReport, ReportStatus, YearlyReport
from reports.rules import CARRY_OVER_FIELDS, MAX_COUNT, MONTHLY_FIELDS, YEARLY_FIELDS
from wards.models import Ward, WardLineage


def _ward_field() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The code of the ward the record belongs to."
    )


# ---- Wards ----


class PredecessorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="predecessor.code")
    name = serializers.CharField(source="predecessor.name")

    class Meta:
        model = WardLineage
        fields = ["code", "name", "effective_date", "legal_basis", "note"]


class SuccessorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="successor.code")
    name = serializers.CharField(source="successor.name")

    class Meta:
        model = WardLineage
        fields = ["code", "name", "effective_date", "legal_basis", "note"]


class WardSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    predecessors = PredecessorSerializer(source="predecessor_links", many=True, read_only=True)
    successors = SuccessorSerializer(source="successor_links", many=True, read_only=True)

    class Meta:
        model = Ward
        fields = [
            "code",
            "name",
            "display_name",
            "kind",
            "city",
            "statistics_code",
            "valid_from",
            "valid_to",
            "in_programme",
            "target_year",
            "predecessors",
            "successors",
        ]


# ---- Criteria and scorecards ----


class CriterionSerializer(serializers.ModelSerializer):
    criteria_set = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "criteria_set",
            "number",
            "area",
            "title_vi",
            "title_en",
            "target_text",
            "kind",
            "rule_key",
            "thresholds",
        ]


class CriteriaSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriteriaSet
        fields = ["id", "name", "effective_year", "version", "is_active", "notes"]


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta(CriteriaSetSerializer.Meta):
        fields = [*CriteriaSetSerializer.Meta.fields, "criteria"]


class ResultCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "number", "area", "title_vi", "title_en", "kind"]


class CriterionResultSerializer(serializers.ModelSerializer):
    criterion = ResultCriterionSerializer(read_only=True)
    ward = _ward_field()

    class Meta:
        model = CriterionResult
        fields = [
            "ward",
            "year",
            "criterion",
            "result",
            "measured_text",
            "measured_value",
            "target_text",
            "explanation",
            "inputs",
            "computed_at",
        ]


class ScorecardSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    criteria_set = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "ward",
            "year",
            "criteria_set",
            "met_count",
            "not_met_count",
            "not_assessable_count",
            "in_force_count",
            "is_model_ward",
            "computed_at",
        ]


class ScorecardDetailSerializer(ScorecardSerializer):
    results = serializers.SerializerMethodField()

    class Meta(ScorecardSerializer.Meta):
        fields = [*ScorecardSerializer.Meta.fields, "data_summary", "results"]

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_results(self, scorecard: Scorecard) -> list[dict]:
        results = (
            CriterionResult.objects.filter(
                ward_id=scorecard.ward_id,
                year=scorecard.year,
                criterion__criteria_set_id=scorecard.criteria_set_id,
            )
            .select_related("criterion", "ward")
            .order_by("criterion__number")
        )
        return CriterionResultSerializer(results, many=True).data


# ---- Reports ----


def _figures_serializer(name: str, fields: tuple[str, ...]) -> type[serializers.Serializer]:
    """Return a serializer with one whole-number field per figure, all required except the
    carried-over ones (left out: the stored figure, else the previous month's closing)."""
    carried = {
        "required": False,
        "help_text": "Carried over from the previous month (tồn kỳ trước). Left out: the stored "
        "figure, else the previous month's closing (received + carried over − handled), else 0.",
    }
    attrs = {
        field: serializers.IntegerField(
            min_value=0, max_value=MAX_COUNT, **(carried if field in CARRY_OVER_FIELDS else {})
        )
        for field in fields
    }
    return type(name, (serializers.Serializer,), attrs)


MonthlyFiguresSerializer = _figures_serializer("MonthlyFigures", MONTHLY_FIELDS)
YearlyFiguresSerializer = _figures_serializer("YearlyFigures", YEARLY_FIELDS)

_REPORT_FIELDS = [
    "id",
    "ward",
    "year",
    "status",
    "version",
    "is_demo",
    "first_submitted_at",
    "submitted_at",
    "approved_at",
    "updated_at",
    "return_reason",
]


class MonthlyReportSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    figures = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [*_REPORT_FIELDS[:3], "month", *_REPORT_FIELDS[3:], "outlier_fields", "figures"]

    @extend_schema_field(MonthlyFiguresSerializer)
    def get_figures(self, report: MonthlyReport) -> dict[str, int]:
        return {name: getattr(report, name) for name in MONTHLY_FIELDS}


class YearlyReportSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    figures = serializers.SerializerMethodField()

    class Meta:
        model = YearlyReport
        fields = [*_REPORT_FIELDS, "figures"]

    @extend_schema_field(YearlyFiguresSerializer)
    def get_figures(self, report: YearlyReport) -> dict[str, int]:
        return {name: getattr(report, name) for name in YEARLY_FIELDS}


class MonthlyReportWriteSerializer(serializers.Serializer):
    """The body of a PUT: every figure of the month (0 when there is none)."""

    figures = MonthlyFiguresSerializer()


# ---- Staffing, equipment, roster ----


def _counts_serializer(name: str, keys: list[str]) -> type[serializers.Serializer]:
    attrs = {key: serializers.IntegerField(min_value=0) for key in keys}
    return type(name, (serializers.Serializer,), attrs)


TeamCountsSerializer = _counts_serializer("TeamCounts", list(Team.values))
EducationCountsSerializer = _counts_serializer("EducationCounts", list(Education.values))
EquipmentCountsSerializer = _counts_serializer("EquipmentCounts", list(EquipmentKind.values))


class StaffingRowSerializer(serializers.Serializer):
    ward = serializers.CharField(source="ward.code", allow_null=True)
    day = serializers.DateField(allow_null=True)
    headcount = serializers.IntegerField()
    headcount_ok = serializers.BooleanField()
    teams = TeamCountsSerializer()
    teams_ok = serializers.BooleanField()
    education = EducationCountsSerializer()


class StaffingTotalSerializer(serializers.Serializer):
    headcount = serializers.IntegerField()
    teams = TeamCountsSerializer()
    education = EducationCountsSerializer()


class StaffingTargetsSerializer(serializers.Serializer):
    headcount_min = serializers.IntegerField()
    headcount_max = serializers.IntegerField()
    team_min = serializers.IntegerField()


class StaffingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    targets = StaffingTargetsSerializer()
    wards = StaffingRowSerializer(many=True)
    total = StaffingTotalSerializer()


class EquipmentRowSerializer(serializers.Serializer):
    ward = serializers.CharField(source="ward.code")
    day = serializers.DateField()
    headcount = serializers.IntegerField()
    counted = serializers.BooleanField()
    complete = serializers.BooleanField()
    held = EquipmentCountsSerializer()
    required = EquipmentCountsSerializer()
    missing = EquipmentCountsSerializer()


class EquipmentTotalSerializer(serializers.Serializer):
    headcount = serializers.IntegerField()
    held = EquipmentCountsSerializer()
    required = EquipmentCountsSerializer()
    missing = EquipmentCountsSerializer()


class EquipmentSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    wards = EquipmentRowSerializer(many=True)
    total = EquipmentTotalSerializer()


class OfficerRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficerRating
        fields = ["year", "rating"]


class OfficerSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    ratings = OfficerRatingSerializer(many=True, read_only=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "ward",
            "full_name",
            "is_placeholder",
            "rank",
            "position",
            "team",
            "education",
            "active_from",
            "active_to",
            "ratings",
        ]


# ---- Headquarters and projects ----


class HeadquartersSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    end_of_life_year = serializers.IntegerField(read_only=True)
    past_service_life = serializers.SerializerMethodField(
        help_text="Whether the building is past its service life this year."
    )

    class Meta:
        model = Headquarters
        fields = [
            "ward",
            "land_area_m2",
            "floor_area_m2",
            "floors",
            "grade",
            "year_built",
            "service_life_years",
            "end_of_life_year",
            "past_service_life",
            "site_note",
        ]

    def get_past_service_life(self, headquarters: Headquarters) -> bool:
        return headquarters.is_past_service_life(timezone.localdate().year)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectMilestone
        fields = ["title", "due_on", "done_on"]


class ProjectSerializer(serializers.ModelSerializer):
    ward = _ward_field()
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = BuildingProject
        fields = [
            "id",
            "ward",
            "kind",
            "title",
            "site_note",
            "investment_vnd",
            "funding_note",
            "status",
            "planned_start_year",
            "planned_finish_year",
            "progress_percent",
            "min_land_area_m2",
            "milestones",
        ]


# ---- Budget ----


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "paid_on", "amount", "reference", "note"]


class AllocationSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="project.ward.code", read_only=True)
    project = serializers.PrimaryKeyRelatedField(read_only=True)
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)
    remaining = serializers.IntegerField(read_only=True)
    disbursements = DisbursementSerializer(many=True, read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "ward",
            "project",
            "source",
            "year",
            "amount",
            "disbursed_total",
            "remaining",
            "note",
            "disbursements",
        ]


class PlanLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["line", "subtotal", "total"],
        help_text="A budget line, a subtotal of the lines above, or the total.",
    )
    expected = serializers.IntegerField(
        allow_null=True, help_text="Whole VND; null where the Đề án sets no amount."
    )
    allocated = serializers.IntegerField(allow_null=True)
    difference = serializers.IntegerField(allow_null=True)
    reconciles = serializers.BooleanField()


class SourceTotalsSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    allocated = serializers.IntegerField()
    disbursed = serializers.IntegerField()


class SourceYearTotalsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.CharField(source="source__code")
    allocated = serializers.IntegerField()
    disbursed = serializers.IntegerField()


class TotalsSerializer(serializers.Serializer):
    allocated = serializers.IntegerField()
    disbursed = serializers.IntegerField()


class BudgetSummarySerializer(serializers.Serializer):
    plan = PlanLineSerializer(many=True)
    by_source = SourceTotalsSerializer(many=True)
    by_source_and_year = SourceYearTotalsSerializer(many=True)
    totals = TotalsSerializer()


# ---- Query parameters ----


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=2023, max_value=2100, help_text="Programme year (2023-2100)."
    )


class WardYearQuery(YearQuery):
    ward = serializers.SlugField(required=False, max_length=40, help_text="A ward's code.")


class MonthlyReportQuery(WardYearQuery):
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    status = serializers.ChoiceField(required=False, choices=ReportStatus.choices)


class YearlyReportQuery(WardYearQuery):
    status = serializers.ChoiceField(required=False, choices=ReportStatus.choices)


class WardQuery(serializers.Serializer):
    ward = serializers.SlugField(required=False, max_length=40, help_text="A ward's code.")


class WardListQuery(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="Only wards standing on this day (YYYY-MM-DD)."
    )
    in_programme = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Only wards in (or out of) the programme.",
    )


class CriteriaQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=2023,
        max_value=2100,
        help_text="Only the criteria of the set in force in this year.",
    )
    criteria_set = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
