from django.urls import path

from . import views

app_name = "inspections_portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("draws/<int:pk>/", views.portal_verify, name="verify"),
]
