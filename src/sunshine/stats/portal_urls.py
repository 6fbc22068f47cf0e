"""Public pages (no login) under ``/stats/``: the published quarterly and annual figures."""

from django.urls import path

from . import views

app_name = "stats_portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("<int:pk>/", views.portal_report, name="report"),
    path("<int:pk>/export.<str:fmt>", views.portal_export, name="export"),
]
