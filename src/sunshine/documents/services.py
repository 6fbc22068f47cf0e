"""Every write of the documents app: issue, void, correct (a new version), attach a party's scanned
signature, and keep the officers' signatures and the seals. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.cases.models import Case
from sunshine.cases.selectors import case_queryset
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Certificate, Staff, Unit

from . import kinds, render, rules, storage
from .models import (
    Document,
    DocumentCounter,
    IssuingSettings,
    PartySignature,
    StaffSignature,
    Status,
    UnitSeal,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _visible_case(actor, case_id: int) -> Case:
    """The case locked for the issue, if the actor may see it (else the same 404 as a missing one)."""
    if not case_queryset(actor).filter(pk=case_id).exists():
        raise Case.DoesNotExist
    return Case.objects.select_for_update().select_related("matter_version__matter", "unit").get(pk=case_id)


# --- units: numbering unit, issuing body, seal ----------------------------------------------------


def _ancestors(unit: Unit) -> list[Unit]:
    """``unit`` and its ancestors, nearest first (from the materialised path)."""
    ids = [int(p) for p in (unit.path or "").strip("/").split("/") if p]
    if not ids:
        chain, current = [], unit
        while current is not None:
            chain.append(current)
            current = current.parent
        return chain
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [found[i] for i in reversed(ids) if i in found]


def numbering_unit(unit: Unit) -> Unit:
    """The unit whose short name heads the number (the nearest one with a short name, as case numbers)."""
    chain = _ancestors(unit)
    for u in chain:
        if u.short_name:
            return u
    return chain[-1] if chain else unit


def issuing_body(unit: Unit) -> str:
    """The enforcement body (执法主体) named on documents: the bureau above the handling unit."""
    for u in _ancestors(unit):
        if u.kind == Unit.Kind.BUREAU:
            return u.name
    return settings.SUNSHINE["BUREAU_NAME"]


def seal_for(unit: Unit) -> UnitSeal | None:
    chain = _ancestors(unit)
    seals = {s.unit_id: s for s in UnitSeal.objects.filter(unit__in=chain)}
    for u in chain:
        if u.pk in seals:
            return seals[u.pk]
    return None


def next_number(*, unit: Unit, kind: str, word: str, year: int) -> tuple[str, int]:
    """The next number of ``kind`` for ``unit`` in ``year``: the counter row is locked until the issuing
    transaction ends, so concurrent issuers wait and the series has no gaps and no duplicates."""
    DocumentCounter.objects.get_or_create(unit=unit, kind=kind, year=year)
    counter = DocumentCounter.objects.select_for_update().get(unit=unit, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = unit.short_name or "城管"
    return f"{prefix}{word}〔{year}〕第{counter.last:04d}号", counter.last


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Document.objects.filter(code=code).exists():
            return code


def public_base_url() -> str:
    conf = getattr(settings, "SUNSHINE", {}).get("PUBLIC_BASE_URL")
    if conf:
        return conf.rstrip("/")
    row = IssuingSettings.objects.filter(singleton=1).first()
    return (row.public_base_url if row else "").rstrip("/")


def verify_url(code: str) -> str:
    return f"{public_base_url()}/verify/{code}/"


# --- images -------------------------------------------------------------------------------------


def check_image(data: bytes, *, png_only: bool = False) -> str:
    """The content type of a signature or seal image, detected from its content (PNG, or JPEG for a scan)."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ValidationError({"image": [gettext("Choose an image.")]})
    if len(data) > rules.MAX_SIGNATURE_BYTES:
        raise ValidationError({"image": [gettext("The image is larger than 2 MB.")]})
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"image": [gettext("The file is not a PNG or JPEG image.")]}) from None
    allowed = {"PNG"} if png_only else {"PNG", "JPEG"}
    if fmt not in allowed:
        raise ValidationError({"image": [gettext("The file is not a PNG or JPEG image.")]})
    return "image/png" if fmt == "PNG" else "image/jpeg"


def decode_data_url(value: str) -> bytes:
    """The bytes of a ``data:image/png;base64,...`` URL posted by the signature pad."""
    import base64
    import binascii

    head, _sep, body = (value or "").partition(",")
    if not head.startswith("data:image/png;base64") or not body:
        raise ValidationError({"party_signature": [gettext("The signature must be a PNG drawn on the pad.")]})
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(
            {"party_signature": [gettext("The signature must be a PNG drawn on the pad.")]}
        ) from None


# --- issuing ------------------------------------------------------------------------------------


