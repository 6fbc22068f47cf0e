"""Public pages (no login), mounted at ``/disclosure/``. The open data URLs are stable."""

from django.urls import path

from . import views

app_name = "disclosure_portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/", views.units, name="units"),
    path("officers/", views.officers, name="officers"),
    path("powers/", views.powers, name="powers"),
    path("powers/<str:code>/", views.power_detail, name="power_detail"),
    path("procedures/", views.procedures, name="procedures"),
    path("guides/", views.guides, name="guides"),
    path("review-catalog/", views.review_catalog, name="review_catalog"),
    path("contact/", views.contact, name="contact"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("audit/", views.audit_checkpoints, name="audit"),
    path("data/", views.data_index, name="data_index"),
    path("data/<slug:name>.<str:fmt>", views.data, name="data"),
]
