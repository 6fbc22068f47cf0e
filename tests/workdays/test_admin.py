"""The admin enters and corrects a year through the service (recomputation and audit included)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.audit.models import Event
from sunshine.workdays import calendar
from sunshine.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login, sysadmin):
    sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_staff"])
    return login(sysadmin)


def test_admin_adds_and_corrects_a_year(admin_client, sysadmin):
    response = admin_client.post(
        "/admin/workdays/calendaryear/add/",
        {
            "year": "2027",
            "status": "official",
            "note": "国务院办公厅通知",
            "holidays": "2027-10-01..2027-10-07 国庆节",
            "makeup_workdays": "2027-10-09 国庆节",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarYear.objects.get(year=2027)
    assert (row.status, row.source, row.entered_by) == ("official", "administrator", sysadmin)
    assert not calendar.is_workday(dt.date(2027, 10, 7))
    assert Event.objects.filter(action="workdays.calendar_year_set").count() == 1

    change = f"/admin/workdays/calendaryear/{row.pk}/change/"
    page = admin_client.get(change)
    assert page.status_code == 200
    assert "2027-10-01..2027-10-07 国庆节" in page.content.decode()
    response = admin_client.post(
        change,
        {
            "status": "official",
            "note": "",
            "holidays": "2027-10-01..2027-10-05 国庆节",
            "makeup_workdays": "",
        },
    )
    assert response.status_code == 302
    assert calendar.is_workday(dt.date(2027, 10, 7))
    assert calendar.is_workday(dt.date(2027, 10, 8))
    assert Event.objects.filter(action="workdays.calendar_year_set").count() == 2


def test_admin_refuses_a_weekday_makeup_day(admin_client):
    response = admin_client.post(
        "/admin/workdays/calendaryear/add/",
        {"year": "2027", "status": "official", "holidays": "", "makeup_workdays": "2027-10-08 国庆节"},
    )
    assert response.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_days_and_deadlines_are_read_only_in_the_admin(admin_client):
    assert admin_client.get("/admin/workdays/calendarday/").status_code == 200
    assert admin_client.get("/admin/workdays/deadline/").status_code == 200
    assert admin_client.get("/admin/workdays/calendarday/add/").status_code == 403
