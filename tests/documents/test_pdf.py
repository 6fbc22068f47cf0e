"""Every kind renders for a demo-like case; the PDF's text extracts with the right Chinese content; the CJK
font is embedded; the layout is A4."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from sunshine.documents import kinds, render, services, storage
from sunshine.documents.models import Kind

from .conftest import make_case

ENTRIES = {
    "inspection_record": {
        "started_at": "2026-09-28 18:00",
        "ended_at": "2026-09-28 18:30",
        "place": "解放路与淮海路交叉口",
        "present": "张三",
        "observed": "现场有烧烤炉一台，正在烧烤食品。",
    },
    "inquiry_record": {
        "person": "张三",
        "person_role": "party",
        "asked_at": "2026-09-29 09:00",
        "place": "一中队询问室",
        "transcript": "问：你是否在解放路露天烧烤？\n答：是的。",
    },
    "correction_order": {"requirement": "立即停止露天烧烤，清理现场。", "correct_by": "2099-12-31"},
}
# Kinds that need the case in another state or with other records (issued from their own cases below).
STATE_FOR = {
    "inspection_record": "investigating",
    "inquiry_record": "investigating",
    "correction_order": "investigating",
    "summary_decision": None,
    "no_penalty_decision": None,
}


def pdf_text(doc) -> str:
    reader = PdfReader(io.BytesIO(storage.get(doc.sha256)))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def fonts(doc) -> list[dict]:
    reader = PdfReader(io.BytesIO(storage.get(doc.sha256)))
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object().get("/FontDescriptor")
                if desc is not None:
                    desc = desc.get_object()
                    found.append(
                        {
                            "name": str(desc.get("/FontName")),
                            "embedded": any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                        }
                    )
    return found


def test_decision_text_and_font(world, full_case):
    doc = services.document_issue(actor=world.officer, case_id=full_case.pk, kind="penalty_decision")
    text = pdf_text(doc)
    decision = full_case.decision
    for expected in [
        "新城市城市管理局",
        "行政处罚决定书",
        decision.document_number,
        "张三",
        "11010519491231002X",
        "《中华人民共和国大气污染防治法》第八十一条第三款",  # the provision violated
        "第一百一十八条第三款",  # the penalty basis
        "一般情形",  # the discretion applied
        "罚款1,000.00元（壹仟元整）",
        "中国工商银行新城分行",  # the collecting bank (国务院令第235号第七条)
        "1234567890123456789",
        "十五日内",
        "六十日内",  # reconsideration (《行政复议法》第二十条)
        "六个月内",  # litigation (《行政诉讼法》第四十六条)
        "初次经营，请求从轻",  # the statement and its re-examination
        doc.code,
    ]:
        assert expected in text, expected
    # the party's link to rate the officers (seed 002), single-use, printed with its QR code
    from sunshine.evaluation.models import EvaluationInvite

    assert "扫码评议执法人员" in text
    assert EvaluationInvite.objects.filter(case=full_case).count() == 1
    assert "/evaluate/" in text
    embedded = fonts(doc)
    assert embedded and all(f["embedded"] for f in embedded)
    assert any("CJK" in f["name"] or "WenQuanYi" in f["name"] for f in embedded)
    page = PdfReader(io.BytesIO(storage.get(doc.sha256))).pages[0]
    # A4 in points: 595.28 × 841.89
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842


def test_summary_decision_says_reconsideration_first(world):
    case = make_case(world, state="served", full=False)
    from decimal import Decimal

    from sunshine.cases.models import Decision
    from sunshine.cases.rules import remedies_text

    case.procedure = "summary"
    case.save(update_fields=["procedure"])
    Decision.objects.create(
        case=case,
        kind="penalty",
        document_number="新城管当罚〔2026〕000123",
        penalty_kinds=["fine"],
        fine=Decimal("50.00"),
        decided_on=timezone.localdate(),
        approved_by=world.officer,
        remedies_text=remedies_text(summary=True),
        on_the_spot=True,
        payment_due=timezone.localdate(),
    )
    doc = services.document_issue(actor=world.officer, case_id=case.pk, kind="summary_decision")
    text = pdf_text(doc)
    assert "当场行政处罚决定书" in text
    # Against an on-the-spot penalty, reconsideration comes first (《行政复议法》第二十三条).
    assert "第二十三条" in text and "六十日" in text


@pytest.mark.parametrize(
    "kind", [k for k in Kind.values if k not in ("summary_decision", "no_penalty_decision")]
)
def test_every_kind_renders(world, kind):
    state = STATE_FOR.get(kind) or "executed"
    case = make_case(world, state=state)
    if kind == "demand_notice":
        case.executions.all().delete()
    doc = services.document_issue(actor=world.officer, case_id=case.pk, kind=kind, entry=ENTRIES.get(kind))
    text = pdf_text(doc)
    assert doc.title in text
    assert case.number in text
    assert doc.code in text
    if doc.number:
        assert doc.number in text
    spec = kinds.SPECS[kind]
    if spec.layout == "letter":
        assert "新城市城市管理局" in text


def test_no_penalty_decision_renders(world):
    from sunshine.cases.models import Decision
    from sunshine.cases.rules import remedies_text

    case = make_case(world, state="served", full=False)
    Decision.objects.create(
        case=case,
        kind="no_penalty",
        document_number="新城管罚决字〔2026〕09999号",
        decided_on=timezone.localdate(),
        approved_by=world.leader,
        remedies_text=remedies_text(summary=False),
        reasons="初次违法且危害后果轻微并及时改正",
    )
    doc = services.document_issue(actor=world.officer, case_id=case.pk, kind="no_penalty_decision")
    text = pdf_text(doc)
    assert "不予行政处罚决定书" in text and "第三十三条" in text and "六十日" in text


def test_font_missing_is_a_clear_error(monkeypatch):
    render.cjk_font.cache_clear()
    monkeypatch.setattr(render, "FONT_FILES", ("/nonexistent/a.ttc",) * len(render.FONT_FAMILIES))
    monkeypatch.setattr(render, "FONT_FAMILIES", ("No Such Font CJK",) * len(render.FONT_FAMILIES))
    try:
        with pytest.raises(render.FontMissingError, match="fonts-noto-cjk"):
            render.cjk_font()
    finally:
        render.cjk_font.cache_clear()
