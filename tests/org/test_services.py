"""Services: each writes its audit event, checks permission and rules, and saves nothing on error."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sunshine.accounts.roles import Role
from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org import rules, services
from sunshine.org.models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit

from ..factories import BodyCameraFactory, CertificateFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[118.30, 34.33], [118.34, 34.33], [118.34, 34.36], [118.30, 34.36], [118.30, 34.33]]],
}


@pytest.fixture
def admin_user(db):
    return UserFactory(username="sysadmin", roles=[Role.SYSTEM_ADMIN])


def payload_of(event) -> dict:
    return event.payload if isinstance(event.payload, dict) else json.loads(event.payload)


def last_event(action):
    return Event.objects.filter(action=action).order_by("-seq").first()


class TestUnits:
    def test_create_and_move_keep_paths(self, bureau, admin_user):
        for unit in bureau.values():
            unit.refresh_from_db()
        squad = services.unit_create(
            actor=admin_user, code="S3", name="三中队", kind=Unit.Kind.SQUAD, parent=bureau["brigade"]
        )
        assert squad.path == f"{bureau['brigade'].path}{squad.pk}/"
        child = services.unit_create(
            actor=admin_user, code="S3a", name="三中队一组", kind=Unit.Kind.SQUAD, parent=squad
        )
        services.unit_move(actor=admin_user, unit=squad, parent=bureau["legal"])
        child.refresh_from_db()
        assert child.path == f"{bureau['legal'].path}{squad.pk}/{child.pk}/"
        assert last_event("org.unit_move").object_id == str(squad.pk)
        assert last_event("org.unit_create").actor_id == admin_user.pk

    def test_cannot_move_under_own_subtree(self, bureau, admin_user):
        with pytest.raises(ValidationError):
            services.unit_move(actor=admin_user, unit=bureau["brigade"], parent=bureau["squad1"])
        bureau["squad1"].refresh_from_db()
        assert bureau["squad1"].path.startswith(bureau["brigade"].path)

    def test_non_bureau_needs_parent(self, admin_user, db):
        with pytest.raises(ValidationError):
            services.unit_create(actor=admin_user, code="X", name="无上级", kind=Unit.Kind.SQUAD)
        assert not Unit.objects.filter(code="X").exists()

    def test_only_system_admin(self, bureau, make_user):
        leader = make_user(Role.LEADER)
        with pytest.raises(PermissionDeniedError):
            services.unit_create(
                actor=leader, code="Z", name="某中队", kind=Unit.Kind.SQUAD, parent=bureau["brigade"]
            )
        assert not Unit.objects.filter(code="Z").exists()


class TestGrids:
    def test_save_computes_bbox_and_audits(self, bureau, admin_user):
        grid = services.grid_save(
            actor=admin_user, code="G1", name="钟吾北网格", squad=bureau["squad1"], polygon=SQUARE
        )
        assert (grid.min_lng, grid.min_lat, grid.max_lng, grid.max_lat) == (118.30, 34.33, 118.34, 34.36)
        assert last_event("org.grid_create").object_id == str(grid.pk)
        moved = {
            "type": "Polygon",
            "coordinates": [[[118.0, 34.0], [118.1, 34.0], [118.1, 34.1], [118.0, 34.0]]],
        }
        grid = services.grid_save(
            actor=admin_user, code="G1", name="钟吾北网格", squad=bureau["squad1"], polygon=moved, grid=grid
        )
        assert (grid.max_lng, grid.max_lat) == (118.1, 34.1)
        assert last_event("org.grid_update") is not None

    @pytest.mark.parametrize(
        "polygon",
        [
            {"type": "Point", "coordinates": [118.3, 34.3]},
            {"type": "Polygon", "coordinates": [[[118.3, 34.3], [118.4, 34.3], [118.3, 34.3]]]},
            {
                "type": "Polygon",
                "coordinates": [[[118.3, 34.3], [118.4, 34.3], [118.4, 34.4], [118.3, 34.4]]],
            },
            {
                "type": "Polygon",
                "coordinates": [[[218.3, 34.3], [118.4, 34.3], [118.4, 34.4], [218.3, 34.3]]],
            },
            {"type": "Polygon", "coordinates": [[["a", 34.3], [118.4, 34.3], [118.4, 34.4], ["a", 34.3]]]},
            "not json",
        ],
    )
    def test_invalid_polygon_saves_nothing(self, bureau, admin_user, polygon):
        with pytest.raises(ValidationError) as exc:
            services.grid_save(
                actor=admin_user, code="BAD", name="坏", squad=bureau["squad1"], polygon=polygon
            )
        assert "polygon" in exc.value.message_dict
        assert not Grid.objects.filter(code="BAD").exists()

    def test_grid_must_belong_to_a_squad(self, bureau, admin_user):
        with pytest.raises(ValidationError):
            services.grid_save(
                actor=admin_user, code="G2", name="网格", squad=bureau["legal"], polygon=SQUARE
            )

    def test_grid_for_point(self, bureau, admin_user):
        triangle = {
            "type": "Polygon",
            "coordinates": [[[118.0, 34.0], [118.2, 34.0], [118.0, 34.2], [118.0, 34.0]]],
        }
        holed = {
            "type": "Polygon",
            "coordinates": [
                [[119.0, 35.0], [119.4, 35.0], [119.4, 35.4], [119.0, 35.4], [119.0, 35.0]],
                [[119.1, 35.1], [119.2, 35.1], [119.2, 35.2], [119.1, 35.2], [119.1, 35.1]],
            ],
        }
        t = services.grid_save(
            actor=admin_user, code="T", name="三角", squad=bureau["squad1"], polygon=triangle
        )
        h = services.grid_save(actor=admin_user, code="H", name="回字", squad=bureau["squad2"], polygon=holed)
        assert services.grid_for_point(118.05, 34.05) == t
        # inside the bounding box but outside the triangle
        assert services.grid_for_point(118.15, 34.15) is None
        assert services.grid_for_point(118.1, 34.1) == t  # on the hypotenuse
        assert services.grid_for_point(119.3, 35.3) == h
        assert services.grid_for_point(119.15, 35.15) is None  # in the hole
        assert services.grid_for_point(120.0, 36.0) is None


class TestStaff:
    def test_create_validates_id_number(self, bureau, admin_user):
        with pytest.raises(ValidationError) as exc:
            services.staff_create(
                actor=admin_user,
                employee_no="N1",
                name="张三",
                kind=Staff.Kind.OFFICER,
                unit=bureau["squad1"],
                id_number="110105194912310021",
            )
        assert "id_number" in exc.value.message_dict
        assert not Staff.objects.filter(employee_no="N1").exists()
        staff = services.staff_create(
            actor=admin_user,
            employee_no="N1",
            name="张三",
            kind=Staff.Kind.OFFICER,
            unit=bureau["squad1"],
            id_number="11010519491231002x",
        )
        assert staff.id_number == "11010519491231002X"
        event = last_event("org.staff_create")
        assert event.object_id == str(staff.pk)
        assert "11010519491231002X" not in json.dumps(payload_of(event))  # the log keeps no full ID numbers
        assert payload_of(event)["id_number"] == "110105********002X"

    def test_new_legal_reviewer_needs_qualification_article_58(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["legal"], legal_professional_qualification=False)
        before = Event.objects.count()
        with pytest.raises(RuleViolation):
            services.staff_update(actor=admin_user, staff=staff, is_legal_reviewer=True)
        staff.refresh_from_db()
        assert not staff.is_legal_reviewer
        assert Event.objects.count() == before
        services.staff_update(
            actor=admin_user, staff=staff, is_legal_reviewer=True, legal_professional_qualification=True
        )
        staff.refresh_from_db()
        assert staff.is_legal_reviewer

    def test_set_status_study_leave_disqualifies(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        CertificateFactory(staff=staff)
        day = dt.date(2026, 6, 1)
        assert rules.is_qualified(staff, on=day)
        services.staff_set_status(
            actor=admin_user, staff=staff, status=Staff.Status.STUDY_LEAVE, reason="考试不合格"
        )
        staff.refresh_from_db()
        assert not rules.is_qualified(staff, on=day)
        assert payload_of(last_event("org.staff_set_status")) == {
            "from": "active",
            "reason": "考试不合格",
            "to": "study_leave",
        }

    def test_unknown_field_refused(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        with pytest.raises(ValidationError):
            services.staff_update(actor=admin_user, staff=staff, status=Staff.Status.DEPARTED)


class TestCertificates:
    def test_issue_replaces_the_previous_one(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        old = CertificateFactory(staff=staff)
        new = services.certificate_issue(
            actor=admin_user,
            staff=staff,
            number="NEW-1",
            enforcement_category="城市管理综合执法",
            enforcement_area="新城市",
            issued_on=dt.date(2026, 1, 1),
            expires_on=dt.date(2030, 12, 31),
        )
        old.refresh_from_db()
        assert old.status == Certificate.Status.REPLACED
        assert new.status == Certificate.Status.VALID
        assert last_event("org.certificate_issue").object_id == str(new.pk)

    def test_auxiliary_gets_no_certificate(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.AUXILIARY)
        with pytest.raises(RuleViolation) as exc:
            services.certificate_issue(
                actor=admin_user,
                staff=staff,
                number="AUX-1",
                enforcement_category="城市管理综合执法",
                enforcement_area="新城市",
                issued_on=dt.date(2026, 1, 1),
                expires_on=dt.date(2030, 12, 31),
            )
        assert exc.value.code == rules.Code.CERTIFICATE_FOR_NON_OFFICER
        assert not Certificate.objects.filter(number="AUX-1").exists()

    def test_expiry_must_follow_issue(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        old = CertificateFactory(staff=staff)
        with pytest.raises(ValidationError):
            services.certificate_issue(
                actor=admin_user,
                staff=staff,
                number="X-1",
                enforcement_category="c",
                enforcement_area="a",
                issued_on=dt.date(2026, 1, 1),
                expires_on=dt.date(2026, 1, 1),
            )
        old.refresh_from_db()
        assert old.status == Certificate.Status.VALID  # nothing half-saved

    def test_duplicate_number_rolls_back_the_replacement(self, bureau, admin_user):
        other = CertificateFactory(number="DUP-1")
        staff = StaffFactory(unit=bureau["squad1"])
        old = CertificateFactory(staff=staff)
        with pytest.raises(ValidationError):
            services.certificate_issue(
                actor=admin_user,
                staff=staff,
                number=other.number,
                enforcement_category="c",
                enforcement_area="a",
                issued_on=dt.date(2026, 1, 1),
                expires_on=dt.date(2030, 1, 1),
            )
        old.refresh_from_db()
        assert old.status == Certificate.Status.VALID

    def test_suspend_reinstate_revoke_renew(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        cert = CertificateFactory(staff=staff)
        day = dt.date(2026, 6, 1)
        services.certificate_suspend(actor=admin_user, certificate=cert, reason="调查中")
        staff = Staff.objects.get(pk=staff.pk)
        assert not rules.is_qualified(staff, on=day)
        with pytest.raises(ValidationError):
            services.certificate_renew(
                actor=admin_user,
                certificate=cert,
                number="R-1",
                issued_on=day,
                expires_on=dt.date(2031, 5, 31),
            )
        services.certificate_reinstate(actor=admin_user, certificate=cert)
        assert rules.is_qualified(Staff.objects.get(pk=staff.pk), on=day)
        renewed = services.certificate_renew(
            actor=admin_user, certificate=cert, number="R-1", issued_on=day, expires_on=dt.date(2031, 5, 31)
        )
        assert renewed.enforcement_area == cert.enforcement_area
        cert.refresh_from_db()
        assert cert.status == Certificate.Status.REPLACED
        services.certificate_revoke(actor=admin_user, certificate=renewed, reason="调离")
        assert not rules.is_qualified(Staff.objects.get(pk=staff.pk), on=day)
        with pytest.raises(ValidationError):
            services.certificate_suspend(actor=admin_user, certificate=renewed)
        actions = list(
            Event.objects.filter(object_type="org.certificate")
            .order_by("seq")
            .values_list("action", flat=True)
        )
        assert actions == [
            "org.certificate_suspend",
            "org.certificate_reinstate",
            "org.certificate_issue",
            "org.certificate_revoke",
        ]


class TestTrainingAndEquipment:
    def test_training_record_add(self, bureau, admin_user):
        staff = StaffFactory(unit=bureau["squad1"])
        record = services.training_record_add(
            actor=admin_user,
            staff=staff,
            course="封闭轮训",
            hours="42",
            date=dt.date(2026, 4, 10),
            exam_result=TrainingRecord.ExamResult.PASSED,
            score=Decimal("88"),
        )
        assert record.hours == Decimal("42")
        assert last_event("org.training_record_add").object_id == str(record.pk)
        with pytest.raises(ValidationError):
            services.training_record_add(
                actor=admin_user, staff=staff, course="x", hours="0", date=dt.date(2026, 4, 10)
            )
        with pytest.raises(ValidationError):
            services.training_record_add(
                actor=admin_user, staff=staff, course="x", hours="abc", date=dt.date(2026, 4, 10)
            )
        assert TrainingRecord.objects.count() == 1

    def test_camera_assignment(self, bureau, admin_user):
        camera = services.camera_register(actor=admin_user, serial="DSJ-1", unit=bureau["squad1"])
        auxiliary = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.AUXILIARY)
        services.camera_assign(actor=admin_user, camera=camera, staff=auxiliary)  # auxiliaries may carry one
        camera.refresh_from_db()
        assert camera.assigned_to == auxiliary
        officer = StaffFactory(unit=bureau["squad1"])
        services.camera_assign(actor=admin_user, camera=camera, staff=officer)
        camera.refresh_from_db()
        assert camera.assigned_to == officer  # one holder at a time
        assert payload_of(last_event("org.camera_assign")) == {"from": auxiliary.pk, "to": officer.pk}

    def test_camera_of_another_unit_or_out_of_service(self, bureau, admin_user):
        camera = BodyCameraFactory(unit=bureau["squad2"])
        officer = StaffFactory(unit=bureau["squad1"])
        with pytest.raises(ValidationError):
            services.camera_assign(actor=admin_user, camera=camera, staff=officer)
        services.camera_set_status(actor=admin_user, camera=camera, status=BodyCamera.Status.REPAIR)
        with pytest.raises(ValidationError):
            services.camera_assign(actor=admin_user, camera=camera, staff=StaffFactory(unit=bureau["squad2"]))
        camera.refresh_from_db()
        assert camera.assigned_to is None

    def test_vehicle_register(self, bureau, admin_user):
        vehicle = services.vehicle_register(
            actor=admin_user, plate="苏C12345", kind="执法巡逻车", unit=bureau["squad1"]
        )
        assert last_event("org.vehicle_register").object_id == str(vehicle.pk)
