"""Staff pages: who may open them, scoping (404 for another squad's people), content and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.accounts.roles import Role
from sunshine.org.models import Certificate, Staff

from ..factories import (
    BodyCameraFactory,
    CertificateFactory,
    GridFactory,
    StaffFactory,
    TrainingRecordFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ["/work/org/", "/work/org/units/", "/work/org/staff/", "/work/org/equipment/", "/work/org/grids/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICER, 200),
        (Role.SQUAD_LEADER, 200),
        (Role.LEADER, 200),
        (Role.LEGAL_REVIEWER, 200),
        (Role.INSPECTOR, 200),
        (Role.INTAKE_CLERK, 200),
        (Role.AUXILIARY, 403),
        (Role.SOCIAL_SUPERVISOR, 403),
        (Role.AUDIT_ADMIN, 403),
        (Role.SYSTEM_ADMIN, 403),
    ],
)
def test_page_access(client, login, make_user, path, role, status):
    login(client, make_user(role))
    assert client.get(path).status_code == status


def test_anonymous_is_sent_to_login(client, bureau):
    response = client.get("/work/org/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


class TestScoping:
    def test_officer_sees_own_squad_only(self, client, login, make_user, bureau):
        officer = make_user(Role.OFFICER)
        mate = StaffFactory(unit=bureau["squad1"], name="同队张")
        stranger = StaffFactory(unit=bureau["squad2"], name="邻队李")
        login(client, officer)
        listing = client.get("/work/org/staff/").content.decode()
        assert "同队张" in listing
        assert "邻队李" not in listing
        assert client.get(f"/work/org/staff/{mate.pk}/").status_code == 200
        assert client.get(f"/work/org/staff/{stranger.pk}/").status_code == 404
        assert client.get(f"/work/org/staff/{stranger.pk}/training/").status_code == 404
        assert client.get("/work/org/staff/999999/").status_code == 404

    def test_leader_sees_every_squad(self, client, login, make_user, bureau):
        stranger = StaffFactory(unit=bureau["squad2"], name="邻队李")
        login(client, make_user(Role.LEADER))
        assert "邻队李" in client.get("/work/org/staff/").content.decode()
        assert client.get(f"/work/org/staff/{stranger.pk}/").status_code == 200

    def test_equipment_is_scoped(self, client, login, make_user, bureau):
        BodyCameraFactory(unit=bureau["squad1"], serial="CAM-OWN")
        BodyCameraFactory(unit=bureau["squad2"], serial="CAM-OTHER")
        VehicleFactory(unit=bureau["squad2"], plate="苏C-OTHER")
        login(client, make_user(Role.OFFICER))
        page = client.get("/work/org/equipment/").content.decode()
        assert "CAM-OWN" in page
        assert "CAM-OTHER" not in page
        assert "苏C-OTHER" not in page


class TestStaffList:
    def test_search_and_filters(self, client, login, make_user, bureau):
        login(client, make_user(Role.LEADER))
        a = StaffFactory(unit=bureau["squad1"], name="王建国", employee_no="XCG0100")
        CertificateFactory(staff=a, number="32038124999")
        StaffFactory(unit=bureau["squad2"], name="李协管", kind=Staff.Kind.AUXILIARY)
        expired = StaffFactory(unit=bureau["squad2"], name="赵过期")
        CertificateFactory(staff=expired, issued_on=dt.date(2019, 1, 1), expires_on=dt.date(2024, 12, 31))

        def names(query):
            return client.get(f"/work/org/staff/?{query}").content.decode()

        assert "王建国" in names("q=建国")
        assert "王建国" in names("q=XCG0100")
        page = names("q=32038124999")
        assert "王建国" in page and "赵过期" not in page
        page = names("kind=auxiliary")
        assert "李协管" in page and "王建国" not in page
        page = names(f"unit={bureau['squad2'].pk}")
        assert "赵过期" in page and "王建国" not in page
        page = names("qualified=no")
        assert "赵过期" in page and "李协管" in page and "王建国" not in page
        page = names("qualified=yes")
        assert "王建国" in page and "赵过期" not in page
        # nonsense filters are ignored, not a server error
        assert client.get("/work/org/staff/?unit=abc&kind=zzz&page=999").status_code == 200

    def test_query_count_does_not_grow(self, client, login, make_user, bureau):
        login(client, make_user(Role.LEADER))

        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/work/org/staff/").status_code == 200
            return len(ctx)

        for _ in range(3):
            CertificateFactory(staff=StaffFactory(unit=bureau["squad1"]))
        count()  # warm up: the first request creates the security policy row
        few = count()
        for _ in range(20):
            person = StaffFactory(unit=bureau["squad2"])
            CertificateFactory(staff=person)
            TrainingRecordFactory(staff=person, hours=30, date=dt.date(2026, 1, 9))
        assert count() == few
        assert few <= 15

    def test_other_lists_bounded(self, client, login, make_user, bureau, django_assert_max_num_queries):
        login(client, make_user(Role.LEADER))
        for _ in range(15):
            person = StaffFactory(unit=bureau["squad1"])
            BodyCameraFactory(unit=bureau["squad1"], assigned_to=person)
            VehicleFactory(unit=bureau["squad2"])
            GridFactory(squad=bureau["squad1"])
        for path in ["/work/org/units/", "/work/org/equipment/", "/work/org/grids/"]:
            with django_assert_max_num_queries(14):
                assert client.get(path).status_code == 200


class TestStaffDetail:
    def test_qualified_officer(self, client, login, make_user, bureau):
        user = make_user(Role.OFFICER)
        login(client, user)
        page = client.get(f"/work/org/staff/{user.staff.pk}/").content.decode()
        assert 'data-testid="qualification"' in page
        assert "border-success" in page

    def test_not_qualified_shows_why_and_citation(self, client, login, make_user, bureau):
        login(client, make_user(Role.LEADER))
        person = StaffFactory(unit=bureau["squad1"], status=Staff.Status.STUDY_LEAVE)
        CertificateFactory(staff=person, status=Certificate.Status.SUSPENDED)
        page = client.get(f"/work/org/staff/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "border-danger" in page
        assert page.count('class="citation"') == 2

    def test_training_years_met_and_not_met(self, client, login, make_user, bureau):
        login(client, make_user(Role.LEADER))
        person = StaffFactory(unit=bureau["squad1"])
        TrainingRecordFactory(staff=person, hours=60, date=dt.date(2025, 5, 1))
        TrainingRecordFactory(staff=person, hours="59.5", date=dt.date(2024, 5, 1))
        page = client.get(f"/work/org/staff/{person.pk}/").content.decode()
        assert page.count("text-bg-success") >= 1 and page.count("text-bg-danger") >= 1
        training = client.get(f"/work/org/staff/{person.pk}/training/").content.decode()
        assert 'data-testid="training-2025"' in training and 'data-testid="training-2024"' in training


class TestGrids:
    def test_locate_a_point_and_draw_the_map(self, client, login, make_user, bureau):
        login(client, make_user(Role.OFFICER))
        GridFactory(
            code="G-A",
            squad=bureau["squad1"],
            polygon={
                "type": "Polygon",
                "coordinates": [[[118.3, 34.3], [118.4, 34.3], [118.4, 34.4], [118.3, 34.4], [118.3, 34.3]]],
            },
            min_lng=118.3,
            min_lat=34.3,
            max_lng=118.4,
            max_lat=34.4,
        )
        page = client.get("/work/org/grids/?lng=118.35&lat=34.35").content.decode()
        assert "<polygon" in page and "org-map-highlight" in page and "<circle" in page
        assert 'style="' not in page.split("<main", 1)[1]
        page = client.get("/work/org/grids/?lng=100&lat=20").content.decode()
        assert 'data-testid="located"' in page and "org-map-highlight" not in page
        assert client.get("/work/org/grids/?lng=x&lat=1").status_code == 200


def test_unit_tree_order(client, login, make_user, bureau):
    from sunshine.org import selectors
    from sunshine.org.models import Unit

    login(client, make_user(Role.LEADER))
    brigade = bureau["brigade"]
    for number in range(3, 12):
        Unit.objects.create(code=f"S{number}", name=f"{number}中队", kind=Unit.Kind.SQUAD, parent=brigade)
    from sunshine.org.services import unit_rebuild_paths

    unit_rebuild_paths()
    Unit.objects.filter(code="S11").update(sort_order=0)
    Unit.objects.exclude(code="S11").update(sort_order=5)
    ordered = [u.code for u in selectors.tree_order(list(Unit.objects.all()))]
    assert ordered[0] == "B"
    assert (
        ordered.index("B1")
        < ordered.index("S11")
        < ordered.index("S1")
        < ordered.index("S2")
        < ordered.index("S3")
    )
    assert ordered.index("S3") < ordered.index("S10")
    assert client.get("/work/org/units/").status_code == 200


def test_qualified_officers_selector_matches_the_rule(make_user, bureau):
    from sunshine.org import rules, selectors

    leader = make_user(Role.LEADER)
    officer = make_user(Role.OFFICER)
    day = dt.date(2026, 6, 1)
    expired = StaffFactory(unit=bureau["squad1"])
    CertificateFactory(staff=expired, issued_on=dt.date(2021, 6, 1), expires_on=dt.date(2026, 5, 31))
    today_last = StaffFactory(unit=bureau["squad2"])
    CertificateFactory(staff=today_last, issued_on=dt.date(2021, 6, 2), expires_on=day)
    StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.AUXILIARY)
    everyone = Staff.objects.prefetch_related("certificates")
    expected = {s.pk for s in everyone if rules.is_qualified(s, on=day)}
    assert set(selectors.qualified_officers(user=leader, on=day).values_list("pk", flat=True)) == expected
    assert today_last.pk in expected and expired.pk not in expected
    own = set(selectors.qualified_officers(user=officer, on=day).values_list("pk", flat=True))
    assert today_last.pk not in own and officer.staff.pk in own
