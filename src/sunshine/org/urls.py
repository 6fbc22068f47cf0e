from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("staff/", views.staff_list, name="staff_list"),
    path("equipment/", views.equipment_list, name="equipment_list"),
    path("grids/", views.grid_list, name="grid_list"),
]
