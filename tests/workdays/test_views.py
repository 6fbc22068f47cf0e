"""Staff pages: the calendar and calculator, the boards, entering a year."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.workdays import calendar
from sunshine.workdays.models import CalendarYear
from sunshine.workdays.services import deadline_set

pytestmark = pytest.mark.django_db


def test_calendar_page_2026(login, make_user):
    client = login(make_user("officer"))
    response = client.get("/work/calendar/", {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="provisional-banner"' not in html
    assert "国庆节" in html
    assert 'class="day-makeup' in html
    assert "<script>" not in html and 'style="' not in html  # CSP: no inline script or style


def test_calendar_page_2027_is_bannered(login, make_user):
    client = login(make_user("auxiliary"))
    response = client.get("/work/calendar/", {"year": 2027})
    assert response.status_code == 200
    assert 'data-testid="provisional-banner"' in response.content.decode()


def test_calendar_page_ignores_a_bad_year(login, make_user):
    client = login(make_user("officer"))
    assert client.get("/work/calendar/", {"year": "abc"}).status_code == 200
    assert client.get("/work/calendar/", {"year": "999999"}).status_code == 200


def test_calculator(login, make_user):
    client = login(make_user("officer"))
    response = client.get("/work/calendar/", {"start": "2026-09-29", "days": "5", "kind": "penalty"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.due == dt.date(2026, 10, 12)
    assert 'data-testid="calc-result"' in response.content.decode()
    bad = client.get("/work/calendar/", {"start": "2026-02-30", "days": "-3", "kind": "working"})
    assert bad.status_code == 200
    assert bad.context["result"] is None
    assert set(bad.context["form"].errors) == {"start", "days"}


def test_calendar_needs_capability(login, make_user):
    client = login(make_user("audit_admin"))
    assert client.get("/work/calendar/").status_code == 403


def test_boards(login, make_user, bureau):
    officer = make_user("officer")
    deadline_set(
        owner=bureau["squad1"],
        key="hearing_request",
        label="听证申请期限",
        start=dt.date(2026, 9, 29),
        length=5,
        kind="working",
        responsible=officer,
        actor=officer,
    )
    client = login(officer)
    mine = client.get("/work/calendar/deadlines/")
    assert mine.status_code == 200
    assert "听证申请期限" in mine.content.decode()
    squad = client.get("/work/calendar/deadlines/unit/")
    assert squad.status_code == 200
    assert "听证申请期限" in squad.content.decode()
    assert client.get("/work/calendar/deadlines/unit/", {"unit": bureau["squad2"].pk}).status_code == 404
    assert client.get("/work/calendar/deadlines/unit/", {"unit": "x"}).status_code == 404
    leader = make_user("leader")
    client = login(leader)
    assert client.get("/work/calendar/deadlines/unit/", {"unit": bureau["squad1"].pk}).status_code == 200
    client = login(make_user("auxiliary"))
    assert client.get("/work/calendar/deadlines/").status_code == 403


def test_system_admin_enters_2027(login, make_user):
    admin = make_user("system_admin")
    client = login(admin)
    assert client.get("/work/calendar/years/").status_code == 200
    assert client.get("/work/calendar/years/2027/").status_code == 200
    response = client.post(
        "/work/calendar/years/2027/",
        {
            "status": "official",
            "holidays": "2027-01-01 元旦\n2027-10-01..2027-10-07 国庆节",
            "makeup_workdays": "2027-10-09 国庆节",
            "note": "test",
        },
    )
    assert response.status_code == 302
    assert not calendar.is_provisional_year(2027)
    assert not calendar.is_workday(dt.date(2027, 10, 4))
    assert calendar.is_workday(dt.date(2027, 10, 9))
    # the form shows what was entered, grouped
    form = client.get("/work/calendar/years/2027/").context["form"]
    assert form.initial["holidays"] == "2027-01-01 元旦\n2027-10-01..2027-10-07 国庆节"


def test_year_form_errors_are_shown_not_saved(login, make_user):
    client = login(make_user("system_admin"))
    response = client.post(
        "/work/calendar/years/2027/",
        {"status": "official", "holidays": "2027-13-01 bad", "makeup_workdays": ""},
    )
    assert response.status_code == 200
    assert "holidays" in response.context["form"].errors
    response = client.post(
        "/work/calendar/years/2027/",
        {"status": "official", "holidays": "", "makeup_workdays": "2027-10-08 国庆节"},
    )
    assert response.status_code == 200
    assert "makeup_workdays" in response.context["form"].errors
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_policy_form(login, make_user):
    client = login(make_user("system_admin"))
    response = client.post("/work/calendar/years/", {"due_soon_working_days": "3"})
    assert response.status_code == 302
    assert calendar.policy().roll_forward_calendar_periods is False
    assert calendar.policy().due_soon_working_days == 3


def test_year_pages_only_for_system_admin(login, make_user):
    client = login(make_user("officer"))
    assert client.get("/work/calendar/years/").status_code == 403
    assert client.post("/work/calendar/years/2027/", {"status": "official"}).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()
