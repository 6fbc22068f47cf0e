"""Pages and API: finance and leaders see the payment pages; officers get 403 and see only whether their
case's fine is paid (《行政处罚法》第七十四条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.payments.models import Arrangement, BankPayment, PaymentNotice

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

FINANCE_PAGES = [
    "/work/payments/",
    "/work/payments/reconciliation/",
    "/work/payments/exceptions/",
    "/work/payments/arrangements/",
    "/work/payments/cash/",
]
FINANCE_APIS = [
    "/api/v1/payments/notices/",
    "/api/v1/payments/reconciliations/",
    "/api/v1/payments/exceptions/",
    "/api/v1/payments/arrangements/",
    "/api/v1/payments/cash/",
]


def test_officers_never_reach_the_finance_pages_or_apis(client, api_client, served, team):
    """第七十四条: an officer requesting the finance pages or APIs gets 403."""
    notice = served()
    client.force_login(team.officer1)
    api_client.force_authenticate(team.officer1)
    for url in [
        *FINANCE_PAGES,
        f"/work/payments/notices/{notice.pk}/",
        f"/work/payments/notices/{notice.pk}/print/",
    ]:
        assert client.get(url).status_code == 403, url
    for url in [*FINANCE_APIS, f"/api/v1/payments/notices/{notice.pk}/"]:
        assert api_client.get(url).status_code == 403, url
    response = api_client.post("/api/v1/payments/reconciliations/", {"lines": []}, format="json")
    assert response.status_code == 403


def test_finance_and_leaders_see_them(client, served, finance, team, reconcile, login):
    notice = served()
    record, _ = reconcile(("TX1", notice.code, "300.00", notice.served_on.isoformat(), "张三"))
    for user in (finance, team.leader):
        login(client, user)
        for url in [
            *FINANCE_PAGES,
            f"/work/payments/notices/{notice.pk}/",
            f"/work/payments/reconciliation/{record.pk}/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
        assert notice.code in client.get("/work/payments/").content.decode()


def test_notice_pages_show_amounts_in_figures_and_capitals(client, served, finance):
    notice = served()
    client.force_login(finance)
    page = client.get(f"/work/payments/notices/{notice.pk}/print/").content.decode()
    assert "¥1000.00" in page and "壹仟元整" in page and notice.code in page and notice.bank_name in page
    assert "第六十七条" in page and "第七十二条" in page
    detail = client.get(f"/work/payments/notices/{notice.pk}/").content.decode()
    assert "壹仟元整" in detail


def test_upload_page_reports_each_line_and_repeats_change_nothing(client, served, finance):
    notice = served()
    day = notice.served_on.isoformat()
    content = csv_bytes(
        ("TX1", notice.code, "400.00", day, ""), ("TX2", "20260000000000000018", "5.00", day, "")
    )
    client.force_login(finance)
    response = client.post(
        "/work/payments/reconciliation/", {"file": SimpleUploadedFile("bank.csv", content, "text/csv")}
    )
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "TX1" in report and "TX2" in report
    assert BankPayment.objects.count() == 2
    again = client.post(
        "/work/payments/reconciliation/", {"file": SimpleUploadedFile("bank.csv", content, "text/csv")}
    )
    assert again["Location"] == response["Location"] and BankPayment.objects.count() == 2
    bad = client.post(
        "/work/payments/reconciliation/",
        {"file": SimpleUploadedFile("bad.csv", b"transaction_id,payment_code,amount,paid_on\nT,1,x,y\n")},
    )
    assert bad.status_code == 200
    assert "第2行" in bad.content.decode() and BankPayment.objects.count() == 2


def test_api_import_with_json_lines_and_token_style_client(api_client, served, finance):
    notice = served()
    api_client.force_authenticate(finance)
    body = {
        "name": "nontax-2026-03-01",
        "lines": [
            {
                "transaction_id": "NT1",
                "payment_code": notice.code,
                "amount": "1000.00",
                "paid_on": str(notice.served_on),
            }
        ],
    }
    first = api_client.post("/api/v1/payments/reconciliations/", body, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["payments"][0]["result"] == "paid"
    again = api_client.post("/api/v1/payments/reconciliations/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    detail = api_client.get(f"/api/v1/payments/notices/{notice.pk}/").json()
    assert (
        detail["status"] == "paid"
        and detail["fine_in_capitals"] == "壹仟元整"
        and detail["owed_today"] == "0.00"
    )
    bad = api_client.post(
        "/api/v1/payments/reconciliations/",
        {"lines": [{"transaction_id": "X", "payment_code": "1", "amount": "-1", "paid_on": "2026-01-01"}]},
        format="json",
    )
    assert bad.status_code == 400


def test_officer_sees_only_whether_the_fine_is_paid(client, api_client, served, team):
    notice = served()
    api_client.force_authenticate(team.officer1)
    body = api_client.get(f"/api/v1/payments/cases/{notice.case_id}/").json()["payment"]
    assert body["paid"] is False and body["due"] == notice.due.isoformat()
    assert "paid_total" not in body and "fine" not in body and "surcharge" not in body
    api_client.force_authenticate(team.other_officer)
    assert api_client.get(f"/api/v1/payments/cases/{notice.case_id}/").status_code == 404
    client.force_login(team.officer1)
    page = client.get(f"/work/cases/{notice.case_id}/").content.decode()
    assert "罚款缴纳" in page or "Fine payment" in page
    assert notice.code not in page  # the payment code and bank details stay with finance


def test_deferral_through_the_api(api_client, served, team):
    notice = served()
    first = notice.due + dt.timedelta(days=30)
    api_client.force_authenticate(team.officer1)
    response = api_client.post(
        f"/api/v1/payments/cases/{notice.case_id}/arrangements/",
        {"kind": "deferral", "reason": "家庭变故，暂无力缴纳", "schedule": f"{first} 1000.00"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    bad = api_client.post(
        f"/api/v1/payments/cases/{notice.case_id}/arrangements/",
        {
            "kind": "instalments",
            "reason": "困难",
            "schedule": f"{first} 400\n{first + dt.timedelta(days=9)} 500",
        },
        format="json",
    )
    assert bad.status_code == 422 and "第六十六条" in bad.json()["error"]["citation"]
    arrangement = Arrangement.objects.get()
    decide = f"/api/v1/payments/arrangements/{arrangement.pk}/decide/"
    assert api_client.post(decide, {"approve": True}, format="json").status_code == 403
    api_client.force_authenticate(team.leader)
    assert api_client.post(decide, {"approve": True}, format="json").status_code == 200
    notice.refresh_from_db()
    api_client.force_authenticate(team.officer1)
    status = api_client.get(f"/api/v1/payments/cases/{notice.case_id}/").json()["payment"]
    assert status["due"] == first.isoformat() and status["arrangement_approved"] is True


def test_no_per_officer_figures_in_any_payment_response(api_client, served, finance):
    """第七十四条: no payment endpoint names the officers who handled the case."""
    notice = served()
    api_client.force_authenticate(finance)
    for url in [*FINANCE_APIS, f"/api/v1/payments/notices/{notice.pk}/"]:
        text = api_client.get(url).content.decode()
        for name in notice.case.handlers.values_list("name", flat=True):
            assert name not in text, url
        assert "handler" not in text and "officer" not in text


def test_exception_queue_and_resolution_page(client, served, finance, reconcile):
    notice = served()
    reconcile(("TX9", "20260000000000000018", "1000.00", notice.served_on.isoformat(), ""))
    line = BankPayment.objects.get()
    client.force_login(finance)
    assert "TX9" in client.get("/work/payments/exceptions/").content.decode()
    response = client.post(
        f"/work/payments/exceptions/{line.pk}/resolve/",
        {"resolution": "assigned", "code": notice.code, "note": "缴款人来电核实"},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PAID and notice.paid_total == Decimal("1000.00")


def test_lists_run_in_a_fixed_number_of_queries(client, api_client, served, finance, reconcile):
    """STYLE.md 10: no N+1 on the notices, exceptions and cash lists."""

    def measure():
        client.force_login(finance)
        api_client.force_authenticate(finance)
        counts = []
        for url in ("/work/payments/", "/work/payments/exceptions/", "/work/payments/cash/"):
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get("/api/v1/payments/notices/").status_code == 200
        counts.append(len(ctx))
        return counts

    notice = served()
    reconcile(("TXA", "20260000000000000018", "1.00", notice.served_on.isoformat(), ""))
    measure()  # the first request of a session does more (session, caches)
    few = measure()
    for n in range(5):
        extra = served()
        reconcile(
            (f"TXB{n}", "20260000000000000018", "2.00", extra.served_on.isoformat(), ""), name=f"f{n}.csv"
        )
    assert measure() == few


def test_home_cards(rf, served, finance, team, reconcile):
    from sunshine.payments.work import cards

    notice = served()
    reconcile(("TXU", "20260000000000000018", "5.00", notice.served_on.isoformat(), ""))
    request = rf.get("/work/")
    request.user = finance
    values = {card["title"]: card["value"] for card in cards(request)}
    assert 1 in values.values() and len(values) == 2
    request.user = team.officer1
    assert cards(request) == []
