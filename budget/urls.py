from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("allocations/new/", views.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/amount/", views.allocation_update, name="allocation_update"),
    path("allocations/<int:pk>/disburse/", views.disbursement_create, name="disburse"),
    path("disbursements/<int:pk>/cancel/", views.disbursement_cancel, name="disbursement_cancel"),
    path("history/", views.history, name="history"),
]
