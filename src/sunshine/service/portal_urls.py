"""Public portal pages of citizen service, under ``/service/`` (no login)."""

from django.urls import path

from . import views

app_name = "service_portal"

urlpatterns = [
    path("", views.portal_submit, name="submit"),
    path("track/", views.portal_track, name="track"),
    path("track/<str:tracking_no>/", views.portal_track, name="track_no"),
]
