"""API under ``/api/v1/evidence/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.ItemListView.as_view(), name="evidence-api-items"),
    path("<int:pk>/", api.ItemDetailView.as_view(), name="evidence-api-item"),
    path("<int:pk>/download/", api.ItemDownloadView.as_view(), name="evidence-api-download"),
    path("<int:pk>/supersede/", api.ItemSupersedeView.as_view(), name="evidence-api-supersede"),
    path("<int:pk>/transfer/", api.ItemTransferView.as_view(), name="evidence-api-transfer"),
    path("uploads/", api.UploadListView.as_view(), name="evidence-api-uploads"),
    path("uploads/<uuid:pk>/", api.UploadDetailView.as_view(), name="evidence-api-upload"),
    path("uploads/<uuid:pk>/finish/", api.UploadFinishView.as_view(), name="evidence-api-upload-finish"),
    path("activities/", api.ActivityListView.as_view(), name="evidence-api-activities"),
    path("activities/<int:pk>/", api.ActivityDetailView.as_view(), name="evidence-api-activity"),
    path(
        "activities/<int:pk>/complete/",
        api.ActivityCompleteView.as_view(),
        name="evidence-api-activity-complete",
    ),
]
