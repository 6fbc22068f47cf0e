"""API under ``/api/v1/patrols/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.PatrolListStart.as_view(), name="api-patrols-list"),
    path("<int:pk>/", api.PatrolDetail.as_view(), name="api-patrols-detail"),
    path("<int:pk>/points/", api.PatrolPoints.as_view(), name="api-patrols-points"),
    path("<int:pk>/end/", api.PatrolEnd.as_view(), name="api-patrols-end"),
    path("<int:pk>/findings/", api.PatrolFindings.as_view(), name="api-patrols-findings"),
    path("findings/<int:pk>/link/", api.FindingLink.as_view(), name="api-patrols-finding-link"),
    path("assignments/", api.AssignmentListCreate.as_view(), name="api-patrols-assignments"),
    path("coverage/", api.CoverageView.as_view(), name="api-patrols-coverage"),
    path("incidents/", api.IncidentListReport.as_view(), name="api-patrols-incidents"),
    path("incidents/<int:pk>/", api.IncidentDetail.as_view(), name="api-patrols-incident-detail"),
    path("incidents/<int:pk>/inform/", api.IncidentInform.as_view(), name="api-patrols-incident-inform"),
    path(
        "incidents/<int:pk>/follow-up/", api.IncidentFollowUp.as_view(), name="api-patrols-incident-follow-up"
    ),
    path("incidents/<int:pk>/close/", api.IncidentClose.as_view(), name="api-patrols-incident-close"),
]
