"""The API's addresses under /api/ (JSON), its schema and docs, and the token page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import pages, views, writes

app_name = "api"

WARD_MONTH = "wards/<slug:code>/monthly-reports/<int:year>/<int:month>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", pages.DocsView.as_view(), name="docs"),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke_view, name="token_revoke"),
    path("wards/", views.WardList.as_view(), name="ward-list"),
    path("wards/<slug:code>/", views.WardDetail.as_view(), name="ward-detail"),
    path(WARD_MONTH, writes.WardMonthlyReport.as_view(), name="ward-monthly-report"),
    path(
        WARD_MONTH + "submit/",
        writes.WardMonthlyReportSubmit.as_view(),
        name="ward-monthly-report-submit",
    ),
    path("criteria-sets/", views.CriteriaSetList.as_view(), name="criteria-set-list"),
    path("criteria-sets/<int:pk>/", views.CriteriaSetDetail.as_view(), name="criteria-set-detail"),
    path("criteria/", views.CriterionList.as_view(), name="criterion-list"),
    path("criteria/<int:pk>/", views.CriterionDetail.as_view(), name="criterion-detail"),
    path("scorecards/", views.ScorecardList.as_view(), name="scorecard-list"),
    path("scorecards/<int:pk>/", views.ScorecardDetail.as_view(), name="scorecard-detail"),
    path("monthly-reports/", views.MonthlyReportList.as_view(), name="monthly-report-list"),
    path(
        "monthly-reports/<int:pk>/",
        views.MonthlyReportDetail.as_view(),
        name="monthly-report-detail",
    ),
    path("yearly-reports/", views.YearlyReportList.as_view(), name="yearly-report-list"),
    path(
        "yearly-reports/<int:pk>/", views.YearlyReportDetail.as_view(), name="yearly-report-detail"
    ),
    path("staffing/", views.Staffing.as_view(), name="staffing"),
    path("equipment/", views.Equipment.as_view(), name="equipment"),
    path("officers/", views.OfficerList.as_view(), name="officer-list"),
    path("headquarters/", views.HeadquartersList.as_view(), name="headquarters-list"),
    path(
        "headquarters/<slug:code>/",
        views.HeadquartersDetail.as_view(),
        name="headquarters-detail",
    ),
    path("projects/", views.ProjectList.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("budget/", views.BudgetSummary.as_view(), name="budget"),
    path("budget/allocations/", views.AllocationList.as_view(), name="allocation-list"),
    path(
        "budget/allocations/<int:pk>/", views.AllocationDetail.as_view(), name="allocation-detail"
    ),
]
