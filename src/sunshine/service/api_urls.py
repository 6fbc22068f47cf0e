from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.RequestListCreate.as_view(), name="service-api-request-list"),
    path("requests/<int:pk>/", api.RequestDetail.as_view(), name="service-api-request-detail"),
    path("requests/<int:pk>/dispatch/", api.RequestDispatch.as_view(), name="service-api-dispatch"),
    path("requests/<int:pk>/refer/", api.RequestRefer.as_view(), name="service-api-refer"),
    path("requests/<int:pk>/reply/", api.RequestReply.as_view(), name="service-api-reply"),
    path("requests/<int:pk>/merge/", api.RequestMerge.as_view(), name="service-api-merge"),
    path("requests/<int:pk>/extend/", api.RequestExtend.as_view(), name="service-api-extend"),
    path("supervision/", api.SupervisionListCreate.as_view(), name="service-api-supervision-list"),
    path("supervision/<int:pk>/", api.SupervisionDetail.as_view(), name="service-api-supervision-detail"),
    path(
        "supervision/<int:pk>/progress/",
        api.SupervisionProgressCreate.as_view(),
        name="service-api-supervision-progress",
    ),
    path(
        "supervision/<int:pk>/finish/", api.SupervisionFinish.as_view(), name="service-api-supervision-finish"
    ),
    path("reports/", api.SupervisorReportListCreate.as_view(), name="service-api-reports"),
    path("reports/<int:pk>/photo/", api.ReportPhoto.as_view(), name="service-api-report-photo"),
    path("vendor-groups/", api.VendorGroupListCreate.as_view(), name="service-api-vendor-groups"),
    path("vendor-groups/<int:pk>/", api.VendorGroupDetail.as_view(), name="service-api-vendor-group"),
    path("misconduct/", api.MisconductList.as_view(), name="service-api-misconduct-list"),
    path("misconduct/<int:pk>/", api.MisconductDetail.as_view(), name="service-api-misconduct-detail"),
    path("misconduct/<int:pk>/photo/", api.MisconductPhoto.as_view(), name="service-api-misconduct-photo"),
    path("requests/<int:pk>/photo/", api.RequestPhoto.as_view(), name="service-api-request-photo"),
    path("misconduct/<int:pk>/result/", api.MisconductResult.as_view(), name="service-api-misconduct-result"),
]
