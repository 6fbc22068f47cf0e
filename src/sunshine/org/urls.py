from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.unit_list, name="index"),
    path("units/", views.unit_list, name="unit_list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/training/", views.staff_training, name="staff_training"),
    path("equipment/", views.equipment_list, name="equipment_list"),
    path("grids/", views.grid_list, name="grid_list"),
]
