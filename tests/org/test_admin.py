"""The admin edits the organisation through the services: paths, audit events, rule errors as form errors."""

import json

import pytest

from sunshine.accounts.roles import Role
from sunshine.audit.models import Event
from sunshine.org.models import Certificate, Grid, Staff, Unit

from ..factories import CertificateFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, login, bureau):
    user = UserFactory(username="sysadmin", roles=[Role.SYSTEM_ADMIN], is_staff=True)
    return login(client, user)


def test_add_unit_keeps_the_path_and_audits(admin_client, bureau):
    brigade = Unit.objects.get(pk=bureau["brigade"].pk)
    response = admin_client.post(
        "/admin/org/unit/add/",
        {"code": "S9", "name": "九中队", "kind": "squad", "parent": brigade.pk, "sort_order": 9},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="S9")
    assert unit.path == f"{brigade.path}{unit.pk}/"
    assert Event.objects.filter(action="org.unit_create", object_id=str(unit.pk)).exists()


def test_move_unit_in_admin(admin_client, bureau):
    squad = Unit.objects.get(pk=bureau["squad2"].pk)
    legal = Unit.objects.get(pk=bureau["legal"].pk)
    data = {"code": squad.code, "name": squad.name, "parent": legal.pk, "sort_order": 0}
    assert admin_client.post(f"/admin/org/unit/{squad.pk}/change/", data).status_code == 302
    squad.refresh_from_db()
    assert squad.path == f"{legal.path}{squad.pk}/"


def test_invalid_polygon_is_a_form_error(admin_client, bureau):
    response = admin_client.post(
        "/admin/org/grid/add/",
        {
            "code": "G9",
            "name": "坏网格",
            "squad": bureau["squad1"].pk,
            "polygon": json.dumps({"type": "Point"}),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Grid.objects.filter(code="G9").exists()


def test_grid_add_computes_bbox(admin_client, bureau):
    polygon = {
        "type": "Polygon",
        "coordinates": [[[118.3, 34.3], [118.4, 34.3], [118.4, 34.4], [118.3, 34.3]]],
    }
    response = admin_client.post(
        "/admin/org/grid/add/",
        {"code": "G8", "name": "好网格", "squad": bureau["squad1"].pk, "polygon": json.dumps(polygon)},
    )
    assert response.status_code == 302
    grid = Grid.objects.get(code="G8")
    assert (grid.min_lng, grid.max_lat) == (118.3, 34.4)


def test_new_legal_reviewer_without_qualification_is_refused(admin_client, bureau):
    person = StaffFactory(unit=bureau["legal"], employee_no="L1", name="新审核")
    data = {
        "employee_no": "L1",
        "name": "新审核",
        "kind": "officer",
        "unit": bureau["legal"].pk,
        "status": "active",
        "is_legal_reviewer": "on",
        "certificates-TOTAL_FORMS": 0,
        "certificates-INITIAL_FORMS": 0,
        "training_records-TOTAL_FORMS": 0,
        "training_records-INITIAL_FORMS": 0,
    }
    response = admin_client.post(f"/admin/org/staff/{person.pk}/change/", data)
    assert response.status_code == 200
    assert "第五十八条" in response.content.decode()
    person.refresh_from_db()
    assert not person.is_legal_reviewer
    data["legal_professional_qualification"] = "on"
    assert admin_client.post(f"/admin/org/staff/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert person.is_legal_reviewer
    assert Event.objects.filter(action="org.staff_update", object_id=str(person.pk)).exists()


def test_suspend_action(admin_client, bureau):
    certificate = CertificateFactory(staff=StaffFactory(unit=bureau["squad1"]))
    response = admin_client.post(
        "/admin/org/certificate/", {"action": "suspend", "_selected_action": [certificate.pk]}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED
    assert Event.objects.filter(action="org.certificate_suspend").exists()


def test_nothing_is_deleted(admin_client, bureau):
    person = StaffFactory(unit=bureau["squad1"])
    admin_client.post(f"/admin/org/staff/{person.pk}/delete/", {"post": "yes"})
    assert Staff.objects.filter(pk=person.pk).exists()


def test_officer_has_no_admin(client, login, make_user):
    login(client, make_user(Role.OFFICER))
    assert client.get("/admin/org/staff/").status_code in (302, 403)


def test_add_staff_checks_the_id_number(admin_client, bureau):
    data = {
        "employee_no": "N9",
        "name": "新队员",
        "kind": "officer",
        "unit": bureau["squad1"].pk,
        "status": "active",
        "id_number": "110105194912310021",
        "certificates-TOTAL_FORMS": 0,
        "certificates-INITIAL_FORMS": 0,
        "training_records-TOTAL_FORMS": 0,
        "training_records-INITIAL_FORMS": 0,
    }
    response = admin_client.post("/admin/org/staff/add/", data)
    assert response.status_code == 200
    assert not Staff.objects.filter(employee_no="N9").exists()
    data["id_number"] = "11010519491231002X"
    data["status"] = "study_leave"
    assert admin_client.post("/admin/org/staff/add/", data).status_code == 302
    person = Staff.objects.get(employee_no="N9")
    assert person.status == Staff.Status.STUDY_LEAVE
    assert Event.objects.filter(action="org.staff_create", object_id=str(person.pk)).exists()
