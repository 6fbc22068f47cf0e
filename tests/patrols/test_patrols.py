"""Grid patrols: shifts, the track, coverage, findings (patrols/rules.py and services.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.patrols import rules, selectors, services
from sunshine.patrols.models import Finding, Patrol, TrackPoint

pytestmark = pytest.mark.django_db


def _points(*coords, start=None, step=dt.timedelta(seconds=30)):
    start = start or timezone.now() - dt.timedelta(minutes=10)
    return [
        {"at": (start + i * step).isoformat(), "lng": lng, "lat": lat} for i, (lng, lat) in enumerate(coords)
    ]


def _patrol(user, minutes_ago: int = 30) -> Patrol:
    patrol = services.patrol_start(actor=user)
    Patrol.objects.filter(pk=patrol.pk).update(started_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    patrol.refresh_from_db()
    return patrol


# --- shifts ---------------------------------------------------------------------------------------


def test_a_squad_leader_assigns_own_grids_to_own_members(team):
    a = services.assignment_create(
        actor=team.squad_leader,
        grid=team.grid_a,
        day=timezone.localdate(),
        starts_at=dt.time(8),
        ends_at=dt.time(12),
        staff=[team.officer.staff, team.auxiliary.staff],
    )
    assert set(a.staff.all()) == {team.officer.staff, team.auxiliary.staff}
    assert Event.objects.filter(action="patrols.assign").count() == 1
    assert list(selectors.my_assignments(team.officer)) == [a]


def test_another_squads_grid_or_member_is_refused(team):
    with pytest.raises(RuleViolation) as exc:
        services.assignment_create(
            actor=team.squad_leader,
            grid=team.grid_c,
            day=timezone.localdate(),
            starts_at=dt.time(8),
            ends_at=dt.time(12),
            staff=[team.officer.staff],
        )
    assert exc.value.code == "grid_not_own_squad"
    with pytest.raises(RuleViolation) as exc:
        services.assignment_create(
            actor=team.squad_leader,
            grid=team.grid_a,
            day=timezone.localdate(),
            starts_at=dt.time(8),
            ends_at=dt.time(12),
            staff=[team.other_officer.staff],
        )
    assert exc.value.code == "member_not_in_squad"


def test_a_shift_ends_after_it_starts_and_officers_cannot_assign(team):
    with pytest.raises(ValidationError):
        services.assignment_create(
            actor=team.squad_leader,
            grid=team.grid_a,
            day=timezone.localdate(),
            starts_at=dt.time(12),
            ends_at=dt.time(12),
            staff=[team.officer.staff],
        )
    with pytest.raises(PermissionDeniedError):
        services.assignment_create(
            actor=team.officer,
            grid=team.grid_a,
            day=timezone.localdate(),
            starts_at=dt.time(8),
            ends_at=dt.time(9),
            staff=[team.officer.staff],
        )


# --- the track ------------------------------------------------------------------------------------


def test_one_patrol_at_a_time(team):
    _patrol(team.officer)
    with pytest.raises(RuleViolation) as exc:
        services.patrol_start(actor=team.officer)
    assert exc.value.code == "patrol_active"


def test_points_are_located_in_their_grid_and_the_distance_is_summed(team):
    patrol = _patrol(team.officer)
    # 118.005 lies in A1, 118.015 in A2; the two points are about 920 m apart (0.01° of longitude at 34°N)
    services.patrol_add_points(
        actor=team.officer, patrol=patrol, points=_points((118.005, 34.005), (118.015, 34.005))
    )
    patrol.refresh_from_db()
    assert patrol.point_count == 2
    assert [p.grid for p in patrol.points.all()] == [team.grid_a, team.grid_b]
    assert 900 < patrol.distance_m < 940


def test_a_point_exactly_on_the_shared_edge_and_either_side(team):
    patrol = _patrol(team.officer)
    services.patrol_add_points(
        actor=team.officer,
        patrol=patrol,
        points=_points((118.0099, 34.005), (118.0101, 34.005)),
    )
    grids = [p.grid for p in patrol.points.order_by("at")]
    assert grids == [team.grid_a, team.grid_b]


@pytest.mark.parametrize(
    ("lng", "lat", "ok"),
    [
        (73.0, 39.0, True),
        (72.9, 39.0, False),
        (135.5, 48.0, True),
        (135.6, 48.0, False),
        (118.0, 54.1, False),
    ],
)
def test_points_outside_china_are_refused(team, lng, lat, ok):
    patrol = _patrol(team.officer)
    call = lambda: services.patrol_add_points(actor=team.officer, patrol=patrol, points=_points((lng, lat)))  # noqa: E731
    if ok:
        assert call() == 1
    else:
        with pytest.raises(ValidationError):
            call()
        assert TrackPoint.objects.count() == 0


def test_points_out_of_order_or_in_the_future_refuse_the_whole_batch(team):
    patrol = _patrol(team.officer)
    now = timezone.now()
    backwards = [
        {"at": (now - dt.timedelta(minutes=5)).isoformat(), "lng": 118.005, "lat": 34.005},
        {"at": (now - dt.timedelta(minutes=6)).isoformat(), "lng": 118.006, "lat": 34.005},
    ]
    with pytest.raises(ValidationError):
        services.patrol_add_points(actor=team.officer, patrol=patrol, points=backwards)
    assert TrackPoint.objects.count() == 0  # nothing half-saved
    future = [
        {"at": (now + rules.CLOCK_SKEW + dt.timedelta(minutes=1)).isoformat(), "lng": 118.0, "lat": 34.0}
    ]
    with pytest.raises(ValidationError):
        services.patrol_add_points(actor=team.officer, patrol=patrol, points=future)
    just_within = [
        {"at": (now + rules.CLOCK_SKEW - dt.timedelta(seconds=5)).isoformat(), "lng": 118.0, "lat": 34.0}
    ]
    assert services.patrol_add_points(actor=team.officer, patrol=patrol, points=just_within) == 1
    # the next batch must be later than the last point of the previous one
    with pytest.raises(ValidationError):
        services.patrol_add_points(actor=team.officer, patrol=patrol, points=_points((118.0, 34.0)))


def test_only_the_patroller_adds_points_and_not_after_the_end(team):
    patrol = _patrol(team.officer)
    with pytest.raises(RuleViolation) as exc:
        services.patrol_add_points(actor=team.officer2, patrol=patrol, points=_points((118.0, 34.0)))
    assert exc.value.code == "not_patroller"
    services.patrol_end(actor=team.officer, patrol=patrol)
    with pytest.raises(RuleViolation):
        services.patrol_add_points(actor=team.officer, patrol=patrol, points=_points((118.0, 34.0)))


# --- coverage -------------------------------------------------------------------------------------


def test_coverage_counts_patrols_with_a_point_in_each_grid_that_day(team, settings):
    patrol = _patrol(team.officer)
    services.patrol_add_points(
        actor=team.officer, patrol=patrol, points=_points((118.005, 34.005), (118.006, 34.005))
    )
    rows = {r["grid"].code: r for r in selectors.coverage(team.squad_leader, timezone.localdate())}
    assert set(rows) == {"A1", "A2"}  # the squad leader sees their own squad's grids
    assert rows["A1"]["patrols"] == 1 and rows["A1"]["covered"]
    assert rows["A2"]["patrols"] == 0 and not rows["A2"]["covered"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert not any(r["covered"] for r in selectors.coverage(team.squad_leader, yesterday))
    assert {r["grid"].code for r in selectors.coverage(team.leader, timezone.localdate())} == {
        "A1",
        "A2",
        "B1",
    }


def test_a_grid_needs_the_set_number_of_patrols(monkeypatch):
    monkeypatch.setattr(rules, "PATROLS_PER_GRID_PER_DAY", 2)
    assert not rules.grid_covered(1)
    assert rules.grid_covered(2)


# --- findings -------------------------------------------------------------------------------------


def test_a_finding_becomes_a_field_contact_through_the_ladder(team):
    from tests.factories import make_matter

    matter = make_matter()
    patrol = _patrol(team.officer)
    finding = services.finding_record(
        actor=team.officer, patrol=patrol, description="占道经营", lng=118.005, lat=34.005
    )
    finding = services.finding_to_contact(
        actor=team.officer,
        finding=finding,
        matter=matter.matter if hasattr(matter, "matter") else matter,
        step="persuade",
        outcome="complied",
        party_description="男，约四十岁，推车卖水果",
    )
    assert finding.outcome == Finding.Outcome.CONTACT
    assert finding.contact.lng == pytest.approx(118.005)
    with pytest.raises(RuleViolation):  # handled once
        services.finding_link(actor=team.officer, finding=finding, nothing_reason="已处理")


def test_a_finding_links_to_a_visible_case_or_closes_with_a_reason(team):
    from tests.factories import CaseFactory

    case = CaseFactory(unit=team.bureau["squad1"], handler=team.officer)
    hidden = CaseFactory(unit=team.bureau["squad2"])
    patrol = _patrol(team.officer)
    first = services.finding_record(actor=team.officer, patrol=patrol, description="违章搭建")
    with pytest.raises(ValidationError):
        services.finding_link(actor=team.officer, finding=first, case_number=hidden.number)
    services.finding_link(actor=team.officer, finding=first, case_number=case.number)
    first.refresh_from_db()
    assert first.outcome == Finding.Outcome.CASE and first.case == case
    second = services.finding_record(actor=team.officer, patrol=patrol, description="井盖缺失")
    with pytest.raises(ValidationError):  # exactly one of the three
        services.finding_link(actor=team.officer, finding=second)
    services.finding_link(actor=team.officer, finding=second, nothing_reason="已通知市政部门")
    second.refresh_from_db()
    assert second.outcome == Finding.Outcome.NOTHING


def test_patrols_of_another_squad_are_hidden(team):
    patrol = _patrol(team.other_officer)
    assert not selectors.patrols(team.officer).filter(pk=patrol.pk).exists()
    assert selectors.patrols(team.inspector).filter(pk=patrol.pk).exists()
