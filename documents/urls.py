from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("request/", views.document_request_view, name="request"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/download/", views.document_download, name="download"),
    path("<int:pk>/retry/", views.document_retry_view, name="retry"),
    path("official/", views.official_list, name="official_list"),
    path("official/new/", views.official_create_view, name="official_create"),
    path("official/<int:pk>/", views.official_detail, name="official_detail"),
    path("official/<int:pk>/edit/", views.official_edit, name="official_edit"),
    path("official/<int:pk>/refresh/", views.official_refresh_view, name="official_refresh"),
    path("official/<int:pk>/finalise/", views.official_finalise_view, name="official_finalise"),
    path("official/<int:pk>/supersede/", views.official_supersede_view, name="official_supersede"),
    path("official/<int:pk>/preview/<str:fmt>/", views.official_preview, name="official_preview"),
    path("official/<int:pk>/file/<str:fmt>/", views.official_file, name="official_file"),
]
