"""Demo data: the bank and public address, the bureau's seal and the officers' signatures (simple PNGs
drawn in code), then every document each demo case may issue now, issued through the services; one
inquiry record signed on the tablet and one correction (a voided version superseded by a new one).

Deterministic (fixed content, cases in number order) and idempotent (what is issued is not issued again;
settings, seals and signatures are only added when missing).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from sunshine.accounts.roles import has_capability
from sunshine.cases.models import Case
from sunshine.core.errors import RuleViolation
from sunshine.org.models import Staff, Unit

from . import images, selectors, services
from .models import Document, IssuingSettings, StaffSignature, UnitSeal

BANK = {
    "bank_name": "中国工商银行新城分行营业部",
    "bank_account_name": "新城市财政局非税收入汇缴结算户",
    "bank_account": "1105 0201 0900 0123 456",
    "public_base_url": "http://127.0.0.1:8000",
}
INSPECTION = {
    "started_at": "{day} 09:30",
    "ended_at": "{day} 10:05",
    "place": "{place}",
    "present": "当事人本人",
    "observed": "现场查见当事人正在实施违法行为，执法人员出示证件后进行检查并全程录像，当事人在场。",
}
INQUIRY = {
    "person": "{party}",
    "person_role": "party",
    "asked_at": "{day} 10:30",
    "place": "城管执法中队询问室",
    "transcript": "问：我们是新城市城市管理局的执法人员，这是我们的执法证件。你是否看清楚了？\n"
    "答：看清楚了。\n问：你在现场的行为是否属实？\n答：属实，我愿意改正。",
}


def _issuer(case: Case, fallback):
    lead = case.case_handlers.select_related("staff__user").order_by("-lead", "id").first()
    user = lead.staff.user if lead and lead.staff.user_id else None
    if user is not None and has_capability(user, "documents.issue"):
        return user
    return fallback


def _fill(template: dict, case: Case) -> dict:
    day = case.act_at.date().isoformat()
    party = case.case_parties.select_related("party").first()
    values = {"day": day, "place": case.place, "party": party.party.name if party else "当事人"}
    return {k: v.format(**values) for k, v in template.items()}


def load(out) -> None:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "leader", "squadleader"])}
    if len(users) < 3:
        out.write("documents: demo users missing (run the accounts demo first); skipped")
        return
    admin, leader, squad_leader = users["admin"], users["leader"], users["squadleader"]
    if not IssuingSettings.objects.exists():
        services.issuing_settings_save(actor=admin, data=BANK)
    for unit in Unit.objects.filter(kind=Unit.Kind.BUREAU).order_by("code"):
        if not UnitSeal.objects.filter(unit=unit).exists():
            services.unit_seal_set(actor=admin, unit=unit, image=images.seal_png(unit.name))
    signed = set(StaffSignature.objects.values_list("staff_id", flat=True))
    for staff in Staff.objects.filter(kind=Staff.Kind.OFFICER).exclude(pk__in=signed).order_by("employee_no"):
        services.staff_signature_set(actor=admin, staff=staff, image=images.signature_png(staff.name))

    issued = refused = 0
    # The cases demo marks general cases by their source reference and on-the-spot ones by the number of
    # their pre-numbered decision form.
    cases = Case.objects.filter(
        Q(source_ref__startswith="DEMO-") | Q(decision__document_number__startswith="DEMO-")
    ).order_by("number")
    if not cases.exists():
        cases = Case.objects.order_by("number")[:30]
    for case in cases:
        actor = _issuer(case, leader)
        for row in selectors.available(case):
            if not row["possible"]:
                continue
            entry = None
            if row["entry"]:
                if (
                    row["kind"] == "correction_order"
                    or Document.objects.filter(case=case, kind=row["kind"]).exists()
                ):
                    continue
                entry = _fill(INSPECTION if row["kind"] == "inspection_record" else INQUIRY, case)
            signature = None
            if row["kind"] == "inquiry_record":
                signature = images.signature_png(entry["person"])
            try:
                with transaction.atomic():
                    services.document_issue(
                        actor=actor,
                        case_id=case.pk,
                        kind=row["kind"],
                        record_id=row["record_id"],
                        entry=entry,
                        party_signature=signature,
                        party_signer=entry["person"] if signature else "",
                    )
                issued += 1
            except (RuleViolation, Case.DoesNotExist):
                refused += 1
    corrected = 0
    if not Document.objects.filter(status="voided").exists():
        corrector = squad_leader
        target = (
            selectors.document_queryset(corrector).filter(kind="advance_notice", status="current").first()
        )
        if target is None:
            corrector = leader
            target = Document.objects.filter(kind="advance_notice", status="current").order_by("id").first()
        if target is not None:
            try:
                services.document_correct(
                    actor=corrector,
                    document_id=target.pk,
                    reason="当事人住址填写有误，予以更正",
                )
                corrected = 1
            except (RuleViolation, Document.DoesNotExist):
                pass
    out.write(
        f"documents: {issued} documents issued ({refused} refused), {corrected} correction; "
        f"{Document.objects.count()} in all"
    )
