"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import healthz

admin.site.site_header = _("Quản trị — Công an phường kiểu mẫu Lạng Sơn")
admin.site.site_title = _("Quản trị")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("dashboards.urls")),
    path("reports/documents/", include("documents.urls")),
    path("reports/", include("reports.urls")),
    path("criteria/", include("criteria.urls")),
    path("facilities/", include("facilities.urls")),
    path("budget/", include("budget.urls")),
    path("api/", include("api.urls")),
]
