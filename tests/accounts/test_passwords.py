"""Password policy, password change and expiry (GB/T 22239-2019 8.1.4.1 a))."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.accounts import rules
from sunshine.accounts.models import SecurityPolicy
from sunshine.accounts.services import user_set_password
from sunshine.audit.models import Event

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1#xyz", "password_too_short"),  # 7 characters
        ("abcdefgh12", "password_too_simple"),  # two classes
        ("Password1", "password_too_common"),
    ],
)
def test_each_validator_refuses(password, code):
    assert code in codes(password)


@pytest.mark.parametrize("password", ["Ab1#xyzq", "qwmzG7vb", "hjkrt1#p", "Zq8@Lm3!"])
def test_eight_characters_of_three_classes_pass(password):
    """8.1.4.1 a): exactly 8 characters and three classes is enough."""
    assert codes(password) == set()


def test_password_must_not_contain_the_username(officer):
    officer.username = "zhangwei"
    assert "password_is_username" in codes("Zhangwei#2026", officer)
    assert codes("Lixiaoming#2026", officer) == set()


def test_change_page_enforces_the_validators(client, officer):
    login(client, officer.username)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_change_page_sets_the_password_and_records_when(client, officer):
    login(client, officer.username)
    before = timezone.now()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "New#Secret88", "new_password2": "New#Secret88"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("New#Secret88")
    assert officer.password_changed_at >= before
    assert not officer.must_change_password
    assert Event.objects.filter(action="accounts.password_change", actor_id=officer.pk).exists()
    assert "New#Secret88" not in "".join(Event.objects.values_list("record", flat=True))
    assert client.get("/work/").status_code == 200  # the session survives the change


def test_new_password_must_differ_from_the_current_one(officer):
    with pytest.raises(ValidationError):
        user_set_password(actor=officer, user=officer, password=PASSWORD)


def test_must_change_password_holds_every_staff_page(client, officer):
    officer.must_change_password = True
    officer.save()
    login(client, officer.username)
    response = client.get("/work/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/")
    assert client.get("/api/v1/me/").json()["error"]["code"] == "password_change_required"
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "New#Secret88", "new_password2": "New#Secret88"},
    )
    assert client.get("/work/").status_code == 200


NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def test_rule_expiry_boundary_at_90_days():
    """8.1.4.1 a) 定期更换: a password set 90 days ago has expired; one second younger has not."""
    changed = NOW - timedelta(days=90)
    assert rules.password_expired(changed_at=changed, max_age_days=90, now=NOW)
    assert not rules.password_expired(changed_at=changed + timedelta(seconds=1), max_age_days=90, now=NOW)
    assert not rules.password_expired(changed_at=NOW - timedelta(days=3650), max_age_days=0, now=NOW)
    assert rules.password_expired(changed_at=NOW, max_age_days=0, now=NOW, must_change=True)


@pytest.mark.parametrize(
    ("age", "held"), [(timedelta(days=89, hours=23), False), (timedelta(days=90, minutes=1), True)]
)
def test_expiry_policy_of_90_days_holds_staff_pages(client, officer, age, held):
    policy = SecurityPolicy.current()
    policy.password_max_age_days = 90
    policy.save()
    officer.password_changed_at = timezone.now() - age
    officer.save()
    client.force_login(officer)
    response = client.get("/work/")
    if held:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/password/")
        assert "过期" in client.get(response["Location"]).content.decode()
    else:
        assert response.status_code == 200


def test_no_expiry_when_policy_is_zero(client, officer):
    officer.password_changed_at = timezone.now() - timedelta(days=1000)
    officer.save()
    client.force_login(officer)
    assert client.get("/work/").status_code == 200
