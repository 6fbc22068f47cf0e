"""Editing the target directory row by row and managing the inspector pool (UI and API), audited."""

from __future__ import annotations

import pytest

from sunshine.accounts.roles import Role
from sunshine.audit.models import Event
from sunshine.core.errors import RuleViolation
from sunshine.inspections import services
from sunshine.inspections.codes import make_credit_code
from sunshine.inspections.models import Inspector, Target
from sunshine.org.models import Staff

from ..factories import TargetFactory


def _data(**kw):
    data = {
        "credit_code": make_credit_code(777),
        "name": "新城便民超市",
        "kind": "org",
        "address": "人民路8号",
        "area": "A2",
        "category": "市容",
        "risk": "high",
        "compliance": "poor",
    }
    data.update(kw)
    return data


def test_add_edit_and_deactivate_an_entry_through_the_pages(client, people):
    client.force_login(people["legal"])
    assert client.get("/work/inspections/directory/new/").status_code == 200
    response = client.post("/work/inspections/directory/new/", _data(credit_code="91320381MA1X0000XX"))
    assert response.status_code == 200 and "GB 32100" in response.content.decode()
    assert not Target.objects.exists()
    response = client.post("/work/inspections/directory/new/", _data())
    assert response.status_code == 302
    target = Target.objects.get()
    assert target.risk == "high"
    response = client.post(f"/work/inspections/directory/{target.pk}/", _data(name="新城便民超市（二店）"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.name == "新城便民超市（二店）"
    update = Event.objects.get(action="inspections.target_update")
    assert update.payload["fields"] == ["name"]
    client.post(f"/work/inspections/directory/{target.pk}/active/", {"active": "0"})
    target.refresh_from_db()
    assert not target.active
    assert Event.objects.filter(action="inspections.target_deactivate").count() == 1
    link = f'href="/work/inspections/directory/{target.pk}/"'
    assert link not in client.get("/work/inspections/directory/").content.decode()
    assert link in client.get("/work/inspections/directory/?inactive=1").content.decode()


def test_a_duplicate_credit_code_is_refused(people):
    TargetFactory(credit_code=make_credit_code(777))
    with pytest.raises(Exception) as exc:
        services.target_save(actor=people["legal"], data=_data())
    assert "credit_code" in exc.value.message_dict


def test_a_deactivated_entry_is_not_in_the_next_snapshot(people, make_plan, setup):
    target = setup["targets"][0]
    services.target_set_active(actor=people["legal"], target=target, active=False)
    frozen = services.freeze_inputs(make_plan())
    assert target.credit_code not in frozen["snapshot"]
    assert setup["targets"][1].credit_code in frozen["snapshot"]


def test_officers_cannot_edit_the_directory(client, people):
    target = TargetFactory()
    client.force_login(people["officers"][0])
    assert client.post(f"/work/inspections/directory/{target.pk}/", _data()).status_code == 403


def test_api_edit_and_deactivate(api_client, people):
    target = TargetFactory()
    api_client.force_authenticate(people["legal"])
    url = f"/api/v1/inspections/targets/{target.pk}/"
    response = api_client.patch(url, {"credit_code": "123"}, format="json")
    assert response.status_code == 422 and response.json()["error"]["field"] == "credit_code"
    response = api_client.patch(url, {"risk": "low", "active": False}, format="json")
    assert response.status_code == 200 and response.json()["risk"] == "low"
    assert response.json()["active"] is False
    response = api_client.patch(url, {"active": "no"}, format="json")
    assert response.status_code == 400


def test_pool_takes_qualified_officers_only(client, people, make_user):
    auxiliary = Staff.objects.get(user=make_user(Role.AUXILIARY, username="aux-1"))
    uncertified = Staff.objects.create(
        employee_no="E99999", name="无证队员", unit=auxiliary.unit, kind=Staff.Kind.OFFICER
    )
    with pytest.raises(RuleViolation):
        services.inspector_save(actor=people["legal"], staff=uncertified, categories=[], areas=[])
    client.force_login(people["legal"])
    assert client.get("/work/inspections/inspectors/").status_code == 200
    # the form lists officers only; an uncertified officer is refused by the rule, shown on the form
    response = client.post("/work/inspections/inspectors/", {"staff": auxiliary.pk})
    assert response.status_code == 200 and not Inspector.objects.filter(staff=auxiliary).exists()
    response = client.post("/work/inspections/inspectors/", {"staff": uncertified.pk})
    assert response.status_code == 200, response.content.decode()[-3000:]
    assert "第四十二条" in response.content.decode(), response.context["form"].errors
    officer = Staff.objects.get(user=people["officers"][0])
    response = client.post(
        "/work/inspections/inspectors/", {"staff": officer.pk, "categories": "市容，环卫", "areas": "A1"}
    )
    assert response.status_code == 302
    inspector = Inspector.objects.get(staff=officer)
    assert inspector.categories == ["市容", "环卫"] and inspector.areas == ["A1"]


def test_pool_remove_through_page_and_api(client, api_client, people, make_plan, setup):
    first, second = (Inspector.objects.get(staff__user=u) for u in people["officers"][:2])
    client.force_login(people["legal"])
    assert client.post(f"/work/inspections/inspectors/{first.pk}/remove/").status_code == 302
    api_client.force_authenticate(people["legal"])
    url = f"/api/v1/inspections/inspectors/{second.staff.employee_no}/"
    assert api_client.delete(url).status_code == 204
    assert api_client.delete(url).status_code == 404
    pool = services.freeze_inputs(make_plan())["inspectors"]
    assert first.staff.employee_no not in pool and second.staff.employee_no not in pool
    assert Event.objects.filter(action="inspections.inspector_remove").count() == 2
    listed = [i["staff"] for i in api_client.get("/api/v1/inspections/inspectors/").json()]
    assert first.staff.employee_no not in listed


def test_officers_cannot_manage_the_pool(client, people):
    officer = Staff.objects.get(user=people["officers"][0])
    client.force_login(people["officers"][0])
    assert client.get("/work/inspections/inspectors/").status_code == 200
    assert client.post("/work/inspections/inspectors/", {"staff": officer.pk}).status_code == 403
