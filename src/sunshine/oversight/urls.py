"""Staff pages under ``/work/oversight/``."""

from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("checks/", views.check_list, name="check_list"),
    path("checks/new/", views.check_create, name="check_create"),
    path("checks/<int:pk>/", views.check_detail, name="check_detail"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("investigations/", views.investigation_list, name="investigation_list"),
    path("investigations/open/", views.investigation_open, name="investigation_open"),
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation_detail"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("faults/", views.fault_list, name="fault_list"),
    path("qualification/", views.qualification, name="qualification"),
    path("records/", views.record_index, name="record_index"),
    path("records/<int:pk>/", views.record, name="record"),
]
