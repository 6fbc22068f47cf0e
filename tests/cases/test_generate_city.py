"""``manage.py generate_city`` at a tiny size: consistent data on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from rest_framework.test import APIClient

from sunshine.cases.models import Case, CaseEvent, Decision
from sunshine.cases.workflow import State
from sunshine.core.identity import is_credit_code, is_resident_id
from sunshine.core.management.commands.generate_city import (
    DECIDED_STATES,
    credit_code,
    generated_count,
    resident_id,
)
from sunshine.org.models import Staff
from sunshine.parties.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db(transaction=False)
N = 300


@pytest.fixture
def city(db):
    out = io.StringIO()
    call_command("generate_city", cases=N, seed=7, stdout=out)
    return out.getvalue()


def test_identifiers_pass_their_checks():
    numbers = [resident_id(i)[0] for i in range(0, 5_000_000, 49_999)]
    assert all(is_resident_id(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert all(is_credit_code(credit_code(i)) for i in range(0, 1_000_000, 9_999))


def test_generates_consistent_cases(city):
    assert Case.objects.count() == N
    assert generated_count() == N
    parties = Party.objects.all()
    assert parties.count() >= 10
    assert all(is_resident_id(p.id_number) for p in parties.exclude(id_number=""))
    assert all(is_credit_code(p.credit_code) for p in parties.exclude(credit_code=""))
    # Every case keeps the matter version in force on the day of its act.
    act_days = Case.objects.select_related("matter_version")
    for case in act_days:
        day = case.act_at.date()
        version = case.matter_version
        assert version.effective_from <= day
        assert version.effective_to is None or day < version.effective_to
    # Its state is the target of its last event, and its events chain from one state to the next.
    events = {}
    for event in CaseEvent.objects.order_by("case_id", "at", "id"):
        events.setdefault(event.case_id, []).append(event)
    for case in Case.objects.all():
        chain = events[case.pk]
        assert chain[0].from_state == ""
        assert chain[-1].to_state == case.state
        assert all(a.to_state == b.from_state for a, b in itertools.pairwise(chain))
    # A decision exactly for the decided cases; two handlers and one party each.
    decided = Case.objects.filter(state__in=DECIDED_STATES)
    assert Decision.objects.count() == decided.count()
    assert not decided.filter(decision__isnull=True).exists()
    assert not Case.objects.annotate(h=Count("case_handlers")).exclude(h=2).exists()
    assert not Case.objects.annotate(p=Count("case_parties")).exclude(p=1).exists()
    # Handlers belong to the handling squad; both procedures and several states are present.
    assert not Case.objects.filter(~Q(case_handlers__staff__unit=F("unit"))).exists()
    assert set(Case.objects.values_list("procedure", flat=True)) == {"general", "summary"}
    assert Case.objects.values("state").distinct().count() >= 5
    assert Case.objects.filter(state=State.REGISTERED, decided_on__isnull=False).count() == 0


def test_scoped_list_works(city):
    staff = (
        Staff.objects.filter(
            user__isnull=False, kind="officer", unit__kind="squad", unit__cases__isnull=False
        )
        .distinct()
        .first()
    )
    user = staff.user
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    body = response.json()
    own = set(Case.objects.filter(unit__path__startswith=staff.unit.path).values_list("pk", flat=True))
    assert 0 < len(own) < N
    assert body["count"] == len(own)
    assert body["results"]
    assert {row["id"] for row in body["results"]} <= own


def test_refuses_a_database_with_other_data(db):
    PartyFactory(name="李四")
    with pytest.raises(CommandError):
        call_command("generate_city", cases=5, stdout=io.StringIO())
    assert not Case.objects.exists()


def test_refuses_a_second_run_without_force_and_adds_with_it(city):
    with pytest.raises(CommandError):
        call_command("generate_city", cases=5, stdout=io.StringIO())
    call_command("generate_city", cases=5, force=True, stdout=io.StringIO())
    assert Case.objects.count() == N + 5
    assert generated_count() == N + 5


@pytest.mark.parametrize(("cap", "count", "capped"), [(N, N, False), (N - 1, N - 1, True), (50, 50, True)])
def test_list_count_is_capped_not_counted(city, monkeypatch, cap, count, capped):
    from sunshine.accounts.models import User
    from sunshine.cases.api import CasePagination

    monkeypatch.setattr(CasePagination, "count_cap", cap)
    client = APIClient()
    client.force_authenticate(User.objects.filter(groups__name="leader").first())
    body = client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_capped"]) == (count, capped)
    assert len(body["results"]) == 50
    assert body["next"] is not None
    last = client.get(f"/api/v1/cases/?page={N // 50}").json()
    assert last["next"] is None
    assert len(last["results"]) == 50
    assert client.get(f"/api/v1/cases/?page={N // 50 + 1}").status_code == 404
    ids = [
        r["id"]
        for p in range(1, N // 50 + 1)
        for r in client.get(f"/api/v1/cases/?page={p}").json()["results"]
    ]
    assert len(set(ids)) == N
