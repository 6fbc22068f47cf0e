"""API under ``/api/v1/stats/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("figures/", api.FiguresView.as_view(), name="stats-api-figures"),
    path("dashboard/", api.DashboardView.as_view(), name="stats-api-dashboard"),
    path("reports/units/", api.UnitReportListView.as_view(), name="stats-api-unit-reports"),
    path("reports/units/<int:pk>/", api.UnitReportDetailView.as_view(), name="stats-api-unit-report"),
    path(
        "reports/units/<int:pk>/review/",
        api.UnitReportReviewView.as_view(),
        name="stats-api-unit-report-review",
    ),
    path(
        "reports/units/<int:pk>/export/<str:fmt>/",
        api.UnitReportExportView.as_view(),
        name="stats-api-unit-report-export",
    ),
    path("reports/bureau/", api.BureauReportListView.as_view(), name="stats-api-bureau-reports"),
    path("reports/bureau/<int:pk>/", api.BureauReportDetailView.as_view(), name="stats-api-bureau-report"),
    path(
        "reports/bureau/<int:pk>/publish/",
        api.BureauReportPublishView.as_view(),
        name="stats-api-bureau-report-publish",
    ),
    path(
        "reports/bureau/<int:pk>/export/<str:fmt>/",
        api.BureauReportExportView.as_view(),
        name="stats-api-bureau-report-export",
    ),
    path("published/", api.PublishedReportListView.as_view(), name="stats-api-published"),
]
