from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from config.admin import NoAddOrChangeMixin
from config.forms import BoundedModelForm
from criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionResult,
    EvidenceFile,
    ManualDecision,
    Scorecard,
    ScoringJob,
    StartingAssessment,
)
from criteria.services import criteria_set_publish


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = BoundedModelForm
    extra = 0
    fields = ["number", "area", "kind", "title_vi", "target_text", "rule_key", "thresholds"]


class ReadOnlyAdmin(NoAddOrChangeMixin, admin.ModelAdmin):
    """Rows written only by the criteria services (scoring, decisions, uploads): view here."""

    form = BoundedModelForm


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    form = BoundedModelForm
    list_display = ["name", "version", "effective_year", "is_active", "created_at"]
    readonly_fields = ["is_active", "activated_at"]
    inlines = [CriterionInline]
    actions = ["publish_next_year"]

    @admin.action(description=_("Ban hành phiên bản mới cho năm sau (sao chép tiêu chí)"))
    def publish_next_year(self, request, queryset):
        for source in queryset.order_by("effective_year"):
            latest = CriteriaSet.objects.filter(is_active=True).order_by("-effective_year").first()
            try:
                new_set = criteria_set_publish(
                    name=source.name,
                    effective_year=latest.effective_year + 1,
                    based_on=source,
                )
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                return
            self.message_user(
                request,
                _("Đã tạo %(set)s; chỉnh sửa tiêu chí trước khi đánh giá năm áp dụng.")
                % {"set": new_set},
            )


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = BoundedModelForm
    list_display = ["number", "title_vi", "area", "kind", "rule_key", "criteria_set"]
    list_filter = ["criteria_set", "area", "kind"]


@admin.register(CriterionResult)
class CriterionResultAdmin(ReadOnlyAdmin):
    list_display = ["ward", "year", "criterion", "result", "measured_text", "computed_at"]
    list_filter = ["year", "result"]


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["ward", "year", "met_count", "in_force_count", "is_model_ward", "computed_at"]
    list_filter = ["year", "is_model_ward"]


@admin.register(ManualDecision)
class ManualDecisionAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["ward", "year", "criterion", "decision", "decided_by", "decided_at"]
    list_filter = ["year", "decision"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "ward", "year", "criterion", "content_type", "size"]


@admin.register(ScoringJob)
class ScoringJobAdmin(ReadOnlyAdmin):
    list_display = ["year", "state", "requested_by", "wards_done", "wards_total", "created_at"]
    list_filter = ["state", "year"]


@admin.register(StartingAssessment)
class StartingAssessmentAdmin(SimpleHistoryAdmin):
    """The wards' starting self-assessments (Đề án 2023): administrators correct them."""

    form = BoundedModelForm
    list_display = ["ward", "year", "met", "met_max", "out_of", "source"]
    list_filter = ["year"]
