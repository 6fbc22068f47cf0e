from django.urls import path

from . import views, views_groups, views_supervision

app_name = "service"

urlpatterns = [
    path("", views.board, name="board"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/photo/", views_supervision.request_photo, name="request_photo"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("hotspots/", views.hotspot_page, name="hotspots"),
    path("hotspots/data/", views.hotspot_data, name="hotspot_data"),
    path("supervision/", views_supervision.supervision_list, name="supervision_list"),
    path("supervision/<int:pk>/", views_supervision.supervision_detail, name="supervision_detail"),
    path("supervisor/", views_supervision.supervisor_home, name="supervisor_home"),
    path("vendor-groups/", views_groups.group_list, name="vendor_groups"),
    path("vendor-groups/new/", views_groups.group_edit, name="vendor_group_create"),
    path("vendor-groups/<int:pk>/", views_groups.group_detail, name="vendor_group_detail"),
    path("vendor-groups/<int:pk>/edit/", views_groups.group_edit, name="vendor_group_edit"),
    path("misconduct/", views_supervision.misconduct_list, name="misconduct_list"),
    path("misconduct/<int:pk>/", views_supervision.misconduct_detail, name="misconduct_detail"),
    path("misconduct/<int:pk>/photo/", views_supervision.misconduct_photo, name="misconduct_photo"),
    path("supervisor/reports/<int:pk>/photo/", views_supervision.own_report_photo, name="own_report_photo"),
]
