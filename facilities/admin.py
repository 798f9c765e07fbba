from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.forms import BoundedModelForm
from facilities.models import (
    BuildingProject,
    EquipmentCount,
    Headquarters,
    Officer,
    OfficerRating,
    ProjectMilestone,
)


class OfficerRatingInline(admin.TabularInline):
    model = OfficerRating
    form = BoundedModelForm
    extra = 0


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["full_name", "ward", "team", "education", "active_from", "active_to"]
    list_filter = ["ward", "team", "education", "is_placeholder"]
    search_fields = ["full_name"]
    inlines = [OfficerRatingInline]


@admin.register(EquipmentCount)
class EquipmentCountAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["ward", "kind", "counted_on", "quantity"]
    list_filter = ["ward", "kind"]
    date_hierarchy = "counted_on"


@admin.register(Headquarters)
class HeadquartersAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["ward", "land_area_m2", "floor_area_m2", "floors", "year_built"]


class MilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    form = BoundedModelForm
    extra = 0


@admin.register(BuildingProject)
class BuildingProjectAdmin(SimpleHistoryAdmin):
    form = BoundedModelForm
    list_display = ["title", "ward", "kind", "status", "progress_percent", "planned_finish_year"]
    list_filter = ["kind", "status"]
    inlines = [MilestoneInline]
