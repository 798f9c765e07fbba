"""Home page, ward pages, dashboards and the roadmap (addresses kept from before the split)."""

from django.urls import include, path

from dashboards import views

dashboard_patterns = (
    [
        path("wards/", views.ward_list, name="ward_list"),
        path("wards/<slug:code>/", views.ward_detail, name="ward_detail"),
        path("reports/dashboard/", views.province, name="province"),
        path("reports/dashboard/<slug:code>/", views.ward, name="ward"),
        path("facilities/roadmap/", views.roadmap, name="roadmap"),
        path("facilities/roadmap/<slug:code>/edit/", views.roadmap_edit, name="roadmap_edit"),
    ],
    "dashboards",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("", include(dashboard_patterns)),
]
