from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("deadlines/", views.board_mine, name="board_mine"),
    path("deadlines/unit/", views.board_unit, name="board_unit"),
    path("years/", views.year_list, name="year_list"),
    path("years/<int:year>/", views.year_edit, name="year_edit"),
]
