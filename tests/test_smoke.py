import pytest

from sunshine.audit.models import Event
from sunshine.audit.services import audit_append

pytestmark = pytest.mark.django_db


def test_portal_home_is_public(client):
    response = client.get("/")
    assert response.status_code == 200


def test_staff_home_needs_login(client):
    response = client.get("/work/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_officer_sees_work_home(client, make_user):
    user = make_user("officer")
    client.force_login(user)
    response = client.get("/work/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")


def test_audit_append_chains(make_user):
    user = make_user("officer")
    first = audit_append(actor=user, action="test.one", payload={"a": 1})
    second = audit_append(actor=None, action="test.two")
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert Event.objects.count() >= 2
