"""Study leave blocks case handling, through the cases app's own check (《行政处罚法》第四十二条; seed 002:
对考试不合格的，要离岗学习)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.cases.models import Case
from sunshine.cases.services import case_create
from sunshine.core.errors import RuleViolation
from sunshine.org.models import Certificate, Staff
from sunshine.org.rules import assert_can_handle_cases
from sunshine.oversight import services
from sunshine.oversight.models import CertificateReview
from sunshine.oversight.views import review_due
from tests.factories import MatterFactory, MatterVersionFactory, PartyFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db


def payload(team, handlers) -> dict:
    return {
        "source": "patrol",
        "matter": team.matter_code,
        "parties": [team.party.pk],
        "handlers": [u.staff.pk for u in handlers],
        "act_at": (timezone.now() - dt.timedelta(days=3)).isoformat(),
        "place": "解放路与淮海路交叉口",
        "facts": "当事人在禁止区域内露天烧烤食品，经劝导后仍未停止。",
        "early_reason": "refusal_to_correct",
    }


@pytest.fixture
def casework(team):
    MatterVersionFactory(matter=MatterFactory(code="HB-009"))
    team.matter_code = "HB-009"
    team.party = PartyFactory(name="张三")
    return team


def test_article_42_an_officer_on_study_leave_cannot_handle_a_case(casework):
    t = casework
    today = timezone.localdate()
    services.exam_record(actor=t.inspector, staff=t.officer2.staff, sat_on=today, passed=False)
    staff = Staff.objects.prefetch_related("certificates").get(pk=t.officer2.staff.pk)
    with pytest.raises(RuleViolation) as exc:
        assert_can_handle_cases(staff, on=today)
    assert exc.value.code == "org.not_active"
    before = Case.objects.count()
    # The case form offers only officers on duty, so case_create refuses the handler (HTTP 400).
    with pytest.raises(ValidationError) as refused:
        case_create(actor=t.officer, data=payload(t, [t.officer, t.officer2]))
    assert "handlers" in refused.value.message_dict
    assert Case.objects.count() == before
    # After a pass the same officer handles cases again (the other side of the boundary).
    services.exam_record(actor=t.inspector, staff=t.officer2.staff, sat_on=today, passed=True)
    case = case_create(actor=t.officer, data=payload(t, [t.officer, t.officer2]))
    assert set(case.case_handlers.values_list("staff_id", flat=True)) == {
        t.officer.staff.pk,
        t.officer2.staff.pk,
    }


def test_annual_review_lists_who_is_due_and_a_failed_review_suspends_the_certificate(team):
    year = timezone.localdate().year
    TrainingRecordFactory(staff=team.officer.staff, hours=60, date=dt.date(year, 1, 5))
    due = {row["staff"].pk: row for row in review_due(team.inspector, year)}
    assert team.officer.staff.pk in due and team.other_officer.staff.pk in due
    assert "training" not in due[team.officer.staff.pk]["concerns"]
    assert "training" in due[team.officer2.staff.pk]["concerns"]
    cert = Certificate.objects.get(staff=team.officer2.staff, status="valid")
    services.certificate_review_record(actor=team.inspector, certificate=cert, year=year, result="passed")
    assert team.officer2.staff.pk not in {row["staff"].pk for row in review_due(team.inspector, year)}
    with pytest.raises(RuleViolation):
        services.certificate_review_record(actor=team.inspector, certificate=cert, year=year, result="passed")
    cert3 = Certificate.objects.get(staff=team.officer3.staff, status="valid")
    services.certificate_review_record(
        actor=team.inspector, certificate=cert3, year=year, result="failed", note="一年内两次执法过错"
    )
    cert3.refresh_from_db()
    assert cert3.status == Certificate.Status.SUSPENDED
    assert CertificateReview.objects.count() == 2
    # A squad leader's list is their squad's (the review itself is the inspection office's).
    assert team.other_officer.staff.pk not in {r["staff"].pk for r in review_due(team.squad_leader, year)}
