"""The fact tables equal a recount from the raw rows, after incremental runs with rows added and
changed in between; a re-run changes nothing; a rebuilt range gives the same rows."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunshine.audit.services import audit_append
from sunshine.cases.models import Case, Decision
from sunshine.service.models import Request
from sunshine.stats import aggregate
from sunshine.stats.models import DailyFact, GridDailyFact, MonthlyFact, Snapshot, UnitMonthFact

from .conftest import make_rows
from .recount import recount, stored

pytestmark = pytest.mark.django_db


def monthly_matches_daily():
    daily = defaultdict(int)
    for f in DailyFact.objects.all():
        daily[(f.day.replace(day=1), f.unit_id, f.category, f.procedure, f.channel, f.metric)] += f.value
    monthly = {
        (f.month, f.unit_id, f.category, f.procedure, f.channel, f.metric): f.value
        for f in MonthlyFact.objects.all()
    }
    assert monthly == dict(daily)
    compact = defaultdict(int)
    for (month, unit, _cat, _proc, channel, metric), value in monthly.items():
        compact[(month, unit, metric)] += value
        if metric == "requests.received":
            compact[(month, unit, f"requests.received@{channel}")] += value
    assert {(f.month, f.unit_id, f.metric): f.value for f in UnitMonthFact.objects.all()} == dict(compact)


@pytest.mark.parametrize("seed", [1, 7])
def test_facts_equal_a_recount_after_incremental_runs(city, seed):
    rng = random.Random(seed)
    # Given raw rows, when the job runs, then the facts are the recount.
    make_rows(city, rng, 25)
    first = aggregate.fill()
    assert first.days > 0
    expected = recount()
    assert expected  # the data set is not empty
    assert stored() == expected
    monthly_matches_daily()
    # When new rows arrive (some on days already counted) and others change through the services'
    # audit trail, then the next run recounts exactly those days.
    make_rows(city, rng, 10, start=dt.date(2026, 7, 10), span=30)
    leader = city["users"]["leader"]
    for req in Request.objects.filter(replied_at__isnull=True).exclude(status="merged")[:5]:
        req.status, req.replied_at, req.reply_content, req.reply_channel = (
            "replied",
            req.received_at,
            "好",
            "phone",
        )
        req.satisfaction = 5
        req.save()
        audit_append(actor=leader, action="service.reply", obj=req)
    for case in Case.objects.filter(closed_on__isnull=True)[:5]:
        case.closed_on = case.registered_on + dt.timedelta(days=9)
        case.save()
        audit_append(actor=leader, action="cases.close", obj=case)
    from sunshine.evidence.models import Activity

    activity = Activity.objects.filter(status="open").first()
    activity.status, activity.device_count = "done", 2
    activity.save()
    audit_append(actor=leader, action="evidence.activity_complete", obj=activity)
    decision = Decision.objects.filter(kind="penalty").first()
    decision.fine += 1000
    decision.save()
    audit_append(actor=leader, action="cases.correct", obj=decision.case)
    aggregate.fill()
    assert stored() == recount()
    monthly_matches_daily()


def test_a_rerun_changes_nothing(city):
    make_rows(city, random.Random(3), 15)
    aggregate.fill()
    before = stored()
    monthly_before = MonthlyFact.objects.aggregate(s=Sum("value"))["s"]
    run = aggregate.fill()
    assert run.days == 0
    assert stored() == before
    assert MonthlyFact.objects.aggregate(s=Sum("value"))["s"] == monthly_before


def test_a_change_without_an_audit_event_waits_for_a_rebuild(city):
    """Rows changed behind the services' back are not seen by the marks; the rebuild command recounts."""
    make_rows(city, random.Random(4), 10)
    aggregate.fill()
    case = Case.objects.filter(closed_on__isnull=True).first()
    case.closed_on = case.registered_on
    case.save()
    aggregate.fill()
    assert stored() != recount()
    call_command("stats_rebuild", "--start", "2026-07-01", "--end", "2026-09-30", stdout=io.StringIO())
    assert stored() == recount()
    monthly_matches_daily()


def test_grid_facts_count_contacts_and_requests_per_grid(city):
    make_rows(city, random.Random(5), 20)
    aggregate.fill()
    from sunshine.parties.models import FieldContact

    assert GridDailyFact.objects.filter(metric="contacts").aggregate(s=Sum("value"))["s"] == (
        FieldContact.objects.filter(grid__isnull=False).count()
    )
    assert GridDailyFact.objects.filter(metric="requests").aggregate(s=Sum("value"))["s"] == (
        Request.objects.filter(grid__isnull=False).exclude(status="merged").count()
    )


def test_snapshot_counts_overdue_requests_and_officers(city):
    make_rows(city, random.Random(6), 10)
    aggregate.fill()
    today = timezone.localdate()
    open_overdue = Request.objects.filter(
        status__in=["registered", "dispatched"], due_at__lt=timezone.now(), unit__isnull=False
    ).count()
    snap = Snapshot.objects.filter(day=today, metric="overdue.requests", unit__isnull=False)
    assert sum(s.value for s in snap) == open_overdue
    officers = Snapshot.objects.filter(day=today, metric="staff.officers").aggregate(s=Sum("value"))["s"]
    from sunshine.org.models import Staff

    assert officers == Staff.objects.filter(kind="officer", status="active").count()


def test_the_scheduled_task_and_the_command(city):
    from django.core.management.base import CommandError

    from sunshine.stats.tasks import fill_task

    make_rows(city, random.Random(9), 5)
    assert fill_task() > 0
    assert fill_task() == 0
    out = io.StringIO()
    call_command("stats_rebuild", stdout=out)
    assert "0 days recomputed" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("stats_rebuild", "--start", "2026-13-01", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("stats_rebuild", "--start", "2026-09-02", "--end", "2026-09-01", stdout=io.StringIO())


def test_work_cards(rf, city):
    from sunshine.stats import services
    from sunshine.stats.work import cards

    report = services.unit_report_submit(
        actor=city["users"]["squad1"], year=2026, quarter=3, today=dt.date(2026, 9, 28)
    )
    request = rf.get("/work/")
    request.user = city["users"]["legal"]
    assert [c["value"] for c in cards(request)] == [1]
    services.unit_report_review(actor=city["users"]["legal"], report=report, accept=False, comments="请核对")
    request.user = city["users"]["squad1"]
    assert any(c["value"] == 1 and c["variant"] == "danger" for c in cards(request))


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    batches=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3),
    start_offset=st.integers(min_value=0, max_value=60),
)
def test_property_any_sequence_of_batches_and_runs_equals_the_recount(city, seed, batches, start_offset):
    """Whatever rows arrive, on whatever days, between however many runs, the facts are the recount.
    (The database keeps the rows of earlier examples; the property holds for the whole of it.)"""
    rng = random.Random(seed)
    for n in batches:
        make_rows(city, rng, n, start=dt.date(2026, 6, 1) + dt.timedelta(days=start_offset), span=45)
        aggregate.fill()
        assert stored() == recount()
    monthly_matches_daily()
