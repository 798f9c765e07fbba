from django.urls import include, path

from wards import views

ward_patterns = (
    [
        path("", views.ward_list, name="list"),
        path("<slug:code>/", views.ward_detail, name="detail"),
    ],
    "wards",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("wards/", include(ward_patterns)),
]
