"""The staff pages: the case panel, issuing from the form (with a typed-in record), the list, the detail,
void and correct; the public verification page and form."""

from __future__ import annotations

from sunshine.documents.models import Document

from .conftest import make_case


def test_case_panel_and_issue_form(client, world):
    case = make_case(world, state="investigating", full=False)
    client.force_login(world.officer)
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert 'id="documents-panel"' in page
    assert f"/work/documents/cases/{case.pk}/issue/inquiry_record/" in page
    form = client.get(f"/work/documents/cases/{case.pk}/issue/inquiry_record/")
    assert form.status_code == 200 and "signature-pad" in form.content.decode()
    bad = client.post(f"/work/documents/cases/{case.pk}/issue/inquiry_record/", {"entry-person": ""})
    assert bad.status_code == 200 and not Document.objects.exists()
    ok = client.post(
        f"/work/documents/cases/{case.pk}/issue/inquiry_record/",
        {
            "entry-person": "张三",
            "entry-person_role": "party",
            "entry-asked_at": "2026-09-29T09:00",
            "entry-place": "询问室",
            "entry-transcript": "问：是否烧烤？\n答：是。",
        },
    )
    doc = Document.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/work/documents/{doc.pk}/"
    assert doc.content["entry"]["person"] == "张三"
    detail = client.get(f"/work/documents/{doc.pk}/").content.decode()
    assert doc.code in detail and doc.sha256 in detail
    assert client.get(f"/work/documents/{doc.pk}/pdf/")["Content-Type"] == "application/pdf"
    listed = client.get("/work/documents/").content.decode()
    assert case.number in listed


def test_void_and_correct_pages(client, world, full_case):
    client.force_login(world.squad_leader)
    client.force_login(world.officer)
    client.post(f"/work/documents/cases/{full_case.pk}/issue/advance_notice/", {})
    doc = Document.objects.get()
    client.force_login(world.squad_leader)
    r = client.post(f"/work/documents/{doc.pk}/correct/", {"reason": "拟罚款数额笔误"})
    new = Document.objects.get(status="current")
    assert r["Location"] == f"/work/documents/{new.pk}/" and new.version == 2
    client.post(f"/work/documents/{new.pk}/void/", {"reason": ""})
    new.refresh_from_db()
    assert new.status == "current"  # no reason, nothing voided
    client.post(f"/work/documents/{new.pk}/void/", {"reason": "案件撤销"})
    new.refresh_from_db()
    assert new.status == "voided"


def test_public_verify_form(client, world, full_case):
    client.force_login(world.officer)
    client.post(f"/work/documents/cases/{full_case.pk}/issue/advance_notice/", {})
    doc = Document.objects.get()
    client.logout()
    assert 'href="/verify/"' in client.get("/").content.decode()  # the front page links to it
    assert client.get("/verify/").status_code == 200
    r = client.get("/verify/", {"code": doc.code.lower()})
    assert r.status_code == 302 and r["Location"] == f"/verify/{doc.code}/"
    page = client.get(r["Location"]).content.decode()
    assert "alert-success" in page and doc.sha256 in page and "张三" not in page  # no personal data


def test_home_card_counts_decisions_without_a_document(client, world, full_case):
    client.force_login(world.officer)
    page = client.get("/work/").content.decode()
    assert "尚未出具文书的处罚决定" in page
    from django.test import RequestFactory

    from sunshine.documents.work import cards

    request = RequestFactory().get("/work/")
    request.user = world.officer
    assert cards(request)[0]["value"] == 1


def test_system_administrator_keeps_bank_seal_and_signatures(client, world, login):
    from sunshine.documents import images
    from sunshine.documents.models import IssuingSettings, UnitSeal

    login(client, world.admin)
    assert client.get("/work/documents/manage/").status_code == 200
    r = client.post(
        "/work/documents/manage/",
        {
            "form": "settings",
            "bank_name": "中国农业银行新城支行",
            "bank_account_name": "新城市财政局",
            "bank_account": "622800001",
            "public_base_url": "https://zf.xincheng.gov.cn",
        },
    )
    assert r.status_code == 302
    assert IssuingSettings.objects.get().bank_name == "中国农业银行新城支行"
    from django.core.files.uploadedfile import SimpleUploadedFile

    unit = world.bureau["brigade"]
    png = images.seal_png("行政执法大队")
    r = client.post(
        "/work/documents/manage/",
        {"form": "image", "target": f"unit:{unit.pk}", "image": SimpleUploadedFile("seal.png", png)},
    )
    assert r.status_code == 302 and UnitSeal.objects.filter(unit=unit).exists()
    bad = client.post(
        "/work/documents/manage/",
        {"form": "image", "target": f"unit:{unit.pk}", "image": SimpleUploadedFile("x.png", b"not an image")},
    )
    assert bad.status_code == 200  # refused with the reason, nothing stored
    client.force_login(world.officer)
    assert client.get("/work/documents/manage/").status_code == 403
