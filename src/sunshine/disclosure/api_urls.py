"""API under ``/api/v1/disclosure/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("decisions/", api.PublicDecisionListView.as_view(), name="disclosure-api-decisions"),
    path("decisions/<int:pk>/", api.PublicDecisionDetailView.as_view(), name="disclosure-api-decision"),
    path("publications/", api.PublicationListView.as_view(), name="disclosure-api-publications"),
    path("publications/<int:pk>/", api.PublicationDetailView.as_view(), name="disclosure-api-publication"),
    path("publications/<int:pk>/publish/", api.PublishView.as_view(), name="disclosure-api-publish"),
    path("publications/<int:pk>/hold-back/", api.HoldBackView.as_view(), name="disclosure-api-hold-back"),
    path("publications/<int:pk>/release/", api.ReleaseView.as_view(), name="disclosure-api-release"),
    path("publications/<int:pk>/withdraw/", api.WithdrawView.as_view(), name="disclosure-api-withdraw"),
]
