"""Staff pages under ``/work/patrols/``."""

from django.urls import path

from . import views

app_name = "patrols"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.patrol_start, name="patrol_start"),
    path("<int:pk>/", views.patrol_detail, name="patrol_detail"),
    path("<int:pk>/end/", views.patrol_end, name="patrol_end"),
    path("findings/<int:pk>/", views.finding_handle, name="finding_handle"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("coverage/", views.coverage, name="coverage"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_report, name="incident_report"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
]
