"""The services and rules of oversight, each rule on both sides of its boundary."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff
from sunshine.oversight import rules, services
from sunshine.oversight.models import (
    AccountabilityAction,
    ConductCheck,
    FaultFlag,
    Finding,
    FindingPhoto,
    QualificationExam,
)
from sunshine.workdays import calendar
from sunshine.workdays.models import Deadline
from tests.factories import CaseFactory

from .conftest import entry

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


def daily(team, *entries, **kwargs):
    return services.check_record(
        actor=team.squad_leader, kind="daily", unit=team.bureau["squad1"], entries=list(entries), **kwargs
    )


# --- conduct checks ----------------------------------------------------------------------------


def test_daily_check_makes_a_finding_per_failed_must_with_a_working_day_deadline(team):
    check = daily(team, entry(team.officer, uniform=False, recorder=False), entry(team.officer2))
    findings = Finding.objects.filter(conduct_check=check).order_by("item")
    assert [f.item for f in findings] == ["recorder", "uniform"]
    today = timezone.localdate()
    assert {f.due for f in findings} == {calendar.add_working_days(today, rules.RECTIFY_DEFAULT_WORKING_DAYS)}
    assert {f.staff_id for f in findings} == {team.officer.staff.pk}
    assert Deadline.objects.filter(key="rectify", status="open").count() == 2
    assert Event.objects.filter(action="oversight.check_record").count() == 1


def test_rectification_period_bounds(team):
    """Seed 004: 科学制定整改措施和时限 — 1 and 30 working days accepted, 0 and 31 refused."""
    daily(team, entry(team.officer), rectify_days=1)
    daily(team, entry(team.officer), rectify_days=30)
    for days in (0, 31):
        with pytest.raises(RuleViolation) as exc:
            daily(team, entry(team.officer), rectify_days=days)
        assert exc.value.code == rules.Code.RECTIFY_PERIOD
    assert ConductCheck.objects.count() == 2


def test_daily_checks_are_squad_leaders_and_inspections_the_inspection_office(team):
    with pytest.raises(PermissionDeniedError):
        services.check_record(
            actor=team.inspector, kind="daily", unit=team.bureau["squad1"], entries=[entry(team.officer)]
        )
    with pytest.raises(PermissionDeniedError):
        services.check_record(
            actor=team.squad_leader,
            kind="unannounced",
            unit=team.bureau["squad1"],
            entries=[entry(team.officer)],
        )
    with pytest.raises(PermissionDeniedError):
        services.check_record(
            actor=team.officer, kind="daily", unit=team.bureau["squad1"], entries=[entry(team.officer2)]
        )
    check = services.check_record(
        actor=team.inspector,
        kind="unannounced",
        unit=team.bureau["squad2"],
        entries=[entry(team.other_officer, conduct=False)],
    )
    assert check.findings.get().item == "conduct"


def test_a_squad_leader_checks_only_their_own_squad(team):
    with pytest.raises(Http404):
        services.check_record(
            actor=team.squad_leader,
            kind="daily",
            unit=team.bureau["squad2"],
            entries=[entry(team.other_officer)],
        )
    with pytest.raises(RuleViolation):
        daily(team, entry(team.other_officer))
    assert not ConductCheck.objects.exists()


def test_photos_are_checked_by_content_and_nothing_is_half_saved(team):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        daily(team, {**entry(team.officer, uniform=False), "photos": [fake]})
    assert not ConductCheck.objects.exists() and not Finding.objects.exists()
    real = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    check = daily(team, {**entry(team.officer, uniform=False), "photos": [real]})
    assert FindingPhoto.objects.filter(finding__conduct_check=check).count() == 1


def test_rectification_answered_by_the_officer_and_closed_by_the_checker(team):
    check = daily(team, entry(team.officer, certificate=False))
    finding = check.findings.get()
    with pytest.raises(RuleViolation):  # the squad leader sees it but is not the officer concerned
        services.finding_respond(actor=team.squad_leader, finding=finding, response="已整改")
    with pytest.raises(Http404):  # another officer does not even see it
        services.finding_respond(actor=team.officer2, finding=finding, response="已整改")
    with pytest.raises(RuleViolation):  # nothing to close before the officer answers
        services.finding_close(actor=team.squad_leader, finding=finding)
    with pytest.raises(ValidationError):
        services.finding_respond(actor=team.officer, finding=finding, response="  ")
    services.finding_respond(actor=team.officer, finding=finding, response="已随身携带执法证并主动出示")
    services.finding_close(actor=team.squad_leader, finding=finding, accept=False, note="请补充照片")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    services.finding_respond(actor=team.officer, finding=finding, response="已补充")
    services.finding_close(actor=team.squad_leader, finding=finding, accept=True)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
    assert Deadline.objects.get(key="rectify").status == "met"


# --- enforcement faults: seed 002, two or more in a calendar year ---------------------------------


def fault(team, officers, found_on, case=None):
    return services.fault_record(
        actor=team.reviewer,
        case=case or team.case,
        source="review",
        found_on=found_on,
        description="未告知陈述申辩权利",
        officers=[u.staff for u in officers],
    )


def test_seed_002_one_fault_in_a_year_does_not_flag(team):
    fault(team, [team.officer], dt.date(2026, 3, 1))
    assert not FaultFlag.objects.exists()
    assert rules.flagged_for_faults(1) is False


def test_seed_002_two_faults_in_a_calendar_year_flag_the_officer(team):
    fault(team, [team.officer, team.officer2], dt.date(2026, 3, 1))
    fault(team, [team.officer], dt.date(2026, 9, 1), case=CaseFactory(unit=team.bureau["squad1"]))
    flag = FaultFlag.objects.get()
    assert (flag.staff_id, flag.year) == (team.officer.staff.pk, 2026)
    assert rules.flagged_for_faults(2) is True


def test_seed_002_faults_in_different_years_do_not_flag(team):
    fault(team, [team.officer], dt.date(2025, 12, 31))
    fault(team, [team.officer], dt.date(2026, 1, 1))
    assert not FaultFlag.objects.exists()


def test_a_fault_names_its_officers_and_is_not_in_the_future(team):
    with pytest.raises(RuleViolation) as exc:
        fault(team, [], dt.date(2026, 3, 1))
    assert exc.value.code == rules.Code.NO_OFFICERS_RESPONSIBLE
    with pytest.raises(RuleViolation):
        fault(team, [team.officer], timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(PermissionDeniedError):
        services.fault_record(
            actor=team.officer,
            case=team.case,
            source="review",
            found_on=dt.date(2026, 3, 1),
            description="x",
            officers=[team.officer2.staff],
        )


# --- qualification: study leave blocks case handling ---------------------------------------------


def test_seed_002_exam_failure_puts_the_officer_on_study_leave_until_a_pass(team):
    sat = timezone.localdate()
    services.exam_record(actor=team.inspector, staff=team.officer.staff, sat_on=sat, passed=False, score="52")
    assert Staff.objects.get(pk=team.officer.staff.pk).status == Staff.Status.STUDY_LEAVE
    services.exam_record(actor=team.inspector, staff=team.officer.staff, sat_on=sat, passed=True, score="81")
    assert Staff.objects.get(pk=team.officer.staff.pk).status == Staff.Status.ACTIVE
    assert QualificationExam.objects.count() == 2


def test_a_passing_exam_does_not_change_an_active_officer(team):
    services.exam_record(
        actor=team.inspector, staff=team.officer.staff, sat_on=timezone.localdate(), passed=True
    )
    assert Staff.objects.get(pk=team.officer.staff.pk).status == Staff.Status.ACTIVE


def test_exam_scores_and_people(team):
    with pytest.raises(ValidationError):
        services.exam_record(
            actor=team.inspector,
            staff=team.officer.staff,
            sat_on=timezone.localdate(),
            passed=True,
            score="101",
        )
    with pytest.raises(RuleViolation):  # no one records their own exam
        services.exam_record(
            actor=team.inspector, staff=team.inspector.staff, sat_on=timezone.localdate(), passed=True
        )
    with pytest.raises(PermissionDeniedError):
        services.exam_record(
            actor=team.squad_leader, staff=team.officer.staff, sat_on=timezone.localdate(), passed=False
        )


# --- accountability -----------------------------------------------------------------------------


def propose(team, kind="admonition", actor=None, staff=None):
    return services.action_propose(
        actor=actor or team.inspector,
        staff=(staff or team.officer).staff,
        kind=kind,
        basis="《城市管理执法人员行为规范》第五条",
        reason="日常检查中两次未佩戴执法记录仪",
    )


def test_an_action_cites_its_basis_and_is_approved_by_another_leader(team):
    with pytest.raises(RuleViolation) as exc:
        services.action_propose(
            actor=team.inspector, staff=team.officer.staff, kind="correction", basis=" ", reason="x"
        )
    assert exc.value.code == rules.Code.NO_BASIS
    action = propose(team, actor=team.leader)
    with pytest.raises(RuleViolation) as exc:
        services.action_decide(actor=team.leader, action=action, approve=True)
    assert exc.value.code == rules.Code.OWN_PROPOSAL
    with pytest.raises(PermissionDeniedError):
        services.action_decide(actor=team.inspector, action=action, approve=True)
    services.action_decide(actor=team.leader2, action=action, approve=True, note="同意")
    action.refresh_from_db()
    assert action.status == AccountabilityAction.Status.APPROVED and action.decided_by == team.leader2
    with pytest.raises(RuleViolation):
        services.action_decide(actor=team.leader2, action=action, approve=False)


def test_an_approved_suspension_takes_the_officer_off_duty(team):
    action = propose(team, kind="suspension")
    assert Staff.objects.get(pk=team.officer.staff.pk).status == Staff.Status.ACTIVE
    services.action_decide(actor=team.leader, action=action, approve=True)
    assert Staff.objects.get(pk=team.officer.staff.pk).status == Staff.Status.SUSPENDED


def test_a_flag_is_handled_by_an_action(team):
    fault(team, [team.officer], dt.date(2026, 3, 1))
    fault(team, [team.officer], dt.date(2026, 4, 1))
    flag = FaultFlag.objects.get()
    action = services.action_propose(
        actor=team.inspector,
        staff=team.officer.staff,
        kind="admonition",
        basis="国办发〔2005〕37号",
        reason="一年内两次执法过错",
        flag=flag,
    )
    flag.refresh_from_db()
    assert flag.action_id == action.pk
    services.action_decide(actor=team.leader, action=action, approve=False)
    flag.refresh_from_db()
    assert flag.action_id is None


def test_no_one_acts_on_themselves(team):
    with pytest.raises(RuleViolation):
        propose(team, actor=team.inspector, staff=team.inspector)
    assert rules.assert_not_subject(None, 1) is None
