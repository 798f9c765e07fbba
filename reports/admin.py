from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import BaselineTotals


@admin.register(BaselineTotals)
class BaselineTotalsAdmin(SimpleHistoryAdmin):
    list_display = [
        "ward",
        "year",
        "criminal_cases",
        "economic_environment_cases",
        "drug_cases",
        "administrative_violations",
        "source",
    ]
    list_filter = ["year", "source"]
