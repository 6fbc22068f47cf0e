"""Misconduct reports and their investigations are hidden from the staff member reported: pages, API and
the officer record (the bureau's social-supervisor rules; seed 000)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.oversight import services
from sunshine.service import supervision

pytestmark = pytest.mark.django_db


def report_on(supervisor, staff):
    return supervision.supervisor_report(
        actor=supervisor,
        kind="misconduct",
        content="劝导时言语粗暴，推搡摊主",
        place="人民路菜市场门口",
        occurred_at=timezone.now(),
        staff_reported=staff,
        staff_description="胸牌号末两位为17",
    )


@pytest.fixture
def about_officer(team, supervisor):
    report = report_on(supervisor, team.officer.staff)
    investigation = services.investigation_open(actor=team.inspector, report=report)
    services.investigation_conclude(
        actor=team.inspector,
        investigation=investigation,
        findings="经调取执法记录仪视频，反映情况属实。",
        conclusion="substantiated",
        result_for_reporter="反映属实，已对相关人员问责。",
    )
    action = services.action_propose(
        actor=team.inspector,
        staff=team.officer.staff,
        kind="admonition",
        basis="《城市管理执法人员行为规范》",
        reason="劝导时言语粗暴",
        investigation=investigation,
    )
    return investigation, action


def test_the_reported_officer_sees_no_investigation_anywhere(team, about_officer, client):
    investigation, action = about_officer
    client.force_login(team.officer)
    assert client.get(reverse("oversight:investigation_list")).status_code == 403
    assert client.get(reverse("oversight:investigation_detail", args=[investigation.pk])).status_code == 403
    assert client.get(reverse("oversight-api-investigation", args=[investigation.pk])).status_code == 403
    record = client.get(reverse("oversight:record", args=[team.officer.staff.pk]))
    assert record.status_code == 200
    body = record.content.decode()
    assert "推搡摊主" not in body and "经调取执法记录仪视频" not in body
    assert reverse("oversight:investigation_detail", args=[investigation.pk]) not in body
    # The action itself is on their record (they are told of it), its investigation is not.
    assert reverse("oversight:action_detail", args=[action.pk]) in body
    api = client.get(reverse("oversight-api-record", args=[team.officer.staff.pk])).json()
    assert "investigations" not in api
    assert [a["investigation"] for a in api["accountability"]] == [None]
    listed = client.get(reverse("oversight-api-actions")).json()
    assert [a["investigation"] for a in listed] == [None]
    detail = client.get(reverse("oversight:action_detail", args=[action.pk])).content.decode()
    assert reverse("oversight:investigation_detail", args=[investigation.pk]) not in detail


def test_the_inspection_office_sees_it(team, about_officer, client):
    investigation, _action = about_officer
    client.force_login(team.inspector2)
    assert client.get(reverse("oversight:investigation_detail", args=[investigation.pk])).status_code == 200
    api = client.get(reverse("oversight-api-record", args=[team.officer.staff.pk])).json()
    assert [i["id"] for i in api["investigations"]] == [investigation.pk]
    assert [a["investigation"] for a in api["accountability"]] == [investigation.pk]


def test_an_inspector_reported_does_not_see_the_report_about_them(team, supervisor, client):
    report = report_on(supervisor, team.inspector2.staff)
    investigation = services.investigation_open(actor=team.inspector, report=report)
    client.force_login(team.inspector2)
    assert client.get(reverse("oversight:investigation_detail", args=[investigation.pk])).status_code == 404
    assert client.get(reverse("oversight-api-investigation", args=[investigation.pk])).status_code == 404
    assert client.get(reverse("oversight-api-investigations")).json() == []
    page = client.get(reverse("oversight:investigation_list")).content.decode()
    assert "推搡摊主" not in page
    own = client.get(reverse("oversight-api-record", args=[team.inspector2.staff.pk])).json()
    assert own["investigations"] == []
    # Nor may they conclude it through the API.
    answer = client.post(
        reverse("oversight-api-investigation-conclude", args=[investigation.pk]),
        {"findings": "不属实", "conclusion": "unsubstantiated"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    investigation.refresh_from_db()
    assert investigation.status == "open"


def test_the_reported_inspector_cannot_open_the_investigation_of_themselves(team, supervisor):
    from django.http import Http404

    report = report_on(supervisor, team.inspector.staff)
    with pytest.raises(Http404):
        services.investigation_open(actor=team.inspector, report=report)
