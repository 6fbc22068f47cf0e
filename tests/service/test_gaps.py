"""The letter extension, the API of supervision items, supervisors' reports and misconduct, report photos,
vendor groups and the styled forms."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sunshine.accounts.roles import Role
from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff
from sunshine.parties.models import Party
from sunshine.service import services, supervision, vendor_groups
from sunshine.service.models import Notice, SocialSupervisor, SupervisionItem, VendorGroup
from sunshine.workdays.models import Deadline
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _png(name="p.png", size=(800, 600)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def supervisor_user(db):
    user = UserFactory(username="sup1", roles=[Role.SOCIAL_SUPERVISOR])
    SocialSupervisor.objects.create(
        user=user, name="李监督", background="business", area="新安街道", appointed_on=dt.date(2026, 1, 1)
    )
    return user


@pytest.fixture
def letter(make_user):
    clerk = make_user("intake_clerk")
    received = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    return services.request_register(
        actor=clerk,
        channel="letter",
        kind="complaint",
        content="来信反映夜市噪声扰民",
        citizen_phone="13812345678",
        received_at=received,
    )


# --- the 30-day extension of a letter (《信访工作条例》第三十四条) ----------------------------------------


def test_a_leader_extends_a_letter_once_by_at_most_30_days_and_the_citizen_is_told(letter, make_user):
    leader = make_user("leader")
    before = letter.due_at
    with pytest.raises(RuleViolation) as exc:
        services.request_extend(actor=leader, request=letter, days=31, reason="情况复杂，需多部门会商")
    assert exc.value.code == "extension_too_long"
    with pytest.raises(RuleViolation) as exc:
        services.request_extend(actor=leader, request=letter, days=30, reason="  ")
    assert exc.value.code == "extension_reason"
    req = services.request_extend(actor=leader, request=letter, days=30, reason="情况复杂，需多部门会商")
    from sunshine.workdays import calendar

    assert req.due_at > before
    assert timezone.localtime(req.due_at).date() == calendar.compute(letter.received_at, 90, "calendar").due
    assert req.extension_days == 30 and req.extended_by == leader
    row = Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY, status="open")
    assert row.due == timezone.localtime(req.due_at).date()
    notice = Notice.objects.filter(request=req).latest("pk")
    assert "30" in notice.text and "情况复杂" in notice.text
    assert Event.objects.filter(action="service.extend", object_id=str(req.pk)).exists()
    with pytest.raises(RuleViolation) as exc:
        services.request_extend(actor=leader, request=req, days=1, reason="再次延期")
    assert exc.value.code == "extension_used"


def test_one_day_is_the_lower_boundary(letter, make_user):
    leader = make_user("leader")
    with pytest.raises(RuleViolation):
        services.request_extend(actor=leader, request=letter, days=0, reason="x")
    assert services.request_extend(actor=leader, request=letter, days=1, reason="x").extension_days == 1


def test_only_leaders_extend_and_only_letters(letter, make_user):
    officer = make_user("officer", unit="squad1")
    with pytest.raises(PermissionDeniedError):
        services.request_extend(actor=officer, request=letter, days=10, reason="x")
    leader = make_user("leader")
    phone = services.request_register(actor=leader, channel="phone", kind="complaint", content="噪声")
    with pytest.raises(RuleViolation) as exc:
        services.request_extend(actor=leader, request=phone, days=10, reason="x")
    assert exc.value.code == "extension_letters_only"


def test_extension_page_and_api(letter, make_user, login, api_client):
    leader = make_user("leader")
    client = login(leader)
    page = client.get(reverse("service:detail", args=[letter.pk])).content.decode()
    assert reverse("service:act", args=[letter.pk, "extend"]) in page
    client.post(reverse("service:act", args=[letter.pk, "extend"]), {"days": 40, "reason": "x"})
    letter.refresh_from_db()
    assert letter.extension_days is None
    client.post(reverse("service:act", args=[letter.pk, "extend"]), {"days": 15, "reason": "需现场勘查"})
    letter.refresh_from_db()
    assert letter.extension_days == 15
    portal = client.get(reverse("service_portal:track_no", args=[letter.tracking_no])).content.decode()
    assert "15" in portal
    api_client.force_authenticate(leader)
    response = api_client.post(f"/api/v1/service/requests/{letter.pk}/extend/", {"days": 5, "reason": "x"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "extension_used"
    officer = make_user("officer", unit="squad1")
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/service/requests/{letter.pk}/extend/", {"days": 5, "reason": "x"})
    assert response.status_code == 403


# --- supervision items through the API ---------------------------------------------------------------


def test_supervision_api_create_progress_finish(make_user, bureau, api_client):
    leader = make_user("leader")
    officer = make_user("officer", unit="squad1")
    other = make_user("officer", unit="squad2", username="o2")
    api_client.force_authenticate(leader)
    response = api_client.post(
        "/api/v1/service/supervision/",
        {
            "source": "mayor",
            "reference": "市长热线2026-118",
            "content": "夜市油烟扰民",
            "deadline": str(timezone.localdate() + dt.timedelta(days=10)),
            "unit": bureau["squad1"].pk,
            "responsible": officer.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api_client.post(
        "/api/v1/service/supervision/",
        {
            "source": "mayor",
            "content": "x",
            "deadline": str(timezone.localdate() - dt.timedelta(days=1)),
            "unit": bureau["squad1"].pk,
            "responsible": officer.pk,
        },
        format="json",
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "deadline_past"
    api_client.force_authenticate(officer)
    assert api_client.post("/api/v1/service/supervision/", {}, format="json").status_code == 403
    url = f"/api/v1/service/supervision/{pk}/"
    assert api_client.post(url + "progress/", {"text": ""}, format="json").status_code == 422
    assert api_client.post(url + "progress/", {"text": "已约谈商户"}, format="json").status_code == 201
    assert api_client.post(url + "finish/", {"result": "油烟净化器已安装"}, format="json").status_code == 200
    body = api_client.get(url).json()
    assert body["state"] == "done" and [p["text"] for p in body["progress"]] == ["已约谈商户"]
    api_client.force_authenticate(other)  # another squad, not responsible: hidden
    assert api_client.get(url).status_code == 404
    assert all(i["id"] != pk for i in api_client.get("/api/v1/service/supervision/").json())


# --- supervisors' reports, misconduct and photos -----------------------------------------------------


def test_supervisor_reports_through_the_api_with_a_photo(supervisor_user, api_client):
    api_client.force_authenticate(supervisor_user)
    response = api_client.post(
        "/api/v1/service/reports/",
        {
            "kind": "problem",
            "content": "人行道占道经营",
            "place": "新安路",
            "occurred_at": timezone.now().isoformat(),
            "photo": _png(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tracking_no"] and body["photo_url"]
    thumb = api_client.get(body["photo_url"] + "?size=thumb")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) == supervision.THUMBNAIL_PX
    full = api_client.get(body["photo_url"])
    assert full.status_code == 200 and Image.open(io.BytesIO(b"".join(full.streaming_content))).size == (
        800,
        600,
    )
    response = api_client.post(
        "/api/v1/service/reports/",
        {"kind": "problem", "content": "", "place": "", "occurred_at": timezone.now().isoformat()},
        format="multipart",
    )
    assert response.status_code == 422
    assert [r["id"] for r in api_client.get("/api/v1/service/reports/").json()] == [body["id"]]


def test_misconduct_api_and_photo_never_reach_the_reported_person(
    supervisor_user, make_user, login, api_client
):
    leader = make_user("leader")
    inspector = make_user("inspector")
    report = supervision.supervisor_report(
        actor=supervisor_user,
        kind="misconduct",
        content="执法时态度粗暴",
        place="人民路",
        occurred_at=timezone.now(),
        staff_reported=Staff.objects.get(user=leader),
        photo=_png(),
    )
    api_client.force_authenticate(leader)  # the person reported
    assert api_client.get("/api/v1/service/misconduct/").json() == []
    assert api_client.get(f"/api/v1/service/misconduct/{report.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/service/misconduct/{report.pk}/photo/").status_code == 404
    assert (
        api_client.post(f"/api/v1/service/misconduct/{report.pk}/result/", {"result": "x"}).status_code == 404
    )
    assert login(leader).get(reverse("service:misconduct_photo", args=[report.pk])).status_code == 404
    officer = make_user("officer", unit="squad1")
    api_client.force_authenticate(officer)
    assert api_client.get("/api/v1/service/misconduct/").status_code == 403
    api_client.force_authenticate(inspector)
    listed = api_client.get("/api/v1/service/misconduct/").json()
    assert [r["id"] for r in listed] == [report.pk]
    assert api_client.get(listed[0]["photo_url"] + "?size=thumb").status_code == 200
    response = api_client.post(f"/api/v1/service/misconduct/{report.pk}/result/", {"result": ""})
    assert response.status_code == 422
    response = api_client.post(f"/api/v1/service/misconduct/{report.pk}/result/", {"result": "已通报批评"})
    assert response.status_code == 200
    page = login(inspector).get(reverse("service:misconduct_detail", args=[report.pk])).content.decode()
    assert reverse("service:misconduct_photo", args=[report.pk]) + "?size=thumb" in page
    api_client.force_authenticate(supervisor_user)
    assert api_client.get("/api/v1/service/reports/").json()[0]["result"] == "已通报批评"


def test_photos_on_the_supervisor_page_and_the_request_page(supervisor_user, make_user, login):
    report = supervision.supervisor_report(
        actor=supervisor_user,
        kind="problem",
        content="占道经营",
        place="新安路",
        occurred_at=timezone.now(),
        photo=_png(),
    )
    own = reverse("service:own_report_photo", args=[report.pk])
    client = login(supervisor_user)
    assert own in client.get(reverse("service:supervisor_home")).content.decode()
    assert client.get(own + "?size=thumb").status_code == 200
    other = UserFactory(username="sup2", roles=[Role.SOCIAL_SUPERVISOR])
    SocialSupervisor.objects.create(
        user=other, name="王监督", background="expert", area="城区", appointed_on=dt.date(2026, 1, 1)
    )
    assert login(other).get(own).status_code == 404
    leader = make_user("leader")  # bureau-wide: sees the request and its report's photo
    client = login(leader)
    page = client.get(reverse("service:detail", args=[report.request_id])).content.decode()
    assert reverse("service:request_photo", args=[report.request_id]) in page
    assert client.get(reverse("service:request_photo", args=[report.request_id])).status_code == 200


# --- vendors' self-governance groups ------------------------------------------------------------------


def test_vendor_groups_pages_and_edit(make_user, login, api_client):
    squad_leader = make_user("squad_leader", unit="squad1")
    officer = make_user("officer", unit="squad1", username="o1")
    a, b, c = (Party.objects.create(name=n) for n in ("张摊主", "李摊主", "王摊主"))
    with pytest.raises(PermissionDeniedError):
        vendor_groups.vendor_group_save(actor=officer, name="g", area="a", leader=a, members=[])
    with pytest.raises(RuleViolation):
        vendor_groups.vendor_group_save(actor=squad_leader, name="", area="a", leader=a, members=[])
    group = vendor_groups.vendor_group_save(
        actor=squad_leader, name="新华路夜市自治小组", area="新华路", leader=a, members=[b, c]
    )
    assert set(group.members.all()) == {a, b, c}  # the leader is always a member
    client = login(officer)
    assert "新华路夜市自治小组" in client.get(reverse("service:vendor_groups")).content.decode()
    detail = client.get(reverse("service:vendor_group_detail", args=[group.pk])).content.decode()
    assert "张摊主" in detail and "李摊主" in detail
    assert client.get(reverse("service:vendor_group_edit", args=[group.pk])).status_code == 403
    client = login(squad_leader)
    response = client.post(
        reverse("service:vendor_group_edit", args=[group.pk]),
        {
            "name": "新华路夜市自治小组",
            "area": "新华路（钟吾路至人民路段）",
            "leader": c.pk,
            "members": [b.pk, c.pk],
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.leader == c and set(group.members.all()) == {b, c}
    event = Event.objects.filter(action="service.vendor_group_update").latest("seq")
    assert event.payload["removed"] == [a.pk] and event.payload["added"] == []
    api_client.force_authenticate(officer)
    assert api_client.get("/api/v1/service/vendor-groups/").json()[0]["leader_name"] == "王摊主"
    assert api_client.post("/api/v1/service/vendor-groups/", {}, format="json").status_code == 403
    api_client.force_authenticate(squad_leader)
    response = api_client.put(
        f"/api/v1/service/vendor-groups/{group.pk}/",
        {"name": "新华路自治小组", "area": "新华路", "leader": b.pk, "members": []},
        format="json",
    )
    assert response.status_code == 200 and [m["name"] for m in response.json()["members"]] == ["李摊主"]
    assert VendorGroup.objects.count() == 1


# --- styled forms ----------------------------------------------------------------------------------


def test_staff_forms_have_labels_help_and_field_errors(make_user, login):
    clerk = make_user("intake_clerk")
    client = login(clerk)
    page = client.get(reverse("service:register")).content.decode()
    assert 'class="form-select' in page and 'class="form-text"' in page and "as_div" not in page
    response = client.post(
        reverse("service:register"), {"channel": "phone", "kind": "complaint", "content": ""}
    )
    assert 'class="invalid-feedback d-block"' in response.content.decode()


def test_supervision_item_page_still_works(make_user, bureau, login):
    leader = make_user("leader")
    item = supervision.supervision_create(
        actor=leader,
        source="mayor",
        content="夜市油烟",
        deadline=timezone.localdate() + dt.timedelta(days=5),
        unit=bureau["squad1"],
        responsible=leader,
    )
    page = login(leader).get(reverse("service:supervision_detail", args=[item.pk])).content.decode()
    assert 'class="form-control' in page
    assert SupervisionItem.objects.count() == 1


# --- speed: one-step dispatch and the board's index --------------------------------------------------


def test_dispatch_at_registration_keeps_every_record(make_user, bureau):
    from sunshine.workdays.models import Deadline

    clerk = make_user("intake_clerk")
    req = services.request_register(
        actor=clerk, channel="hotline", kind="complaint", content="占道经营", dispatch_to=bureau["squad2"]
    )
    assert req.status == "dispatched" and req.unit == bureau["squad2"]
    row = Deadline.objects.get(owner_id=req.pk, key=services.DUE_KEY, status="open")
    assert row.unit == bureau["squad2"] and row.responsible == clerk
    events = Event.objects.filter(object_id=str(req.pk), action__startswith="service.").order_by("seq")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["service.register", "service.dispatch"]
    dispatch = Event.objects.get(object_id=str(req.pk), action="service.dispatch")
    assert dispatch.payload["deadline"]["due"] == (row.due_at or row.due).isoformat()
    # the deadline is recorded in the service's events, not twice more in the chain
    assert not Event.objects.filter(action="workdays.deadline_set").exists()


def test_dispatch_to_the_suggested_squad_needs_one(make_user):
    clerk = make_user("intake_clerk")
    with pytest.raises(RuleViolation) as exc:
        services.request_register(actor=clerk, channel="phone", kind="complaint", content="x", dispatch=True)
    assert exc.value.code == "no_squad"
    from sunshine.service.models import Request

    assert not Request.objects.exists()


def test_two_step_dispatch_records_the_deadline_in_its_event(make_user, bureau):
    clerk = make_user("intake_clerk")
    req = services.request_register(actor=clerk, channel="phone", kind="complaint", content="x")
    services.request_dispatch(actor=clerk, request=req, unit=bureau["squad1"])
    register = Event.objects.get(object_id=str(req.pk), action="service.register")
    dispatch = Event.objects.get(object_id=str(req.pk), action="service.dispatch")
    assert register.payload["deadlines"][0]["key"] == services.DUE_KEY
    assert dispatch.payload["deadline"]["unit"] == bureau["squad1"].pk


def test_board_reads_the_open_index_after_analyze(make_user, bureau):
    from django.db import connection

    from sunshine.service import selectors

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner")
    leader = make_user("leader")
    for i in range(30):
        req = services.request_register(actor=leader, channel="phone", kind="complaint", content=f"x{i}")
        if i % 3:
            services.request_reply(actor=leader, request=req, channel="phone", content="已处理")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    board = selectors.request_board(leader)
    assert "service_req_open_due" in board[:100].explain()
    rows = list(board)
    assert len(rows) == 10 and all(r["status"] == "registered" for r in rows)
    assert [r["due_at"] for r in rows] == sorted(r["due_at"] for r in rows)


def test_register_page_and_api_dispatch_at_once(make_user, bureau, login, api_client):
    from sunshine.org.models import Grid
    from sunshine.service.models import Request

    Grid.objects.create(
        code="G1",
        name="网格1",
        squad=bureau["squad1"],
        polygon={
            "type": "Polygon",
            "coordinates": [[[118, 34], [118.1, 34], [118.1, 34.1], [118, 34.1], [118, 34]]],
        },
        min_lng=118,
        max_lng=118.1,
        min_lat=34,
        max_lat=34.1,
    )
    clerk = make_user("intake_clerk")
    response = login(clerk).post(
        reverse("service:register"),
        {
            "channel": "hotline",
            "kind": "complaint",
            "urgency": "ordinary",
            "content": "占道经营",
            "lng": "118.05",
            "lat": "34.05",
            "dispatch": "on",
        },
    )
    assert response.status_code == 302
    req = Request.objects.get()
    assert req.status == "dispatched" and req.unit == bureau["squad1"]
    api_client.force_authenticate(clerk)
    response = api_client.post(
        "/api/v1/service/requests/",
        {"channel": "phone", "kind": "inquiry", "content": "咨询", "dispatch_to": bureau["squad2"].pk},
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "dispatched"
    assert response.json()["unit"] == bureau["squad2"].pk