def _officers(case) -> list[dict]:
    handlers = list(case.case_handlers.select_related("staff").order_by("-lead", "id"))
    staff_ids = [h.staff_id for h in handlers]
    sigs = {s.staff_id: s for s in StaffSignature.objects.filter(staff_id__in=staff_ids)}
    certs = {
        c.staff_id: c.number
        for c in Certificate.objects.filter(staff_id__in=staff_ids, status=Certificate.Status.VALID)
    }
    return [
        {
            "name": h.staff.name,
            "certificate": certs.get(h.staff_id, ""),
            "signature": render.png_data_uri(sigs[h.staff_id].image) if h.staff_id in sigs else None,
        }
        for h in handlers
    ]


def _resolve_record(case, spec: kinds.Spec, record_id):
    if spec.record in (kinds.CASE, kinds.ENTRY):
        return case
    records = kinds.records_of(case, spec)
    if record_id in (None, ""):
        return records[0] if records else None
    try:
        wanted = int(record_id)
    except (TypeError, ValueError):
        raise ValidationError({"record": [gettext("Choose a record of this case.")]}) from None
    return next((r for r in records if r.pk == wanted), None)


def _clean_entry(spec: kinds.Spec, entry: dict | None) -> tuple[dict, dict]:
    """(cleaned values for the text, JSON-able values to keep for a later correction)."""
    form = spec.entry_form(data=entry or {})
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    cleaned = form.cleaned_data
    kept = {}
    for k, v in cleaned.items():
        if isinstance(v, dt.datetime):  # local wall time, as the form's datetime-local input shows it
            v = timezone.localtime(v).strftime("%Y-%m-%dT%H:%M")
        elif isinstance(v, dt.date):
            v = v.isoformat()
        kept[k] = v
    return cleaned, kept


def _render_and_store(
    *,
    case,
    spec,
    record,
    text: dict,
    number: str,
    code: str,
    version: int,
    previous: Document | None,
    reason: str,
    seal,
    party_png: bytes | None,
    party_signer: str,
    today: dt.date,
) -> tuple[str, int]:
    party_rows = kinds.party_rows(case)
    context = {
        **text,
        "layout": spec.layout,
        "number": number,
        "issuer": issuing_body(case.unit),
        "issue_date_zh": kinds.zh_date(today),
        "seal": render.png_data_uri(seal.image) if seal else None,
        "officers": _officers(case),
        "party_rows": party_rows,
        "party_signs": spec.party_signs,
        "party_signature": render.png_data_uri(party_png) if party_png else None,
        "party_signer": party_signer,
        "verification_code": code,
        "verify_url": verify_url(code),
        "qr": render.qr_data_uri(verify_url(code)),
        "case_number": case.number,
        "version": version,
        "previous_number": (previous.number or previous.title) if previous else "",
        "previous_version": previous.version if previous else 0,
        "correction_reason": reason,
        "kind_is_decision": spec.kind in kinds.DECISION_KINDS
        or spec.kind in (kinds.K.MEASURE_DECISION, kinds.K.MEASURE_RELEASE),
    }
    if spec.kind in kinds.DECISION_KINDS:
        # The party rates the officers' conduct by this link or code (seed 002: 评议意见作为考核依据).
        from sunshine.evaluation.services import evaluation_link, evaluation_qr_svg

        context["evaluation_url"] = evaluation_link(case, base_url=public_base_url())
        context["evaluation_qr"] = evaluation_qr_svg(case, base_url=public_base_url(), data_uri=True)
    pdf = render.render_pdf(context)
    return storage.put(pdf), len(pdf)


