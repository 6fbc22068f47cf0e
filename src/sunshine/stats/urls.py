"""Staff pages under ``/work/stats/``."""

from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/data/", views.dashboard_data, name="dashboard_data"),
    path("reports/", views.reports, name="reports"),
    path("reports/units/submit/", views.unit_report_submit, name="unit_report_submit"),
    path("reports/units/<int:pk>/", views.unit_report, name="unit_report"),
    path("reports/units/<int:pk>/review/", views.unit_report_review, name="unit_report_review"),
    path("reports/units/<int:pk>/export.<str:fmt>", views.unit_report_export, name="unit_report_export"),
    path("reports/bureau/aggregate/", views.bureau_report_aggregate, name="bureau_report_aggregate"),
    path("reports/bureau/<int:pk>/", views.bureau_report, name="bureau_report"),
    path("reports/bureau/<int:pk>/publish/", views.bureau_report_publish, name="bureau_report_publish"),
    path("reports/bureau/<int:pk>/export.<str:fmt>", views.bureau_report_export, name="bureau_report_export"),
]
