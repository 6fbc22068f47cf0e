"""The demo city: idempotent, deterministic, realistic numbers, the rules visible."""

import io

import pytest
from django.conf import settings
from stdnum.cn import ric

from sunshine.accounts.models import User
from sunshine.org import demo, rules
from sunshine.org.models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle
from sunshine.org.services import grid_for_point

pytestmark = pytest.mark.django_db

MODELS = [Unit, Staff, Certificate, TrainingRecord, BodyCamera, Vehicle, Grid, User]
ON = demo.REFERENCE_DAY.replace(month=11, day=22)


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def counts():
    return [m.objects.count() for m in MODELS]


def test_load_twice_gives_the_same_counts(loaded):
    first = counts()
    demo.load(io.StringIO())
    assert counts() == first
    assert "65 officers" in loaded and "20 auxiliaries" in loaded


def test_reload_after_changes_in_the_admin_adds_nothing(loaded):
    from sunshine.org import services

    officer = Staff.objects.get(user__username="officer2")
    certificate = Certificate.objects.get(staff=officer, status=Certificate.Status.VALID)
    services.certificate_renew(
        actor=None,
        certificate=certificate,
        number="RENEWED-1",
        issued_on=ON,
        expires_on=ON.replace(year=ON.year + 5),
    )
    services.staff_set_status(actor=None, staff=officer, status=Staff.Status.STUDY_LEAVE)
    before = counts()
    demo.load(io.StringIO())
    assert counts() == before
    officer.refresh_from_db()
    assert officer.status == Staff.Status.STUDY_LEAVE


def test_the_bureau_of_seed_003(loaded):
    bureau = Unit.objects.get(code="XCG")
    assert (bureau.name, bureau.short_name) == ("新城市城市管理局", "新城管")
    squads = list(
        Unit.objects.filter(kind=Unit.Kind.SQUAD).order_by("sort_order").values_list("name", flat=True)
    )
    assert squads == ["一中队", "二中队", "三中队", "四中队", "五中队", "车辆中队", "机动中队", "拆违中队"]
    sections = set(Unit.objects.filter(kind=Unit.Kind.SECTION).values_list("name", flat=True))
    assert sections == {"办公室", "法制宣传监督股", "督查室", "行政服务股"}
    for unit in Unit.objects.exclude(parent=None):
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
    assert Staff.objects.filter(kind=Staff.Kind.OFFICER).count() == 65
    assert Staff.objects.filter(kind=Staff.Kind.AUXILIARY).count() == 20
    assert BodyCamera.objects.count() == 65
    assert Vehicle.objects.count() == 13


def test_numbers_pass_their_checksums_and_ages(loaded):
    people = list(Staff.objects.all())
    assert all(ric.is_valid(p.id_number) for p in people)
    assert len({p.id_number for p in people}) == len(people)
    for person in people:
        birth = ric.get_birth_date(person.id_number)
        age = (
            demo.REFERENCE_DAY.year
            - birth.year
            - ((demo.REFERENCE_DAY.month, demo.REFERENCE_DAY.day) < (birth.month, birth.day))
        )
        assert 23 <= age <= 58
        # the 17th digit is odd for men
        assert (int(person.id_number[16]) % 2 == 1) == (person.gender == Staff.Gender.MALE)
        assert len(person.phone) == 11 and person.phone.startswith("1")


def test_qualification_is_visible(loaded):
    officers = Staff.objects.filter(kind=Staff.Kind.OFFICER).prefetch_related("certificates")
    unqualified = [o for o in officers if not rules.is_qualified(o, on=ON)]
    assert 5 <= len(unqualified) <= 12
    statuses = {o.status for o in unqualified}
    assert {Staff.Status.STUDY_LEAVE, Staff.Status.ACTIVE} <= statuses
    assert TrainingRecord.objects.filter(exam_result="failed").count() >= 2
    share = rules.legal_reviewer_share()
    assert share["met"] and share["reviewers"] >= 2
    assert Staff.objects.filter(is_legal_reviewer=True, legal_professional_qualification=True).exists()


def test_training_mostly_meets_60_hours(loaded):
    officers = list(Staff.objects.filter(kind=Staff.Kind.OFFICER).prefetch_related("training_records"))
    met = not_met = 0
    for officer in officers:
        for year in rules.training_by_year(officer.training_records.all()):
            assert year["year"] in (2024, 2025, 2026)
            met += year["met"]
            not_met += not year["met"]
    assert met > 5 * not_met > 0


def test_demo_logins(loaded):
    expected = {
        "admin": "system_admin", "secadmin": "security_admin", "auditor": "audit_admin",
        "leader": "leader", "reviewer": "legal_reviewer", "squadleader": "squad_leader",
        "officer": "officer", "officer2": "officer", "auxiliary": "auxiliary",
        "clerk": "intake_clerk", "inspector": "inspector", "supervisor": "social_supervisor",
    }  # fmt: skip
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password(settings.DEMO_PASSWORD)
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {"admin", "secadmin"}
    for username in ("officer", "officer2", "squadleader"):
        staff = Staff.objects.get(user__username=username)
        assert staff.unit.name == "一中队"
        assert rules.is_qualified(staff, on=ON)
    reviewer = Staff.objects.get(user__username="reviewer")
    assert reviewer.unit.name == "法制宣传监督股" and reviewer.is_legal_reviewer
    assert Staff.objects.get(user__username="auxiliary").kind == Staff.Kind.AUXILIARY
    assert Staff.objects.get(user__username="inspector").unit.name == "督查室"
    assert not Staff.objects.filter(user__username="supervisor").exists()


def test_grids_tile_the_city(loaded):
    grids = list(Grid.objects.select_related("squad"))
    assert {g.squad.name for g in grids} == {"一中队", "二中队", "三中队", "四中队", "五中队"}
    for i in range(24):
        for j in range(18):
            lng = demo.LNG_MIN + (i + 0.5) * (demo.LNG_MAX - demo.LNG_MIN) / 24
            lat = demo.LAT_MIN + (j + 0.5) * (demo.LAT_MAX - demo.LAT_MIN) / 18
            assert grid_for_point(lng, lat) is not None, (lng, lat)
    assert grid_for_point(118.2, 34.2) is None