@transaction.atomic
def document_issue(
    *,
    actor,
    case_id: int,
    kind: str,
    record_id=None,
    entry: dict | None = None,
    party_signature: bytes | None = None,
    party_signer: str = "",
    _previous: Document | None = None,
    _reason: str = "",
) -> Document:
    """Issue one document of ``kind`` for ``case_id``, filled from the case and its record ``record_id``
    (the newest when not given) or, for records typed in (inspection, inquiry, order to correct), from
    ``entry``. Refused, with the rule's citation, when the case's state or records do not allow it
    (:func:`sunshine.documents.kinds.check_can_issue`); a penalty decision needs the agency's seal
    (《行政处罚法》第五十九条) and, with a fine, the collecting bank and the payment deadline (国务院令第235号
    第七条, 《行政处罚法》第六十七条). The number is the decision's own for decisions, else the next of the
    unit's series for the kind and year; the PDF is stored by its SHA-256 and carries a verification code.
    """
    _require(actor, "documents.issue")
    if Staff.objects.filter(user=actor).first() is None:
        raise PermissionDeniedError(_("Only a member of staff can issue documents."))
    spec = kinds.spec_for(kind)
    case = _visible_case(actor, case_id)
    today = timezone.localdate()
    record = _resolve_record(case, spec, record_id)
    kinds.check_can_issue(case, spec, record, today=today)
    entry_cleaned, entry_kept = ({}, {})
    if spec.record == kinds.ENTRY:
        entry_cleaned, entry_kept = _clean_entry(spec, entry)
    if _previous is not None:
        key = _previous.record_key
    elif spec.record == kinds.ENTRY:
        used = Document.objects.filter(case=case, kind=kind).values_list("record_key", flat=True)
        key = kinds.record_key(spec, record, 1 + max([int(k.split(":")[1]) for k in used] or [0]))
    else:
        key = kinds.record_key(spec, record)
        if Document.objects.filter(case=case, kind=kind, record_key=key, status=Status.CURRENT).exists():
            raise RuleViolation(
                "documents_already_issued",
                _(
                    "This document has already been issued for this record; "
                    "correct it to issue a new version."
                ),
                rules.CIT_VOID,
            )
    if party_signature:
        rules.check_party_may_sign(party_signs=spec.party_signs, title=spec.title)
        check_image(party_signature, png_only=True)
        if not party_signer.strip():
            raise ValidationError({"party_signer": [gettext("Enter the name of the person who signed.")]})
    seal = seal_for(case.unit)
    if spec.needs_seal:
        rules.check_seal(has_seal=seal is not None)
    # Versions count every issue for the record: a correction keeps the number, a fresh issue after a void
    # of a numbered kind takes the next number (the voided one stays in the series, marked void).
    version = 1 + max(
        Document.objects.filter(case=case, kind=kind, record_key=key).values_list("version", flat=True),
        default=0,
    )
    if _previous is not None:
        number, sequence = _previous.number, _previous.sequence
    elif spec.kind in kinds.DECISION_KINDS:
        number, sequence = record.document_number, None
    elif spec.word:
        number, sequence = next_number(
            unit=numbering_unit(case.unit), kind=kind, word=spec.word, year=today.year
        )
    else:
        number, sequence = "", None
    text = kinds.build(case, spec, record, entry_cleaned, issue_date=today)
    code = _new_code()
    sha, size = _render_and_store(
        case=case,
        spec=spec,
        record=record,
        text=text,
        number=number,
        code=code,
        version=version,
        previous=_previous,
        reason=_reason,
        seal=seal,
        party_png=party_signature,
        party_signer=party_signer.strip(),
        today=today,
    )
    doc = Document.objects.create(
        case=case,
        kind=kind,
        record_key=key,
        number=number,
        sequence=sequence,
        version=version,
        title=text["title"],
        code=code,
        sha256=sha,
        size=size,
        content={"entry": entry_kept, "record_id": getattr(record, "pk", None), **text},
        issued_by=actor,
        issued_at=timezone.now(),
    )
    if party_signature:
        PartySignature.objects.create(
            document=doc,
            source=PartySignature.Source.TABLET,
            signer=party_signer.strip(),
            image=party_signature,
            content_type="image/png",
            sha256=hashlib.sha256(party_signature).hexdigest(),
            captured_at=timezone.now(),
            captured_by=actor,
        )
    audit_append(
        actor=actor,
        action="documents.issue",
        obj=doc,
        payload={
            "case": case.number,
            "kind": kind,
            "number": number,
            "version": version,
            "sha256": sha,
            "code": code,
            "party_signed": bool(party_signature),
        },
    )
    return doc


def _visible_document(actor, document_id: int) -> Document:
    from .selectors import document_queryset

    if not document_queryset(actor).filter(pk=document_id).exists():
        raise Document.DoesNotExist
    return Document.objects.select_for_update().get(pk=document_id)


@transaction.atomic
def document_void(*, actor, document_id: int, reason: str) -> Document:
    """Void an issued document with the reason; it stays stored and verifiable as voided (the full-process
    record keeps every version, 《行政处罚法》第四十七条)."""
    _require(actor, "documents.void")
    doc = _visible_document(actor, document_id)
    rules.check_current(status=doc.status)
    rules.check_void_reason(reason)
    doc.status = Status.VOIDED
    doc.void_reason = reason.strip()
    doc.voided_at = timezone.now()
    doc.voided_by = actor
    doc.save(update_fields=["status", "void_reason", "voided_at", "voided_by"])
    audit_append(
        actor=actor,
        action="documents.void",
        obj=doc,
        payload={"number": doc.number, "reason": doc.void_reason},
    )
    return doc


