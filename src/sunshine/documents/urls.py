"""Staff pages under ``/work/documents/``."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("manage/", views.manage, name="manage"),
    path("cases/<int:case_pk>/issue/<str:kind>/", views.document_issue, name="issue"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    path("<int:pk>/void/", views.document_void, name="document_void"),
    path("<int:pk>/correct/", views.document_correct, name="document_correct"),
    path("<int:pk>/scan/", views.document_scan, name="document_scan"),
    path("<int:pk>/signatures/<int:sig_pk>/", views.party_signature_image, name="party_signature"),
]
