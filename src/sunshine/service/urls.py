from django.urls import path

from . import views

app_name = "service"

urlpatterns = [
    path("", views.board, name="board"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