@transaction.atomic
def document_correct(
    *,
    actor,
    document_id: int,
    reason: str,
    entry: dict | None = None,
    party_signature: bytes | None = None,
    party_signer: str = "",
) -> Document:
    """Correct an issued document: the current version is voided with ``reason`` and a new version is
    issued under the same number from the case's current data (for a typed-in record, ``entry`` or the
    previous entry). The old PDF is never changed; verifying it shows it voided and points to the new one."""
    _require(actor, "documents.void")
    _require(actor, "documents.issue")
    old = _visible_document(actor, document_id)
    rules.check_current(status=old.status)
    rules.check_void_reason(reason)
    old.status = Status.VOIDED
    old.void_reason = reason.strip()
    old.voided_at = timezone.now()
    old.voided_by = actor
    old.save(update_fields=["status", "void_reason", "voided_at", "voided_by"])
    new = document_issue(
        actor=actor,
        case_id=old.case_id,
        kind=old.kind,
        record_id=old.content.get("record_id"),
        entry=entry if entry is not None else old.content.get("entry"),
        party_signature=party_signature,
        party_signer=party_signer,
        _previous=old,
        _reason=reason.strip(),
    )
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    audit_append(
        actor=actor,
        action="documents.correct",
        obj=new,
        payload={"previous": old.pk, "version": new.version, "reason": old.void_reason},
    )
    return new


@transaction.atomic
def party_scan_attach(*, actor, document_id: int, image: bytes, signer: str) -> PartySignature:
    """Keep the scan of the paper copy the party signed beside the issued PDF (which is not changed)."""
    _require(actor, "documents.issue")
    doc = _visible_document(actor, document_id)
    spec = kinds.spec_for(doc.kind)
    rules.check_party_may_sign(party_signs=spec.party_signs, title=spec.title)
    content_type = check_image(image)
    if not (signer or "").strip():
        raise ValidationError({"signer": [gettext("Enter the name of the person who signed.")]})
    sig = PartySignature.objects.create(
        document=doc,
        source=PartySignature.Source.SCAN,
        signer=signer.strip(),
        image=image,
        content_type=content_type,
        sha256=hashlib.sha256(image).hexdigest(),
        captured_at=timezone.now(),
        captured_by=actor,
    )
    audit_append(
        actor=actor,
        action="documents.party_scan",
        obj=doc,
        payload={"sha256": sig.sha256, "signer": sig.signer},
    )
    return sig


# --- signatures and seals (the system administrator) ----------------------------------------------


@transaction.atomic
def staff_signature_set(*, actor, staff: Staff, image: bytes) -> StaffSignature:
    """Store an officer's signature image (PNG) used on the documents the officer signs."""
    _require(actor, "documents.manage")
    check_image(image, png_only=True)
    digest = hashlib.sha256(image).hexdigest()
    sig, _created = StaffSignature.objects.update_or_create(
        staff=staff, defaults={"image": image, "sha256": digest}
    )
    audit_append(
        actor=actor, action="documents.signature_set", obj=sig, payload={"staff": staff.pk, "sha256": digest}
    )
    return sig


@transaction.atomic
def unit_seal_set(*, actor, unit: Unit, image: bytes) -> UnitSeal:
    """Store a unit's seal image (PNG with a transparent background) pressed on its documents."""
    _require(actor, "documents.manage")
    check_image(image, png_only=True)
    digest = hashlib.sha256(image).hexdigest()
    seal, _created = UnitSeal.objects.update_or_create(unit=unit, defaults={"image": image, "sha256": digest})
    audit_append(
        actor=actor, action="documents.seal_set", obj=seal, payload={"unit": unit.pk, "sha256": digest}
    )
    return seal


@transaction.atomic
def issuing_settings_save(*, actor, data: dict) -> IssuingSettings:
    """Save the collecting bank (国务院令第235号第七条) and the portal's public address."""
    _require(actor, "documents.manage")
    row, _created = IssuingSettings.objects.get_or_create(singleton=1)
    for name in ("bank_name", "bank_account_name", "bank_account", "public_base_url"):
        if name in data:
            setattr(row, name, (data[name] or "").strip())
    row.full_clean()
    row.save()
    audit_append(actor=actor, action="documents.settings", obj=row, payload={"bank_name": row.bank_name})
    return row
