from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.portal_home, name="portal_home"),
    path("work/", views.work_home, name="work_home"),
]
