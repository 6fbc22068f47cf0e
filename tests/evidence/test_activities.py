"""The audio-visual recording rules (seed 001 item 4, seed 004) and their enforcement on case actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sunshine.core.errors import RuleViolation
from sunshine.evidence import rules, selectors, services
from sunshine.evidence.models import Activity
from sunshine.org.models import BodyCamera
from tests.factories import record_av_activity

from .conftest import pdf, video

pytestmark = pytest.mark.django_db


def activity(team, kind="questioning", officers=None):
    return services.activity_record(
        actor=team.officer1,
        case=team.case,
        kind=kind,
        started_at=timezone.now() - dt.timedelta(minutes=20),
        place="询问室",
        officers=officers or [team.officer1.staff, team.officer2.staff],
    )


def film(team, act, serial, seed):
    return services.evidence_add(
        actor=team.officer1,
        case=team.case,
        kind="audio_visual",
        upload=video(seed=seed),
        description="执法记录仪视频",
        activity=act,
        device_serial=serial,
    )


def test_activity_needs_two_officers(team):
    """《行政处罚法》第四十二条."""
    with pytest.raises(RuleViolation) as exc:
        activity(team, officers=[team.officer1.staff])
    assert exc.value.code == "activity_officers"
    assert activity(team).officers.count() == 2


def test_activity_is_not_done_without_an_audio_visual_item(team):
    """Seed 001 item 4: zero A/V items → refused; a documentary item does not count; one → done."""
    act = activity(team)
    with pytest.raises(RuleViolation) as exc:
        services.activity_complete(actor=team.officer1, activity=act, fewer_devices_reason="只有一台")
    assert exc.value.code == "av_record_missing"
    assert "118" in str(exc.value.citation)
    services.evidence_add(
        actor=team.officer1,
        case=team.case,
        kind="documentary",
        upload=pdf(),
        description="笔录",
        activity=act,
    )
    with pytest.raises(RuleViolation):
        services.activity_complete(actor=team.officer1, activity=act, fewer_devices_reason="只有一台")
    film(team, act, "DSJ-0001", "one")
    done = services.activity_complete(actor=team.officer1, activity=act, fewer_devices_reason="另一台故障")
    assert done.status == "done" and done.device_count == 1 and done.fewer_devices


def test_two_devices_or_a_reason(team):
    """Seed 004: one device without a reason → refused; with a reason → done and counted; two → done."""
    act = activity(team)
    film(team, act, "DSJ-0001", "a")
    film(team, act, "DSJ-0001", "b")  # same device twice is still one device
    with pytest.raises(RuleViolation) as exc:
        services.activity_complete(actor=team.officer1, activity=act)
    assert exc.value.code == "fewer_than_two_devices"
    assert exc.value.field == "fewer_devices_reason"
    assert Activity.objects.get(pk=act.pk).status == "open"
    film(team, act, "DSJ-0002", "c")
    done = services.activity_complete(actor=team.officer1, activity=act)
    assert done.device_count == 2 and not done.fewer_devices and done.fewer_devices_reason == ""


def test_fewer_devices_are_counted_for_statistics(team):
    record_av_activity(team.case, "inspection", team.officer1, devices=1, reason="另一台没电")
    record_av_activity(team.case, "sampling", team.officer1, devices=2)
    stats = selectors.av_statistics()
    assert stats["activities_done"] == 2
    assert stats["activities_fewer_devices"] == 1
    assert selectors.fewer_devices_count(unit_ids=[team.bureau["squad1"].pk]) == 1
    assert selectors.fewer_devices_count(unit_ids=[team.bureau["squad2"].pk]) == 0


def test_flagged_devices_are_counted(team):
    act = activity(team)
    film(team, act, "UNKNOWN-1", "u")
    film(team, act, "DSJ-0003", "f")
    stats = selectors.av_statistics()
    assert stats["av_items_unknown_device"] == 1
    assert stats["av_items_unassigned_device"] == 1
    assert stats["av_items_flagged"] == 2
    cam = BodyCamera.objects.get(serial="DSJ-0003")
    assert cam.assigned_to is None


def test_done_activity_cannot_be_done_again(team):
    done = record_av_activity(team.case, "questioning", team.officer1)
    with pytest.raises(RuleViolation):
        services.activity_complete(actor=team.officer1, activity=done)


def test_item_cannot_record_an_activity_of_another_case(team):
    from tests.factories import CaseFactory

    other = CaseFactory(unit=team.bureau["squad1"], handler=team.officer1)
    act = activity(team)
    with pytest.raises(RuleViolation) as exc:
        services.evidence_add(
            actor=team.officer1,
            case=other,
            kind="audio_visual",
            upload=video(),
            description="x",
            activity=act,
            device_serial="DSJ-0001",
        )
    assert exc.value.code == "activity_other_case"


@pytest.mark.parametrize(
    "action,data,kind",
    [
        ("record_statement", {}, "questioning"),
        ("preserve_evidence", {}, "preservation"),
        ("impose_measure", {"kind": "sealing"}, "sealing"),
        ("impose_measure", {"kind": "seizure"}, "seizure"),
        ("serve_decision", {"method": "left"}, "service_left"),
        ("serve_decision", {"method": "public_notice"}, "service_public_notice"),
        ("execute", {"kind": "demolished"}, "demolition"),
    ],
)
def test_must_record_case_actions(team, action, data, kind):
    """Seed 001 item 4: the case action is refused without a done activity of its kind, allowed with one."""
    with pytest.raises(RuleViolation) as exc:
        services.check_case_action(case=team.case, action=action, data=data, actor=team.officer1)
    assert exc.value.code == "av_activity_missing"
    record_av_activity(team.case, kind, team.officer1)
    services.check_case_action(case=team.case, action=action, data=data, actor=team.officer1)


@pytest.mark.parametrize(
    "action,data",
    [
        ("serve_decision", {"method": "direct"}),
        ("serve_decision", {"method": "postal"}),
        ("execute", {"kind": "paid"}),
        ("file", {}),
        ("decide_on_spot", {}),
    ],
)
def test_other_case_actions_need_no_recording(team, action, data):
    services.check_case_action(case=team.case, action=action, data=data, actor=team.officer1)
    services.check_case_action(case=None, action=action, data=data, actor=team.officer1)


def test_an_open_activity_does_not_count(team):
    act = activity(team, kind="sealing")
    film(team, act, "DSJ-0001", "x")
    with pytest.raises(RuleViolation):
        services.check_case_action(
            case=team.case, action="impose_measure", data={"kind": "sealing"}, actor=None
        )


def test_activity_for_action_mapping():
    assert rules.activity_for_action("impose_measure", {"kind": "other"}) is None
    assert rules.activity_for_action("serve_decision", {}) is None
    assert rules.activity_for_action("execute", {"kind": "enforced"}) is None
