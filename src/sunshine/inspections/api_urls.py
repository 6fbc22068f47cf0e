from django.urls import path

from . import api

urlpatterns = [
    path("matters/", api.MatterListView.as_view(), name="inspections-api-matters"),
    path("targets/", api.TargetListView.as_view(), name="inspections-api-targets"),
    path("targets/import/", api.TargetImportView.as_view(), name="inspections-api-import"),
    path("targets/<int:pk>/", api.TargetDetailView.as_view(), name="inspections-api-target"),
    path("inspectors/", api.InspectorListView.as_view(), name="inspections-api-inspectors"),
    path("inspectors/<str:staff>/", api.InspectorDetailView.as_view(), name="inspections-api-inspector"),
    path("plans/", api.PlanListView.as_view(), name="inspections-api-plans"),
    path("plans/<int:pk>/approve/", api.PlanApproveView.as_view(), name="inspections-api-plan-approve"),
    path("plans/<int:pk>/publish/", api.PlanPublishView.as_view(), name="inspections-api-plan-publish"),
    path("draws/<int:pk>/", api.PublishedDrawView.as_view(), name="inspections-api-draw"),
    path("draws/<int:pk>/public-value/", api.PublicValueView.as_view(), name="inspections-api-public-value"),
    path("tasks/", api.TaskListView.as_view(), name="inspections-api-tasks"),
    path("tasks/<int:pk>/record/", api.TaskRecordView.as_view(), name="inspections-api-task-record"),
    path("statistics/", api.StatisticsView.as_view(), name="inspections-api-statistics"),
]
