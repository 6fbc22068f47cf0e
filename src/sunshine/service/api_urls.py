from django.urls import path

from . import api

urlpatterns = [
    path("requests/", api.RequestListCreate.as_view(), name="service-api-request-list"),
    path("requests/<int:pk>/", api.RequestDetail.as_view(), name="service-api-request-detail"),
    path("requests/<int:pk>/dispatch/", api.RequestDispatch.as_view(), name="service-api-dispatch"),
    path("requests/<int:pk>/refer/", api.RequestRefer.as_view(), name="service-api-refer"),
    path("requests/<int:pk>/reply/", api.RequestReply.as_view(), name="service-api-reply"),
    path("requests/<int:pk>/merge/", api.RequestMerge.as_view(), name="service-api-merge"),
]
