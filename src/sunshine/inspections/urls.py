from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("directory/", views.directory, name="directory"),
    path("directory/import/", views.directory_import, name="directory_import"),
    path("directory/new/", views.target_edit, name="target_create"),
    path("directory/<int:pk>/", views.target_edit, name="target_edit"),
    path("directory/<int:pk>/active/", views.target_active, name="target_active"),
    path("inspectors/", views.inspector_pool, name="inspector_pool"),
    path("inspectors/<int:pk>/remove/", views.inspector_remove, name="inspector_remove"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/publish/", views.task_publish, name="task_publish"),
]
