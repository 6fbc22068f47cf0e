"""Issuing rules (which document a case may issue now, and what it must contain), voiding and correcting,
party signatures, permissions and scope."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.cases.models import Execution
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.documents import images, kinds, rules, selectors, services, storage
from sunshine.documents.models import Document, IssuingSettings, PartySignature, UnitSeal

from .conftest import make_case
from .test_pdf import pdf_text


def issue(w, case, kind, **kw):
    return services.document_issue(actor=kw.pop("actor", w.officer), case_id=case.pk, kind=kind, **kw)


# --- which documents a case may issue ----------------------------------------------------------------


def test_a_document_for_a_missing_record_is_refused(world):
    case = make_case(world, state="investigating", full=False)
    for kind, code in [
        ("advance_notice", "documents_no_notice"),
        ("hearing_notice", "documents_no_hearing"),
        ("review_opinion", "documents_no_review"),
        ("discussion_record", "documents_no_discussion"),
        ("penalty_decision", "documents_no_decision"),
        ("measure_decision", "documents_no_measure"),
        ("preservation_notice", "documents_no_preservation"),
    ]:
        with pytest.raises(RuleViolation) as exc:
            issue(world, case, kind)
        assert exc.value.code == code
        assert exc.value.citation
    assert not Document.objects.exists()


def test_records_only_while_investigating(world):
    """《行政处罚法》第四十七条, 第五十五条: records are made during the investigation."""
    entry = {"requirement": "停止烧烤", "correct_by": "2099-01-01"}
    decided = make_case(world, state="decided", full=False)
    with pytest.raises(RuleViolation) as exc:
        issue(world, decided, "correction_order", entry=entry)
    assert exc.value.code == "documents_not_investigating"
    investigating = make_case(world, state="awaiting_decision", full=False)
    assert issue(world, investigating, "correction_order", entry=entry).number


def test_demand_only_from_the_day_after_the_payment_deadline(world):
    """《行政强制法》第三十五条, 第五十四条: the demand follows a missed payment deadline."""
    case = make_case(world, state="served")
    decision = case.decision
    today = timezone.localdate()
    decision.payment_due = today  # due today: not yet late
    decision.save()
    with pytest.raises(RuleViolation) as exc:
        issue(world, case, "demand_notice")
    assert exc.value.code == "documents_demand_too_early"
    assert "第三十五条" in str(exc.value.citation)
    decision.payment_due = today - dt.timedelta(days=1)  # the day after the due date
    decision.save()
    doc = issue(world, case, "demand_notice")
    assert "百分之三" in pdf_text(doc) and "十日内" in pdf_text(doc)


def test_no_demand_once_paid():
    with pytest.raises(RuleViolation) as exc:
        rules.check_demand_due(fine=1, payment_due=dt.date(2026, 1, 1), paid=True, today=dt.date(2026, 3, 1))
    assert exc.value.code == "documents_demand_paid"


def test_decision_needs_the_seal(world, full_case):
    """《行政处罚法》第五十九条: the decision bears the deciding agency's seal."""
    UnitSeal.objects.all().delete()
    with pytest.raises(RuleViolation) as exc:
        issue(world, full_case, "penalty_decision")
    assert exc.value.code == "documents_seal_missing" and "第五十九条" in str(exc.value.citation)
    UnitSeal.objects.create(
        unit=world.bureau["bureau"], image=images.seal_png("新城市城市管理局"), sha256="z" * 64
    )
    assert issue(world, full_case, "penalty_decision").pk


def test_fine_needs_the_bank(world, full_case):
    """国务院令第235号第七条: a fine is paid at the named bank; no bank configured, no decision."""
    IssuingSettings.objects.update(bank_account="")
    with pytest.raises(RuleViolation) as exc:
        issue(world, full_case, "penalty_decision")
    assert exc.value.code == "documents_bank_missing" and "第七条" in str(exc.value.citation)


def test_fine_collected_on_the_spot_needs_no_deadline(world):
    case = make_case(world, state="executed")
    decision = case.decision
    decision.payment_due = None
    decision.save()
    with pytest.raises(RuleViolation) as exc:
        issue(world, case, "penalty_decision")
    assert exc.value.code == "documents_payment_due_missing"
    case.executions.all().delete()
    Execution.objects.create(
        case=case,
        kind="collected_on_spot",
        on=timezone.localdate(),
        amount=decision.fine,
        receipt_number="NO.0001",
    )
    assert "NO.0001" in pdf_text(issue(world, case, "penalty_decision"))


