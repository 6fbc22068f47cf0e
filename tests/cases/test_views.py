"""The /work/cases/ pages: list, new case (general and summary), the case page and its action forms."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.cases.models import Case

from .conftest import staff_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(team):
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def test_list_and_filters(web, team, create_case):
    create_case()
    client = web(team.officer1)
    page = client.get("/work/cases/")
    assert page.status_code == 200
    assert "张三" in page.content.decode()
    assert "张三" not in client.get("/work/cases/?state=closed").content.decode()
    assert client.get("/work/cases/mine/").status_code == 200
    assert "张三" not in web(team.other_officer).get("/work/cases/").content.decode()


def test_register_a_case_through_the_form(web, team):
    client = web(team.officer1)
    assert client.get("/work/cases/new/").status_code == 200
    data = {
        "source": "patrol",
        "matter": "HB-009",
        "parties": [team.party.pk],
        "handlers": [staff_id(team.officer1), staff_id(team.officer2)],
        "act_at": "2026-11-01T10:00",
        "place": "解放路",
        "facts": "露天烧烤",
        "harm": "harmful",
        "early_reason": "refusal_to_correct",
    }
    response = client.post("/work/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/work/cases/{case.pk}/"
    # a rule failure is shown with its citation, nothing saved
    response = client.post("/work/cases/new/", {**data, "handlers": [staff_id(team.officer1)]})
    assert response.status_code == 200
    assert "第四十二条" in response.content.decode()
    assert Case.objects.count() == 1


def test_case_page_shows_deadlines_and_actions(web, team, drive):
    cid = drive("filed")
    page = web(team.officer1).get(f"/work/cases/{cid}/").content.decode()
    assert 'data-action="start_investigation"' in page
    assert "case-deadlines" in page
    page = web(team.squad_leader).get(f"/work/cases/{cid}/").content.decode()
    assert 'data-action="start_investigation"' not in page
    assert 'data-action="suspend"' in page
    assert web(team.other_officer).get(f"/work/cases/{cid}/").status_code == 404


def test_action_form_success_and_refusal(web, team, drive):
    cid = drive("notice_served")
    client = web(team.officer1)
    refused = client.post(f"/work/cases/{cid}/actions/submit_for_decision/", {})
    assert refused.status_code == 422
    assert "第六十二条" in refused.content.decode()
    assert Case.objects.get(pk=cid).state == "notice_served"
    ok = client.post(f"/work/cases/{cid}/actions/waive_rights/", {"content": "放弃"})
    assert ok.status_code == 302
    assert client.post(f"/work/cases/{cid}/actions/submit_for_decision/", {}).status_code == 302
    assert Case.objects.get(pk=cid).state == "awaiting_decision"


def test_auxiliary_cannot_open_cases(web, team):
    assert web(team.auxiliary).get("/work/cases/").status_code == 403


def test_work_card_counts_my_cases(rf, team, create_case):
    from sunshine.cases.work import cards

    create_case()
    request = rf.get("/work/")
    request.user = team.squad_leader
    assert cards(request)[0]["value"] == 1  # waiting for the filing approval


def test_early_openings_report_lists_the_reason(web, team, create_case, api_client):
    cid = create_case()  # opened with "refusal to correct" before the ladder reached "penalise"
    page = web(team.squad_leader).get("/work/cases/early/").content.decode()
    assert Case.objects.get(pk=cid).number in page
    assert "拒不改正" in page or "Refuses to correct" in page
    api_client.force_authenticate(team.officer1)
    assert api_client.get("/api/v1/cases/?early=1").json()["count"] == 1
