from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.matter_list, name="matter_list"),
    path("matters/<str:code>/", views.matter_detail, name="matter_detail"),
    path("review/", views.review_catalog, name="review_catalog"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/edit/", views.settings_edit, name="settings_edit"),
]
