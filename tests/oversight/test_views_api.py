"""Pages and API of oversight: the mobile checklist, the rectification loop, faults, exams, the officer
record (scope, registered sections, a fixed number of queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sunshine.org.models import Staff
from sunshine.oversight import record as record_module
from sunshine.oversight import services
from sunshine.oversight.models import ConductCheck, FaultFlag, Finding, FindingPhoto
from tests.factories import CaseFactory, TrainingRecordFactory

from .conftest import entry
from .test_services import png_bytes

pytestmark = pytest.mark.django_db


def test_the_mobile_checklist_records_a_daily_check_with_a_photo(team, client):
    client.force_login(team.squad_leader)
    squad = team.bureau["squad1"]
    page = client.get(reverse("oversight:check_create") + f"?unit={squad.pk}")
    assert page.status_code == 200
    assert f'name="present_{team.officer.staff.pk}"' in page.content.decode()
    o1, o2 = team.officer.staff.pk, team.officer2.staff.pk
    data = {
        "kind": "daily",
        "unit": squad.pk,
        "place": "人民路",
        "rectify_days": 3,
        f"present_{o1}": "1",
        f"certificate_{o1}": "1",
        f"conduct_{o1}": "1",
        f"recorder_{o1}": "1",  # uniform left unticked: not met
        f"photos_{o1}": SimpleUploadedFile("u.png", png_bytes(), content_type="image/png"),
        f"present_{o2}": "1",
        f"uniform_{o2}": "1",
        f"certificate_{o2}": "1",
        f"conduct_{o2}": "1",
        f"recorder_{o2}": "1",
    }
    response = client.post(reverse("oversight:check_create"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    check = ConductCheck.objects.get()
    assert check.entries.count() == 2
    finding = Finding.objects.get()
    assert (finding.staff_id, finding.item) == (o1, "uniform")
    assert FindingPhoto.objects.filter(finding=finding).count() == 1


def test_the_checklist_shows_the_error_and_saves_nothing(team, client):
    client.force_login(team.squad_leader)
    response = client.post(
        reverse("oversight:check_create"),
        {"kind": "daily", "unit": team.bureau["squad1"].pk, "rectify_days": 3},
    )
    assert response.status_code == 200
    assert "至少检查一名队员" in response.content.decode()
    assert not ConductCheck.objects.exists()


def test_rectification_through_the_api(team, client):
    check = services.check_record(
        actor=team.squad_leader,
        kind="daily",
        unit=team.bureau["squad1"],
        entries=[entry(team.officer, recorder=False)],
    )
    finding = check.findings.get()
    client.force_login(team.officer)
    mine = client.get(reverse("oversight-api-findings") + "?status=open").json()
    assert [f["id"] for f in mine] == [finding.pk]
    bad = client.post(
        reverse("oversight-api-finding-respond", args=[finding.pk]), {}, content_type="application/json"
    )
    assert bad.status_code == 400
    ok = client.post(
        reverse("oversight-api-finding-respond", args=[finding.pk]),
        {"response": "已开启执法记录仪并检查电量"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    client.force_login(team.squad_leader)
    closed = client.post(
        reverse("oversight-api-finding-close", args=[finding.pk]),
        {"accept": True},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(
        reverse("oversight-api-finding-close", args=[finding.pk]),
        {"accept": True},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "oversight.finding_state"
    fake = SimpleUploadedFile("x.jpg", b"GIF89a-not-really", content_type="image/jpeg")
    photo = client.post(reverse("oversight-api-finding-photos", args=[finding.pk]), {"image": fake})
    assert photo.status_code == 400


def test_checks_through_the_api_and_scope(team, client):
    client.force_login(team.inspector)
    body = {
        "kind": "unannounced",
        "unit": team.bureau["squad2"].code,
        "entries": [{"staff": team.other_officer.staff.pk, "conduct": False, "note": "与摊主争吵"}],
    }
    made = client.post(reverse("oversight-api-checks"), body, content_type="application/json")
    assert made.status_code == 201, made.content
    check_id = made.json()["id"]
    client.force_login(team.squad_leader)  # squad 1's leader: a squad 2 check is invisible
    assert client.get(reverse("oversight-api-check", args=[check_id])).status_code == 404
    assert client.get(reverse("oversight-api-checks")).json() == []
    client.force_login(team.other_officer)
    assert (
        client.get(reverse("oversight-api-check", args=[check_id])).json()["findings"][0]["item"] == "conduct"
    )


def test_faults_and_flags_through_the_api(team, client):
    client.force_login(team.reviewer)
    case2 = CaseFactory(unit=team.bureau["squad1"])
    for case, day in ((team.case, "2026-02-02"), (case2, "2026-05-06")):
        answer = client.post(
            reverse("oversight-api-faults"),
            {
                "case": case.number,
                "source": "reconsideration",
                "found_on": day,
                "description": "事实不清、证据不足，被复议机关撤销",
                "officers": [team.officer.staff.employee_no],
            },
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
    assert FaultFlag.objects.filter(staff=team.officer.staff, year=2026).exists()
    unknown = client.post(
        reverse("oversight-api-faults"),
        {"case": "no-such", "source": "review", "found_on": "2026-05-06", "description": "x", "officers": []},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    client.force_login(team.inspector)
    flags = client.get(reverse("oversight-api-flags") + "?year=2026").json()
    assert [f["staff"]["id"] for f in flags] == [team.officer.staff.pk]


def test_exam_failure_through_the_api(team, client):
    client.force_login(team.inspector)
    answer = client.post(
        reverse("oversight-api-exams"),
        {
            "staff": team.officer3.staff.pk,
            "sat_on": timezone.localdate().isoformat(),
            "passed": False,
            "score": "48",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["status"] == "study_leave"
    assert Staff.objects.get(pk=team.officer3.staff.pk).status == "study_leave"
    due = client.get(reverse("oversight-api-certificate-reviews")).json()["due"]
    row = next(r for r in due if r["staff"]["id"] == team.officer3.staff.pk)
    assert "study_leave" in row["concerns"] and "training" in row["concerns"]


def test_record_scope(team, client):
    url = reverse("oversight:record", args=[team.officer2.staff.pk])
    client.force_login(team.officer)
    assert client.get(url).status_code == 404  # another officer's record
    assert client.get(reverse("oversight:record_index")).status_code == 302  # straight to their own
    client.force_login(team.squad_leader)
    assert client.get(url).status_code == 200
    assert client.get(reverse("oversight:record", args=[team.other_officer.staff.pk])).status_code == 404
    client.force_login(team.inspector)
    assert client.get(reverse("oversight:record", args=[team.other_officer.staff.pk])).status_code == 200


def test_record_shows_the_year_and_registered_sections(team, client, django_assert_max_num_queries):
    year = timezone.localdate().year
    TrainingRecordFactory(staff=team.officer.staff, hours=12, date=dt.date(year, 1, 9))
    services.check_record(
        actor=team.squad_leader,
        kind="daily",
        unit=team.bureau["squad1"],
        entries=[entry(team.officer, uniform=False)],
    )

    def section(staff, year):
        return {
            "title": "测试评分栏目",
            "template": "oversight/_record_section.html",
            "context": {"rows": [("评查案卷", "registered-7")]},
            "order": 45,
        }

    record_module.register_record_section(section)
    try:
        client.force_login(team.inspector)
        url = reverse("oversight:record", args=[team.officer.staff.pk]) + f"?year={year}"
        with django_assert_max_num_queries(40):
            page = client.get(url)
        body = page.content.decode()
        assert page.status_code == 200
        assert "测试评分栏目" in body and "registered-7" in body
        assert "12.0" in body  # training hours of the year
        api = client.get(
            reverse("oversight-api-record", args=[team.officer.staff.pk]) + f"?year={year}"
        ).json()
        assert api["checks"]["checks"] == 1 and api["checks"]["uniform"] == 1
        assert api["findings"]["open"] == 1
        assert {"title": "测试评分栏目", "order": 45} in api["sections"]
        # Another year is empty.
        other = client.get(
            reverse("oversight-api-record", args=[team.officer.staff.pk]) + f"?year={year - 1}"
        ).json()
        assert other["checks"]["checks"] == 0
    finally:
        record_module._SECTIONS.remove(section)


def test_record_queries_do_not_grow_with_the_rows(team, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team.inspector)
    url = reverse("oversight:record", args=[team.officer.staff.pk])
    services.check_record(  # one of each row first: a prefetch runs only when there are rows
        actor=team.squad_leader,
        kind="daily",
        unit=team.bureau["squad1"],
        entries=[entry(team.officer, uniform=False)],
    )
    client.get(url)  # singletons made on first use (the security policy) are not the page's
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        services.check_record(
            actor=team.squad_leader,
            kind="daily",
            unit=team.bureau["squad1"],
            entries=[entry(team.officer, uniform=False, recorder=False)],
        )
        CaseFactory(unit=team.bureau["squad1"], handler=team.officer, registered_on=timezone.localdate())
        del i
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    def reads(ctx):  # the session middleware may save the session on one request and not the other
        return [
            q["sql"]
            for q in ctx.captured_queries
            if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
        ]

    import difflib

    diff = "\n".join(difflib.unified_diff([q[:99] for q in reads(few)], [q[:99] for q in reads(many)]))
    assert len(reads(many)) == len(reads(few)), diff
