from django.urls import path

from criteria import views

app_name = "criteria"

urlpatterns = [
    path("", views.index, name="index"),
    path("score/", views.score_now, name="score_now"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<int:year>/", views.matrix, name="matrix"),
    path("<int:year>/<slug:code>/", views.scorecard, name="scorecard"),
    path("<int:year>/<slug:code>/<int:number>/", views.criterion_detail, name="criterion"),
    path("<int:year>/<slug:code>/<int:number>/decision/", views.decide, name="decide"),
    path("<int:year>/<slug:code>/<int:number>/evidence/", views.evidence_upload, name="upload"),
]
