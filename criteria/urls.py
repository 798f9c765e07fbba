from django.urls import path

from criteria import set_views, views

app_name = "criteria"

urlpatterns = [
    path("", views.index, name="index"),
    path("score/", views.score_now, name="score_now"),
    path("versions/", set_views.set_list, name="sets"),
    path("versions/import/", set_views.set_import, name="set_import"),
    path("versions/compare/", set_views.set_compare, name="set_compare"),
    path("versions/<int:version>/excel/", set_views.set_excel, name="set_excel"),
    path("versions/<int:version>/activate/", set_views.set_activate, name="set_activate"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<int:year>/", views.matrix, name="matrix"),
    path("<int:year>/<slug:code>/", views.scorecard, name="scorecard"),
    path("<int:year>/<slug:code>/<int:number>/", views.criterion_detail, name="criterion"),
    path("<int:year>/<slug:code>/<int:number>/decision/", views.decide, name="decide"),
    path("<int:year>/<slug:code>/<int:number>/evidence/", views.evidence_upload, name="upload"),
]