def test_release_decision_after_release_only(world, full_case):
    measure = full_case.measures.get()
    measure.released_on = None
    measure.save()
    with pytest.raises(RuleViolation) as exc:
        issue(world, full_case, "measure_release")
    assert exc.value.code == "documents_measure_not_released"


def test_hearing_record_only_after_the_hearing(world, full_case):
    hearing = full_case.hearings.get()
    hearing.outcome = "pending"
    hearing.save()
    with pytest.raises(RuleViolation) as exc:
        issue(world, full_case, "hearing_record")
    assert exc.value.code == "documents_hearing_not_held"


def test_closure_after_execution(world):
    case = make_case(world, state="served")
    with pytest.raises(RuleViolation) as exc:
        issue(world, case, "closure_approval")
    assert exc.value.code == "documents_not_closable"


def test_summary_case_has_no_filing_approval(world):
    case = make_case(world, state="served", full=False)
    case.procedure = "summary"
    case.save()
    with pytest.raises(RuleViolation) as exc:
        issue(world, case, "filing_approval")
    assert exc.value.code == "documents_general_only"


def test_the_same_record_is_issued_once(world, full_case):
    issue(world, full_case, "advance_notice")
    with pytest.raises(RuleViolation) as exc:
        issue(world, full_case, "advance_notice")
    assert exc.value.code == "documents_already_issued"


def test_available_lists_reasons(world):
    case = make_case(world, state="investigating", full=False)
    rows = {r["kind"]: r for r in selectors.available(case)}
    assert rows["inspection_record"]["possible"] is True
    assert rows["penalty_decision"]["possible"] is False
    assert rows["penalty_decision"]["reason"]


def test_entry_validation_is_a_400_not_half_saved(world):
    case = make_case(world, state="investigating", full=False)
    with pytest.raises(ValidationError) as exc:
        issue(world, case, "correction_order", entry={"requirement": "", "correct_by": "2000-01-01"})
    assert set(exc.value.message_dict) == {"requirement", "correct_by"}
    assert not Document.objects.exists()


# --- void, correct, verify -------------------------------------------------------------------------


def test_correction_voids_the_old_and_verification_shows_it(world, full_case, client):
    first = issue(world, full_case, "advance_notice")
    with pytest.raises(RuleViolation):
        services.document_correct(actor=world.squad_leader, document_id=first.pk, reason="")
    first.refresh_from_db()
    assert first.status == "current"  # nothing half-saved
    second = services.document_correct(
        actor=world.squad_leader, document_id=first.pk, reason="当事人住址有误，更正"
    )
    first.refresh_from_db()
    assert first.status == "voided" and first.superseded_by_id == second.pk
    assert second.version == 2 and second.number == first.number and second.code != first.code
    assert storage.get(first.sha256)  # the old PDF is kept unchanged
    assert "第2版" in pdf_text(second) and "当事人住址有误" in pdf_text(second)
    page = client.get(f"/verify/{first.code}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert first.sha256 in body and second.code in body and "当事人住址有误，更正" in body
    assert 'id="verify-result"' in body and "alert-warning" in body
    current = client.get(f"/verify/{second.code}/").content.decode()
    assert "alert-success" in current and second.sha256 in current
    assert client.get("/verify/NOTAREALCODE/").status_code == 404
    assert Event.objects.filter(action="documents.correct").exists()


def test_void_needs_a_reason_and_a_current_version(world, full_case):
    doc = issue(world, full_case, "advance_notice")
    with pytest.raises(RuleViolation) as exc:
        services.document_void(actor=world.squad_leader, document_id=doc.pk, reason="错")
    assert exc.value.code == "documents_void_reason"
    services.document_void(actor=world.squad_leader, document_id=doc.pk, reason="送达对象错误")
    with pytest.raises(RuleViolation) as exc:
        services.document_void(actor=world.squad_leader, document_id=doc.pk, reason="送达对象错误")
    assert exc.value.code == "documents_already_voided"
    # Once voided, the record may be issued afresh (a new version, a new number).
    again = issue(world, full_case, "advance_notice")
    assert again.number != doc.number


def test_officer_cannot_void(world, full_case):
    doc = issue(world, full_case, "advance_notice")
    with pytest.raises(PermissionDeniedError):
        services.document_void(actor=world.officer, document_id=doc.pk, reason="送达对象错误")


def test_altered_file_is_caught(world, full_case):
    doc = issue(world, full_case, "advance_notice")
    path = storage.path_for(doc.sha256)
    path.write_bytes(path.read_bytes() + b"%tampered")
    with pytest.raises(storage.StoredFileError, match="altered"):
        storage.get(doc.sha256)
    path.unlink()
    with pytest.raises(storage.StoredFileError, match="missing"):
        storage.get(doc.sha256)


# --- signatures ---------------------------------------------------------------------------------------


def test_tablet_signature_is_placed_and_kept(world):
    case = make_case(world, state="investigating", full=False)
    png = images.signature_png("张三")
    entry = {
        "person": "张三",
        "person_role": "party",
        "asked_at": "2026-09-29 09:00",
        "place": "询问室",
        "transcript": "问：是否烧烤？\n答：是。",
    }
    doc = issue(world, case, "inquiry_record", entry=entry, party_signature=png, party_signer="张三")
    sig = PartySignature.objects.get(document=doc)
    assert sig.source == "tablet" and sig.sha256 == hashlib.sha256(png).hexdigest()
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(storage.get(doc.sha256)))
    # officers' two signatures, the party's one and the QR code (an SVG, drawn, not an image)
    assert len(reader.pages[0].images) >= 3


