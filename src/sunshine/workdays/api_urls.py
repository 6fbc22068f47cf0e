from django.urls import path

from . import api

urlpatterns = [
    path("add", api.CalendarAddView.as_view(), name="calendar-add"),
    path("days/", api.CalendarDaysView.as_view(), name="calendar-days"),
    path("deadlines/", api.DeadlineBoardView.as_view(), name="calendar-deadlines"),
    path("years/<int:year>/", api.CalendarYearView.as_view(), name="calendar-year"),
]
