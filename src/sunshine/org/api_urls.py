from django.urls import path

from . import api

urlpatterns = [
    path("units/", api.UnitListView.as_view(), name="api-org-units"),
    path("staff/", api.StaffListView.as_view(), name="api-org-staff"),
    path("staff/<int:pk>/", api.StaffDetailView.as_view(), name="api-org-staff-detail"),
    path("grids/", api.GridListView.as_view(), name="api-org-grids"),
    path("grids/locate/", api.GridLocateView.as_view(), name="api-org-grid-locate"),
    path("body-cameras/", api.BodyCameraListView.as_view(), name="api-org-body-cameras"),
    path("vehicles/", api.VehicleListView.as_view(), name="api-org-vehicles"),
]
