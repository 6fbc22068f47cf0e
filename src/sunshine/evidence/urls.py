"""Staff pages under ``/work/evidence/``."""

from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/download/", views.item_download, name="item_download"),
    path("<int:pk>/supersede/", views.item_supersede, name="item_supersede"),
    path("<int:pk>/transfer/", views.item_transfer, name="item_transfer"),
    path("case/<int:case_pk>/upload/", views.upload, name="upload"),
    path("case/<int:case_pk>/manifest/", views.case_manifest, name="case_manifest"),
    path("case/<int:case_pk>/activity/", views.activity_new, name="activity_new"),
    path("activity/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activity/<int:pk>/complete/", views.activity_complete, name="activity_complete"),
]