def test_signature_refused_where_the_party_does_not_sign(world, full_case):
    with pytest.raises(RuleViolation) as exc:
        issue(
            world,
            full_case,
            "advance_notice",
            party_signature=images.signature_png("张三"),
            party_signer="张三",
        )
    assert exc.value.code == "documents_no_party_signature"


def test_signature_must_be_an_image(world):
    case = make_case(world, state="investigating", full=False)
    entry = {
        "person": "张三",
        "person_role": "party",
        "asked_at": "2026-09-29 09:00",
        "place": "询问室",
        "transcript": "问：是否烧烤？",
    }
    with pytest.raises(ValidationError):
        issue(world, case, "inquiry_record", entry=entry, party_signature=b"<script>", party_signer="张三")


def test_scan_of_the_signed_paper(world, full_case):
    doc = issue(world, full_case, "service_receipt")
    sha_before = doc.sha256
    sig = services.party_scan_attach(
        actor=world.officer, document_id=doc.pk, image=images.signature_png("张三"), signer="张三"
    )
    doc.refresh_from_db()
    assert sig.source == "scan" and doc.sha256 == sha_before


# --- permission and scope -------------------------------------------------------------------------


def test_auxiliary_cannot_issue(world, full_case):
    with pytest.raises(PermissionDeniedError):
        issue(world, full_case, "advance_notice", actor=world.auxiliary)


def test_other_squad_cannot_see_the_case(world, full_case):
    from sunshine.cases.models import Case

    with pytest.raises(Case.DoesNotExist):
        issue(world, full_case, "advance_notice", actor=world.other_officer)


def test_signature_and_seal_management(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_seal_set(actor=world.officer, unit=world.bureau["bureau"], image=images.seal_png("局"))
    seal = services.unit_seal_set(actor=world.admin, unit=world.bureau["bureau"], image=images.seal_png("局"))
    assert seal.sha256 == hashlib.sha256(bytes(seal.image)).hexdigest()
    with pytest.raises(ValidationError):
        services.staff_signature_set(actor=world.admin, staff=world.officer.staff, image=b"GIF89a")


def test_every_kind_has_a_spec_and_a_title():
    from sunshine.documents.models import Kind

    assert set(kinds.SPECS) == set(Kind.values)
    assert set(kinds.OFFICIAL_TITLES) == set(Kind.values)


def test_correcting_a_typed_in_record_keeps_or_replaces_its_content(world):
    case = make_case(world, state="investigating", full=False)
    entry = {
        "person": "张三",
        "person_role": "party",
        "asked_at": "2026-09-29T09:00",
        "place": "询问室",
        "transcript": "问：是否烧烤？\n答：是。",
    }
    first = issue(world, case, "inquiry_record", entry=entry)
    assert first.content["entry"]["asked_at"] == "2026-09-29T09:00"
    same = services.document_correct(actor=world.squad_leader, document_id=first.pk, reason="补充签名页")
    assert same.content["entry"] == first.content["entry"] and same.record_key == first.record_key
    changed = services.document_correct(
        actor=world.squad_leader,
        document_id=same.pk,
        reason="询问地点有误",
        entry={**entry, "place": "一中队询问室"},
    )
    assert changed.version == 3 and "一中队询问室" in pdf_text(changed)
