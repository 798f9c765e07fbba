from django.urls import path

from facilities import views

app_name = "facilities"

urlpatterns = [
    path("staffing/", views.staffing_overview, name="staffing"),
    path("roster/", views.roster_list, name="roster"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
    path("roster/new/", views.officer_create, name="officer_create"),
    path("roster/<int:pk>/", views.officer_edit, name="officer_edit"),
    path("roster/<int:pk>/rating/", views.officer_rating, name="officer_rating"),
    path("equipment/", views.equipment_overview, name="equipment"),
    path("equipment/new/", views.equipment_count_create, name="equipment_create"),
    path("headquarters/", views.headquarters_overview, name="headquarters"),
    path("headquarters/<slug:code>/edit/", views.headquarters_edit, name="headquarters_edit"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
]
