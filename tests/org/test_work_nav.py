"""The staff-home cards and the navigation entry."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sunshine.accounts.roles import Role, has_capability
from sunshine.org import nav, work
from sunshine.org.models import Certificate, Staff

from ..factories import TrainingRecordFactory

pytestmark = pytest.mark.django_db


def cards_for(user):
    request = RequestFactory().get("/work/")
    request.user = user
    return work.cards(request)


def test_officer_cards(make_user, django_assert_max_num_queries):
    user = make_user(Role.OFFICER)
    TrainingRecordFactory(staff=user.staff, hours=60, date=dt.date.today().replace(month=1, day=2))  # noqa: DTZ011
    with django_assert_max_num_queries(5):
        certificate, training = cards_for(user)
    assert certificate["variant"] == "success"
    assert certificate["value"] == "2029-12-31"
    assert certificate["url"] == reverse("org:staff_detail", args=[user.staff.pk])
    assert training["value"] == "60.0 / 60"
    assert training["variant"] == "success"
    assert set(training) == {"title", "value", "url", "note", "variant"}


def test_officer_without_valid_certificate(make_user):
    user = make_user(Role.OFFICER)
    Certificate.objects.filter(staff=user.staff).update(status=Certificate.Status.SUSPENDED)
    certificate, training = cards_for(user)
    assert certificate["variant"] == "danger"
    assert training["variant"] in ("warning", "danger")


def test_no_cards_for_auxiliaries_and_outsiders(make_user):
    assert cards_for(make_user(Role.AUXILIARY)) == []
    assert cards_for(make_user(Role.SOCIAL_SUPERVISOR)) == []
    assert Staff.objects.filter(kind=Staff.Kind.AUXILIARY).exists()


def test_menu_entries_resolve_and_are_known_capabilities(make_user):
    officer = make_user(Role.OFFICER)
    for _label, url_name, capability in nav.MENU["items"]:
        assert reverse(url_name).startswith("/work/org/")
        assert has_capability(officer, capability)
