"""Pages and API: the scoring form, the public rating page, the unit page and its export, the own scores."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.evaluation import services
from sunshine.evaluation.models import CaseFileReview, PartyEvaluation, ScoreEntry

from .conftest import staff

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def web(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_scoring_form_on_the_web(people, closed_case, web):
    review = services.review_add(actor=people["reviewer"], case=closed_case())
    client = web(people["reviewer"])
    page = client.get(reverse("evaluation:review_score", args=[review.pk]))
    assert page.status_code == 200 and "P2" in page.content.decode()
    bad = client.post(
        reverse("evaluation:review_score", args=[review.pk]), {"points_P2": "9", "reason_P2": "未告知"}
    )
    assert bad.status_code == 200 and "P2" in bad.content.decode()
    review.refresh_from_db()
    assert review.status == "pending"
    ok = client.post(
        reverse("evaluation:review_score", args=[review.pk]),
        {"points_P2": "5", "reason_P2": "未告知听证权利", "comments": "程序瑕疵"},
    )
    assert ok.status_code == 302
    review.refresh_from_db()
    assert (review.score, review.grade) == (95, "excellent")
    detail = client.get(reverse("evaluation:review_detail", args=[review.pk])).content.decode()
    assert "未告知听证权利" in detail


def test_own_case_refused_through_the_api(people, closed_case, api_client):
    review = services.review_add(
        actor=people["reviewer"], case=closed_case(handlers=[people["reviewer"], people["officers"][0]])
    )
    api_client.force_login(people["reviewer"])
    url = reverse("api-evaluation-review-score", args=[review.pk])
    assert api_client.post(url, {}, format="json").status_code == 400  # deductions must be given
    response = api_client.post(url, {"deductions": []}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "evaluation.own_case"
    api_client.force_login(people["reviewer2"])
    response = api_client.post(
        url,
        {"deductions": [{"item": "W1", "points": "1", "reason": "缺签名"}], "comments": ""},
        format="json",
    )
    assert response.status_code == 200 and response.json()["score"] == "99.0"


def test_rubric_api_validates_a_custom_rubric(people, api_client):
    services.rubric_current()
    api_client.force_login(people["reviewer"])
    items = [{**i, "max_points": str(i["max_points"])} for i in services.default_items()]
    items[0]["max_points"] = "10"
    body = {"name": "试行", "excellent_min": "90", "pass_min": "75", "items": items}
    response = api_client.post(reverse("api-evaluation-rubrics"), body, format="json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "evaluation.rubric_total"
    items[0]["max_points"] = "4"
    response = api_client.post(reverse("api-evaluation-rubrics"), body, format="json")
    assert response.status_code == 201 and response.json()["version"] == 2


def test_draw_through_the_api_is_reproducible(people, closed_case, bureau, api_client):
    for _ in range(30):
        closed_case()
    api_client.force_login(people["reviewer"])
    body = {
        "unit": "S1",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "percentage": "10",
        "seed": "s",
    }
    first = api_client.post(reverse("api-evaluation-draws"), body, format="json").json()
    assert len(first["random_ids"]) == 3
    detail = api_client.get(reverse("api-evaluation-draw", args=[first["id"]])).json()
    assert detail["verified"] is True and len(detail["population"]) == 30


def test_public_rating_page(people, closed_case, client):
    case = closed_case()
    url = services.evaluation_link(case)
    assert url.startswith("/evaluate/")
    page = client.get(url)
    assert page.status_code == 200 and case.number in page.content.decode()
    done = client.post(url, {"rating": "dissatisfied", "comment": "态度差，我的电话13912345678"})
    assert done.status_code == 200
    evaluation = PartyEvaluation.objects.get()
    assert evaluation.needs_follow_up
    assert client.get(url).status_code == 410  # single use
    assert client.get("/evaluate/forged-token/").status_code == 404
    # The inspection office sees the comment masked.
    client.force_login(people["inspector"])
    queue = client.get(reverse("evaluation:party_queue")).content.decode()
    assert "13912345678" not in queue and "139****5678" in queue


def test_public_rating_api(people, closed_case, api_client):
    invite = services.invite_issue(case=closed_case())
    url = reverse("api-evaluation-public", args=[services.token_for(invite)])
    assert api_client.get(url).json()["ratings"] == ["satisfied", "basic", "dissatisfied"]
    assert api_client.post(url, {"rating": "meh"}, format="json").status_code == 400
    assert api_client.post(url, {"rating": "satisfied"}, format="json").status_code == 201
    assert api_client.post(url, {"rating": "satisfied"}, format="json").status_code == 422


def test_qr_code_and_link_for_documents(people, closed_case):
    case = closed_case()
    svg = services.evaluation_qr_svg(case, base_url="https://zf.example.gov.cn/")
    assert svg.startswith("<svg")
    assert services.evaluation_link(case, base_url="https://zf.example.gov.cn").startswith(
        "https://zf.example.gov.cn/evaluate/"
    )
    assert services.evaluation_qr_svg(case, data_uri=True).startswith("data:image/svg+xml")


def _scored(people, closed_case):
    review = services.review_add(actor=people["reviewer"], case=closed_case())
    services.review_score(
        actor=people["reviewer"],
        review=review,
        deductions=[{"item": "E1", "points": 6, "reason": "证据不足"}],
    )
    return review


def test_unit_page_and_exports(people, closed_case, web, bureau):
    _scored(people, closed_case)
    client = web(people["reviewer"])  # the legal section (leaders log in with two factors)
    page = client.get(reverse("evaluation:unit_detail", args=[bureau["squad1"].pk, YEAR])).content.decode()
    assert "94.0" in page
    xlsx = client.get(reverse("evaluation:unit_export", args=[bureau["squad1"].pk, YEAR]))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    values = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert ("案卷平均得分", 94.0) in values or ("Average case-file score", 94.0) in values
    assert len(list(book.worksheets[1].iter_rows())) == 3  # header + two handlers
    csv = client.get(reverse("evaluation:unit_export", args=[bureau["squad1"].pk, YEAR]) + "?as=csv")
    assert csv["Content-Type"].startswith("text/csv") and "94.0" in csv.content.decode("utf-8-sig")
    rankings = client.get(reverse("evaluation:rankings")).content.decode()
    assert "一中队" in rankings


def test_squad_leader_sees_only_their_unit(people, closed_case, web, bureau):
    client = web(people["squad_leader"])
    assert client.get(reverse("evaluation:unit_detail", args=[bureau["squad1"].pk, YEAR])).status_code == 200
    assert client.get(reverse("evaluation:unit_detail", args=[bureau["squad2"].pk, YEAR])).status_code == 404


def test_officer_sees_own_scores(people, closed_case, web, api_client):
    review = _scored(people, closed_case)
    officer = people["officers"][0]
    page = web(officer).get(reverse("evaluation:mine")).content.decode()
    assert review.case.number in page
    api_client.force_login(officer)
    mine = api_client.get(reverse("api-evaluation-mine")).json()
    assert mine["totals"]["case_file_average"] == "94.0" and mine["entries"][0]["case"] == review.case.number
    other = people["officers"][2]
    api_client.force_login(other)
    assert api_client.get(reverse("api-evaluation-mine")).json()["totals"] is None
    assert api_client.get(reverse("api-evaluation-review", args=[review.pk])).status_code == 404


def test_rankings_api(people, closed_case, api_client):
    _scored(people, closed_case)
    api_client.force_login(people["inspector"])
    data = api_client.get(reverse("api-evaluation-rankings"), {"year": YEAR}).json()
    assert data["units"][0]["name"] == "一中队" and data["units"][0]["composite"] == "94.0"


def test_case_panel_and_link_page(people, closed_case, web):
    case = closed_case(handlers=[people["officers"][0]])
    client = web(people["officers"][0])
    page = client.get(reverse("evaluation:case_link", args=[case.pk]))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    assert client.get(case.get_absolute_url()).status_code == 200
    outsider = web(people["other_officer"])
    assert outsider.get(reverse("evaluation:case_link", args=[case.pk])).status_code == 404


def test_record_sections(people, closed_case):
    from sunshine.evaluation import record

    _scored(people, closed_case)
    section = record.case_file_scores(staff(people["officers"][0]), YEAR)
    assert section["context"]["totals"]["case_files"] == 1
    assert record.party_evaluations(staff(people["officers"][0]), YEAR)["context"]["entries"] == []


def test_query_count_of_the_unit_page(people, closed_case, bureau, django_assert_max_num_queries):
    for _ in range(5):
        _scored(people, closed_case)
    from sunshine.evaluation import selectors

    with django_assert_max_num_queries(8):
        selectors.unit_year(bureau["squad1"], YEAR)
    assert ScoreEntry.objects.count() == 10 and CaseFileReview.objects.count() == 5


def test_request_link_page_and_api(people, bureau, web, api_client):
    from sunshine.service.models import Request

    now = timezone.now()
    officer = people["officers"][0]
    request = Request.objects.create(
        tracking_no="T-9",
        channel="phone",
        kind="complaint",
        content="噪声",
        unit=bureau["squad1"],
        received_at=now,
        due_at=now,
        first_receiver=officer,
    )
    page = web(officer).get(reverse("evaluation:request_link", args=[request.pk]))
    assert page.status_code == 200 and "T-9" in page.content.decode()
    api_client.force_login(officer)
    url = api_client.post(reverse("api-evaluation-request-link", args=[request.pk])).json()["url"]
    assert "/evaluate/" in url
    # Not rateable before the reply.
    token = url.rsplit("/evaluate/", 1)[1].strip("/")
    response = api_client.post(
        reverse("api-evaluation-public", args=[token]), {"rating": "satisfied"}, format="json"
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "evaluation.not_yet"
    api_client.force_login(people["other_officer"])
    assert api_client.post(reverse("api-evaluation-request-link", args=[request.pk])).status_code == 404
