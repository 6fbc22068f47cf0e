"""Supervision items (督办) and social supervisors (义务监督员)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff
from sunshine.service import supervision
from sunshine.service.models import Request, SocialSupervisor, SupervisionItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_user(db):
    user = UserFactory(username="sup1", roles=[Role.SOCIAL_SUPERVISOR])
    SocialSupervisor.objects.create(
        user=user, name="李监督", background="business", area="新安街道", appointed_on=dt.date(2026, 1, 1)
    )
    return user


def test_supervision_item_progress_result_and_escalation(make_user, bureau):
    leader = make_user("leader")
    officer = make_user("officer", unit="squad1", username="o1")
    squad_leader = make_user("squad_leader", unit="squad1")
    today = timezone.localdate()
    item = supervision.supervision_create(
        actor=leader,
        source="mayor",
        content="夜市油烟扰民",
        deadline=today + dt.timedelta(days=1),
        unit=bureau["squad1"],
        responsible=officer,
    )
    with pytest.raises(PermissionDeniedError):
        supervision.supervision_create(
            actor=officer,
            source="mayor",
            content="x",
            deadline=today,
            unit=bureau["squad1"],
            responsible=officer,
        )
    supervision.supervision_progress(actor=officer, item=item, text="已约谈商户")
    assert supervision.supervision_remind_and_escalate(today=today) == (1, 0)
    assert supervision.supervision_remind_and_escalate(today=today) == (0, 0)
    assert supervision.supervision_remind_and_escalate(today=today + dt.timedelta(days=2)) == (0, 1)
    assert supervision.supervision_remind_and_escalate(today=today + dt.timedelta(days=2)) == (0, 0)
    from sunshine.workdays.models import Deadline

    assert (
        Deadline.objects.get(owner_id=item.pk, key="service.supervision_escalated").responsible
        == squad_leader
    )
    with pytest.raises(RuleViolation):
        supervision.supervision_finish(actor=officer, item=item, result=" ")
    supervision.supervision_finish(actor=officer, item=item, result="已安装油烟净化器")
    item.refresh_from_db()
    assert item.state == SupervisionItem.State.DONE


def test_problem_report_becomes_request(supervisor_user):
    report = supervision.supervisor_report(
        actor=supervisor_user, kind="problem", content="井盖缺失", place="钟吾路", occurred_at=timezone.now()
    )
    assert report.request is not None and Request.objects.get(pk=report.request_id).kind == "complaint"


def test_misconduct_invisible_to_reported_staff_member(supervisor_user, make_user, login):
    leader = make_user("leader")
    inspector = make_user("inspector")
    reported_leader_staff = Staff.objects.get(user=leader)
    report = supervision.supervisor_report(
        actor=supervisor_user,
        kind="misconduct",
        content="执法时态度粗暴",
        place="人民路",
        occurred_at=timezone.now(),
        staff_reported=reported_leader_staff,
    )
    assert report.request is None
    assert list(supervision.misconduct_reports(inspector)) == [report]
    assert list(supervision.misconduct_reports(leader)) == []  # the reported person never sees it
    officer = make_user("officer", unit="squad1", username="o1")
    assert list(supervision.misconduct_reports(officer)) == []
    assert login(leader).get(reverse("service:misconduct_detail", args=[report.pk])).status_code == 404
    assert login(officer).get(reverse("service:misconduct_detail", args=[report.pk])).status_code == 403
    client = login(inspector)
    assert client.get(reverse("service:misconduct_detail", args=[report.pk])).status_code == 200
    client.post(reverse("service:misconduct_detail", args=[report.pk]), {"result": "已批评教育并通报"})
    page = login(supervisor_user).get(reverse("service:supervisor_home")).content.decode()
    assert "已批评教育并通报" in page


def test_only_appointed_supervisors_report(make_user):
    user = UserFactory(username="sup2", roles=[Role.SOCIAL_SUPERVISOR])
    with pytest.raises(PermissionDeniedError):
        supervision.supervisor_report(
            actor=user, kind="problem", content="x", place="y", occurred_at=timezone.now()
        )
