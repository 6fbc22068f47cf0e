"""API under ``/api/v1/oversight/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("checks/", api.CheckListView.as_view(), name="oversight-api-checks"),
    path("checks/<int:pk>/", api.CheckDetailView.as_view(), name="oversight-api-check"),
    path("findings/", api.FindingListView.as_view(), name="oversight-api-findings"),
    path("findings/<int:pk>/", api.FindingDetailView.as_view(), name="oversight-api-finding"),
    path(
        "findings/<int:pk>/respond/", api.FindingRespondView.as_view(), name="oversight-api-finding-respond"
    ),
    path("findings/<int:pk>/close/", api.FindingCloseView.as_view(), name="oversight-api-finding-close"),
    path("findings/<int:pk>/photos/", api.FindingPhotoView.as_view(), name="oversight-api-finding-photos"),
    path("investigations/", api.InvestigationListView.as_view(), name="oversight-api-investigations"),
    path(
        "investigations/<int:pk>/", api.InvestigationDetailView.as_view(), name="oversight-api-investigation"
    ),
    path(
        "investigations/<int:pk>/conclude/",
        api.InvestigationConcludeView.as_view(),
        name="oversight-api-investigation-conclude",
    ),
    path("actions/", api.ActionListView.as_view(), name="oversight-api-actions"),
    path("actions/<int:pk>/decide/", api.ActionDecideView.as_view(), name="oversight-api-action-decide"),
    path("faults/", api.FaultListView.as_view(), name="oversight-api-faults"),
    path("flags/", api.FlagListView.as_view(), name="oversight-api-flags"),
    path("exams/", api.ExamView.as_view(), name="oversight-api-exams"),
    path(
        "certificate-reviews/", api.CertificateReviewView.as_view(), name="oversight-api-certificate-reviews"
    ),
    path("records/<int:pk>/", api.RecordView.as_view(), name="oversight-api-record"),
]
