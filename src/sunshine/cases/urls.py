from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("mine/", views.case_list_mine, name="case_list_mine"),
    path("early/", views.case_list_early, name="case_list_early"),
    path("new/", views.case_new, name="case_new"),
    path("new/summary/", views.case_new_summary, name="case_new_summary"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/actions/<slug:action>/", views.case_action, name="case_action"),
]
