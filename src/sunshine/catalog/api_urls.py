from django.urls import path

from . import api

urlpatterns = [
    path("matters/", api.MatterList.as_view(), name="api-catalog-matters"),
    path("matters/<str:code>/", api.MatterDetail.as_view(), name="api-catalog-matter"),
    path("matters/<str:code>/versions/", api.MatterVersions.as_view(), name="api-catalog-matter-versions"),
    path("review-rules/", api.ReviewRuleList.as_view(), name="api-catalog-review-rules"),
    path("settings/", api.SettingsView.as_view(), name="api-catalog-settings"),
    path("check-penalty/", api.CheckPenalty.as_view(), name="api-catalog-check-penalty"),
]
