from django.urls import path

from reports import baseline_views, views

app_name = "reports"

urlpatterns = [
    path("", views.monthly_list, name="list"),
    path("baselines/", baseline_views.baseline_list, name="baselines"),
    path("baselines/open/", baseline_views.baseline_open, name="baseline_open"),
    path("baselines/<slug:code>/<int:year>/", baseline_views.baseline_edit, name="baseline_edit"),
    path("board/", views.board, name="board"),
    path("review/", views.review_queue, name="review"),
    path("notifications/", views.notifications, name="notifications"),
    path("export/<int:year>/", views.export, name="export"),
    path("export/<int:year>.csv", views.export_csv, name="export_csv"),
    path("<slug:code>/<int:year>/<int:month>/", views.monthly_report, name="monthly"),
    path("<slug:code>/<int:year>/<int:month>/excel/", views.excel_template, name="excel_template"),
    path("<slug:code>/<int:year>/<int:month>/upload/", views.excel_upload, name="excel_upload"),
    path("<slug:code>/<int:year>/", views.yearly_report, name="yearly"),
    path("report/<str:kind>/<int:pk>/history/", views.report_history, name="history"),
    path("report/<str:kind>/<int:pk>/<str:action>/", views.report_action, name="action"),
]
