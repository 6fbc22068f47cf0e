"""API under ``/api/v1/documents/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.DocumentListView.as_view(), name="documents-api-list"),
    path("<int:pk>/", api.DocumentDetailView.as_view(), name="documents-api-detail"),
    path("<int:pk>/download/", api.DocumentDownloadView.as_view(), name="documents-api-download"),
    path("<int:pk>/void/", api.DocumentVoidView.as_view(), name="documents-api-void"),
    path("<int:pk>/correct/", api.DocumentCorrectView.as_view(), name="documents-api-correct"),
    path("<int:pk>/scan/", api.DocumentScanView.as_view(), name="documents-api-scan"),
    path("cases/<int:case_pk>/available/", api.CaseAvailableView.as_view(), name="documents-api-available"),
    path("verify/<str:code>/", api.VerifyView.as_view(), name="documents-api-verify"),
]
