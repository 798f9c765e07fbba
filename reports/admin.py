from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin import ReadOnlyMixin
from config.forms import BoundedModelForm
from reports.models import (
    BaselineTotals,
    MonthlyReport,
    Notification,
    ReportTransition,
    YearlyReport,
)


@admin.register(BaselineTotals)
class BaselineTotalsAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = [
        "ward",
        "year",
        "criminal_cases",
        "economic_environment_cases",
        "drug_cases",
        "administrative_violations",
        "source",
        "prorate_by_month",
    ]
    list_filter = ["year", "source", "prorate_by_month"]


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Reports change only through the workflow services (locking, audit, notifications)."""

    form = BoundedModelForm


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["ward", "year", "month", "status", "version", "is_demo", "submitted_at"]
    list_filter = ["status", "year", "is_demo"]
    list_select_related = ["ward"]


@admin.register(YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    list_display = ["ward", "year", "status", "version", "is_demo", "submitted_at"]
    list_filter = ["status", "year", "is_demo"]
    list_select_related = ["ward"]


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    form = BoundedModelForm
    list_display = ["created_at", "action", "from_status", "to_status", "actor", "reason"]
    list_filter = ["action"]
    list_select_related = ["actor"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    form = BoundedModelForm
    list_display = ["created_at", "recipient", "kind", "text", "is_read"]
    list_filter = ["kind", "is_read"]
    list_select_related = ["recipient"]
