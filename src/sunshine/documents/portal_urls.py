"""Public pages (no login): document verification under ``/verify/``."""

from django.urls import path

from . import views

app_name = "documents_portal"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:code>/", views.verify_detail, name="verify"),
]
