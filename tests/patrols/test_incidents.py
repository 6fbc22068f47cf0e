"""Conflict incidents: reported at once, government and superior told, closed with the outcome (seed 004)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.patrols import rules, selectors, services
from sunshine.patrols.models import Incident
from sunshine.workdays.models import Deadline

pytestmark = pytest.mark.django_db


def _report(user, **extra):
    values = {
        "occurred_at": timezone.now() - dt.timedelta(minutes=20),
        "place": "解放路与人民路交叉口",
        "description": "当事人拒不配合并推搡执法人员",
        "injuries": "一名队员手臂擦伤",
    }
    values.update(extra)
    return services.incident_report(actor=user, **values)


def test_a_report_starts_the_deadline_to_inform_government_and_superior(team):
    incident = _report(team.officer)
    deadline = Deadline.objects.get(owner_id=incident.pk, key=services.INFORM_KEY)
    assert deadline.due_at == incident.reported_at + dt.timedelta(hours=rules.INCIDENT_INFORM_HOURS)
    assert deadline.responsible == team.squad_leader
    assert list(incident.staff.all()) == [team.officer.staff]


def test_informing_both_meets_the_deadline(team):
    incident = _report(team.officer)
    now = timezone.now()
    services.incident_inform(actor=team.officer, incident=incident, government_at=now)
    assert Deadline.objects.get(owner_id=incident.pk).status == "open"
    services.incident_inform(actor=team.officer, incident=incident, superior_at=now)
    assert Deadline.objects.get(owner_id=incident.pk).status == "met"


def test_an_inform_time_before_the_incident_is_refused(team):
    incident = _report(team.officer)
    with pytest.raises(ValidationError):
        services.incident_inform(
            actor=team.officer,
            incident=incident,
            government_at=incident.occurred_at - dt.timedelta(minutes=1),
        )
    services.incident_inform(actor=team.officer, incident=incident, government_at=incident.occurred_at)


def test_close_only_after_both_were_informed_and_with_an_outcome(team):
    incident = _report(team.officer)
    with pytest.raises(RuleViolation) as exc:
        services.incident_close(actor=team.leader, incident=incident, outcome="已调查")
    assert exc.value.code == "incident_not_reported"
    now = timezone.now()
    services.incident_inform(actor=team.officer, incident=incident, government_at=now, superior_at=now)
    with pytest.raises(RuleViolation) as exc:
        services.incident_close(actor=team.leader, incident=incident, outcome="  ")
    assert exc.value.code == "incident_outcome_missing"
    with pytest.raises(ValidationError):  # a statement needs its publication date
        services.incident_close(
            actor=team.leader, incident=incident, outcome="已调查处理", statement="情况通报"
        )
    services.incident_close(
        actor=team.leader,
        incident=incident,
        outcome="已调查处理",
        statement="关于某路段执法冲突的情况通报",
        statement_published_on=timezone.localdate(),
    )
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    with pytest.raises(RuleViolation):
        services.incident_follow_up(actor=team.officer, incident=incident, text="补充")


def test_only_leaders_close_and_other_squads_do_not_see(team):
    incident = _report(team.officer)
    with pytest.raises(PermissionDeniedError):
        services.incident_close(actor=team.squad_leader, incident=incident, outcome="x")
    assert not selectors.incidents(team.other_officer).filter(pk=incident.pk).exists()
    assert selectors.incidents(team.leader).filter(pk=incident.pk).exists()


def test_evidence_only_from_the_linked_case(team):
    from tests.factories import CaseFactory, record_av_activity

    case = CaseFactory(unit=team.bureau["squad1"], handler=team.officer)
    record_av_activity(case, "questioning", team.officer)
    item = case.evidence_items.first()
    with pytest.raises(ValidationError):
        _report(team.officer, evidence=[item])  # no case linked
    incident = _report(team.officer, case=case, evidence=[item])
    assert list(incident.evidence.all()) == [item]


def test_the_future_is_refused(team):
    with pytest.raises(ValidationError):
        _report(team.officer, occurred_at=timezone.now() + dt.timedelta(hours=1))
