from django.urls import path

from . import api

urlpatterns = [
    path("cases/", api.CaseListCreate.as_view(), name="cases-api-list"),
    path("cases/<int:pk>/", api.CaseDetail.as_view(), name="cases-api-detail"),
    path("cases/<int:pk>/actions/<slug:action>/", api.CaseAction.as_view(), name="cases-api-action"),
]
