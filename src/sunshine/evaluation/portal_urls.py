"""Public pages (no login): the party's rating page, mounted at ``/evaluate/``."""

from django.urls import path

from . import views

app_name = "evaluation_portal"

urlpatterns = [
    path("<str:token>/", views.rate, name="rate"),
]
