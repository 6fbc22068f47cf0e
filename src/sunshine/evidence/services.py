"""Writes of the evidence app: every one keyword-only, atomic, permission-checked and audited.

Evidence items are only ever added (``evidence_add``, ``evidence_supersede``), never updated; reading
their files is audited too (``evidence_view``, ``evidence_open_download``, ``evidence_export``,
``evidence_transfer``), which makes the audit log the item's chain of custody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import BodyCamera, Staff

from . import rules, storage
from .models import Activity, Blob, Item, Kind, Transfer

DEFAULT_RETENTION_YEARS = 30


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You may not do this."))


def _staff(actor) -> Staff:
    staff = Staff.objects.filter(user=actor).first() if actor.is_authenticated else None
    if staff is None:
        raise PermissionDeniedError(_("Only staff members record evidence."))
    return staff


def _visible_case(actor, case):
    """The case, locked, if the actor may see it (else 404, as for a missing one)."""
    from sunshine.cases.selectors import case_queryset

    locked = case_queryset(actor).select_for_update(of=("self",)).filter(pk=case.pk).first()
    if locked is None:
        raise Http404
    return locked


def retention_years() -> int:
    return int(getattr(settings, "EVIDENCE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


@dataclass
class Stored:
    blob: Blob
    created: bool  # False: the same content was already stored


def _store(received: storage.Received, *, mime: str) -> Stored:
    """The blob for this content, filing the file when it is new (the same content is stored once)."""
    blob = Blob.objects.filter(sha256=received.sha256).first()
    if blob is not None:
        if storage.check(blob.sha256, blob.size) == "missing":  # restore a lost file from a re-upload
            storage.put(received)
        return Stored(blob, False)
    storage.put(received)
    try:
        with transaction.atomic():
            blob = Blob.objects.create(sha256=received.sha256, size=received.size, mime=mime)
    except IntegrityError:  # the same content arrived concurrently
        blob = Blob.objects.get(sha256=received.sha256)
        return Stored(blob, False)
    # A file filed for a registration that is then rolled back stays, unreferenced: the same content
    # uploaded again reuses it, and ``evidence_verify`` lists such orphans.
    return Stored(blob, True)


def _device(serial: str) -> BodyCamera | None:
    serial = (serial or "").strip()
    return BodyCamera.objects.filter(serial=serial).first() if serial else None


@transaction.atomic
def evidence_add(
    *,
    actor,
    case,
    kind: str,
    upload,
    description: str,
    captured_at: dt.datetime | None = None,
    place: str = "",
    activity: Activity | None = None,
    device_serial: str = "",
    metadata: dict | None = None,
    supersedes: Item | None = None,
    correction_reason: str = "",
) -> Item:
    """Register one evidence item of ``case`` with its file (《行政处罚法》第四十六条, 第四十七条).

    The file's type is read from its content and dangerous names and types are refused; the content is
    stored once under its SHA-256. An audio-visual item names its recording device; a device that is not
    in the register, out of service or not assigned to an officer of the activity is flagged."""
    _require(actor, "evidence.add")
    staff = _staff(actor)
    case = _visible_case(actor, case)
    rules.check_kind(kind)
    if not (description or "").strip():
        raise RuleViolation(
            "description_missing", _("Describe the evidence."), rules.CIT_KINDS, field="description"
        )
    rules.check_av_device(kind=kind, device_serial=device_serial)
    if activity is not None:
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        rules.check_activity_same_case(activity_case_id=activity.case_id, case_id=case.pk)
    name = rules.check_file_name(getattr(upload, "name", ""))
    received = storage.receive(upload)
    try:
        mime = rules.detect_type(received.head)
        stored = _store(received, mime=mime)
    finally:
        storage.discard(received)
    captured_at = captured_at or timezone.now()
    if captured_at > timezone.now() + dt.timedelta(minutes=5):
        raise RuleViolation(
            "captured_in_future",
            _("The capture time is in the future."),
            rules.CIT_RECORD,
            field="captured_at",
        )
    camera = _device(device_serial)
    flag = ""
    if device_serial.strip():
        officer_ids = set(activity.officers.values_list("pk", flat=True)) if activity else {staff.pk}
        flag = rules.device_flag(camera=camera, officer_ids=officer_ids)
    item = Item.objects.create(
        case=case,
        kind=kind,
        description=description.strip(),
        captured_at=captured_at,
        captured_by=staff,
        place=(place or "").strip(),
        activity=activity,
        device=camera,
        device_serial=device_serial.strip(),
        device_flag=flag,
        blob=stored.blob,
        original_name=name,
        metadata=metadata or {},
        supersedes=supersedes,
        correction_reason=(correction_reason or "").strip(),
        retain_until=rules.retain_until(timezone.localdate(captured_at), retention_years()),
        created_by=actor,
    )
    audit_append(
        actor=actor,
        action="evidence.supersede" if supersedes else "evidence.add",
        obj=item,
        payload={
            "case": case.number,
            "kind": kind,
            "sha256": stored.blob.sha256,
            "size": stored.blob.size,
            "mime": stored.blob.mime,
            "deduplicated": not stored.created,
            "activity": activity.pk if activity else None,
            "device": device_serial.strip(),
            "device_flag": flag,
            "supersedes": supersedes.pk if supersedes else None,
            "reason": correction_reason.strip() if supersedes else "",
        },
    )
    return item


@transaction.atomic
def evidence_supersede(*, actor, item: Item, reason: str, upload, description: str = "", **fields) -> Item:
    """Correct an item: a new item that supersedes it, with the reason; the old one stays as it was
    (《行政处罚法》第四十七条)."""
    _require(actor, "evidence.add")
    old = Item.objects.select_for_update().filter(pk=item.pk).first()
    if old is None:
        raise Http404
    _visible_case(actor, old.case)
    rules.check_correction(
        reason=reason, already_superseded=Item.objects.filter(supersedes=old).exists(), same_case=True
    )
    return evidence_add(
        actor=actor,
        case=old.case,
        kind=fields.pop("kind", None) or old.kind,
        upload=upload,
        description=description or old.description,
        captured_at=fields.pop("captured_at", None) or old.captured_at,
        place=fields.pop("place", None) or old.place,
        activity=old.activity,
        device_serial=fields.pop("device_serial", None) or old.device_serial,
        metadata=fields.pop("metadata", None) or old.metadata,
        supersedes=old,
        correction_reason=reason,
    )


def _audit_read(actor, item: Item, action: str, **payload) -> None:
    audit_append(
        actor=actor,
        action=action,
        obj=item,
        payload={"case_id": item.case_id, "sha256": item.blob.sha256, **payload},
    )


@transaction.atomic
def evidence_view(*, actor, item: Item) -> None:
    """A view of an item's record is part of its chain of custody."""
    _require(actor, "evidence.view")
    _audit_read(actor, item, "evidence.view")


class IntegrityFailure(Exception):
    """The stored file is missing or no longer matches its hash."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


def evidence_open_download(*, actor, item: Item):
    """Check the stored file against its hash, record the download, and return the verified chunks.

    A missing or altered file is recorded (``evidence.integrity_failed``) and raises
    :class:`IntegrityFailure`; nothing of it is sent."""
    _require(actor, "evidence.view")
    status = storage.check(item.blob.sha256, item.blob.size)
    with transaction.atomic():
        if status != "ok":
            audit_append(
                actor=actor,
                action="evidence.integrity_failed",
                obj=item,
                payload={"sha256": item.blob.sha256, "status": status},
            )
        else:
            _audit_read(actor, item, "evidence.download", size=item.blob.size)
    if status != "ok":
        raise IntegrityFailure(status)
    return storage.verified_chunks(item.blob.sha256)


@transaction.atomic
def evidence_export(*, actor, case, items: list[Item]) -> None:
    """An export of a case's evidence (the manifest with hashes) is recorded for every item in it."""
    _require(actor, "evidence.view")
    for item in items:
        _audit_read(actor, item, "evidence.export", case_number=case.number)


@transaction.atomic
def evidence_transfer(*, actor, item: Item, to_holder: str, reason: str) -> Transfer:
    """Hand an item's custody to someone (the legal section, a court, an expert): a row and an audit
    event, never an edit of the item."""
    _require(actor, "evidence.transfer")
    item = Item.objects.select_related("blob", "case").filter(pk=item.pk).first()
    if item is None:
        raise Http404
    _visible_case(actor, item.case)
    if not (to_holder or "").strip() or not (reason or "").strip():
        raise RuleViolation(
            "transfer_incomplete",
            _("Say to whom the evidence is handed and why."),
            rules.CIT_RECORD,
            field="to_holder",
        )
    row = Transfer.objects.create(item=item, to_holder=to_holder.strip(), reason=reason.strip(), by=actor)
    _audit_read(actor, item, "evidence.transfer", to=row.to_holder, reason=row.reason)
    return row


@transaction.atomic
def evidence_dispose(*, actor, item: Item, today: dt.date | None = None) -> None:
    """Delete an item after its retention period (never inside it); its file goes when no other item
    uses the same content (《行政处罚法》第四十七条; ``EVIDENCE_RETENTION_YEARS``)."""
    _require(actor, "evidence.dispose")
    item = Item.objects.select_for_update().select_related("blob").filter(pk=item.pk).first()
    if item is None:
        raise Http404
    rules.check_disposable(retain_until=item.retain_until, today=today or timezone.localdate())
    if Item.objects.filter(supersedes=item).exists():
        raise RuleViolation("disposal_superseded", _("Dispose of the correction first."), rules.CIT_RECORD)
    blob = item.blob
    audit_append(
        actor=actor,
        action="evidence.dispose",
        obj=item,
        payload={"case_id": item.case_id, "sha256": blob.sha256, "retain_until": str(item.retain_until)},
    )
    Transfer.objects.filter(item=item).delete()
    item.delete()
    if not Item.objects.filter(blob=blob).exists():
        sha = blob.sha256
        blob.delete()
        transaction.on_commit(lambda: storage.remove(sha))


# --- enforcement activities ---------------------------------------------------------------------------


@transaction.atomic
def activity_record(
    *,
    actor,
    case,
    kind: str,
    started_at: dt.datetime,
    place: str,
    officers: list[Staff],
    note: str = "",
) -> Activity:
    """Record that an enforcement activity that must be filmed (seed 001 item 4) is taking place."""
    _require(actor, "evidence.add")
    _staff(actor)
    case = _visible_case(actor, case)
    from .models import ActivityKind

    if kind not in ActivityKind.values:
        raise RuleViolation(
            "activity_kind_unknown", _("Unknown enforcement activity."), rules.CIT_AV, field="kind"
        )
    rules.check_officers(officers=len({o.pk for o in officers}))
    activity = Activity.objects.create(
        case=case,
        kind=kind,
        started_at=started_at,
        place=(place or "").strip() or case.place,
        note=note or "",
        created_by=actor,
    )
    activity.officers.set(officers)
    audit_append(
        actor=actor,
        action="evidence.activity_record",
        obj=activity,
        payload={"case": case.number, "kind": kind, "officers": sorted(o.pk for o in officers)},
    )
    return activity


def activity_devices(activity: Activity) -> int:
    """The distinct recording devices of the activity's audio-visual items (by serial number)."""
    return (
        Item.objects.filter(activity=activity, kind=Kind.AUDIO_VISUAL)
        .exclude(device_serial="")
        .values("device_serial")
        .distinct()
        .count()
    )


@transaction.atomic
def activity_complete(
    *, actor, activity: Activity, ended_at: dt.datetime | None = None, fewer_devices_reason: str = ""
) -> Activity:
    """Mark the activity done: it needs at least one audio-visual item (seed 001 item 4) and two or more
    recording devices, or the reason why fewer were used (seed 004)."""
    _require(actor, "evidence.add")
    activity = Activity.objects.select_for_update().filter(pk=activity.pk).first()
    if activity is None:
        raise Http404
    _visible_case(actor, activity.case)
    if activity.status == Activity.Status.DONE:
        raise RuleViolation("activity_done", _("This activity is already done."), rules.CIT_AV)
    av_items = Item.objects.filter(activity=activity, kind=Kind.AUDIO_VISUAL).count()
    rules.check_activity_recorded(av_items=av_items)
    devices = activity_devices(activity)
    rules.check_devices(devices=devices, reason=fewer_devices_reason)
    ended_at = ended_at or timezone.now()
    if ended_at < activity.started_at:
        raise RuleViolation(
            "activity_end_before_start",
            _("The activity cannot end before it started."),
            rules.CIT_RECORD,
            field="ended_at",
        )
    activity.status = Activity.Status.DONE
    activity.ended_at = ended_at
    activity.device_count = devices
    activity.fewer_devices_reason = (fewer_devices_reason or "").strip() if devices < 2 else ""
    activity.save(update_fields=["status", "ended_at", "device_count", "fewer_devices_reason"])
    audit_append(
        actor=actor,
        action="evidence.activity_complete",
        obj=activity,
        payload={
            "case_id": activity.case_id,
            "av_items": av_items,
            "devices": devices,
            "fewer_devices_reason": activity.fewer_devices_reason,
        },
    )
    return activity


# --- the case workflow: must-record actions ---------------------------------------------------------


def available_activity(case, kind: str):
    """Done activities of ``kind`` on the case not yet used by a case action (oldest first)."""
    return Activity.objects.filter(
        case=case, kind=kind, status=Activity.Status.DONE, used_by_action=""
    ).order_by("ended_at", "id")


def check_case_action(*, case, action: str, data: dict, actor) -> None:
    """Registered with :func:`sunshine.cases.hooks.register_action_check`: a case action that is a
    must-record activity needs a done activity of that kind with its audio-visual record (seed 001)."""
    if case is None:
        return
    kind = rules.activity_for_action(action, data)
    if kind is None:
        return
    from .models import ActivityKind

    rules.check_action_recorded(
        activity_kind=kind,
        label=ActivityKind(kind).label,
        available=available_activity(case, kind).count(),
    )


MUST_RECORD_ACTIONS = frozenset(
    {"record_statement", "preserve_evidence", "impose_measure", "serve_decision", "execute"}
)


def on_case_acted(sender, *, case, action, actor, data=None, **kwargs) -> None:
    """Inside the case action's transaction: the action uses up the activity that recorded it."""
    if case is None or action not in MUST_RECORD_ACTIONS:
        return
    kind = rules.activity_for_action(action, _action_inputs(action, case, data or {}))
    if kind is None:
        return
    activity = available_activity(case, kind).select_for_update().first()
    if activity is None:
        return
    activity.used_by_action = action
    activity.used_at = timezone.now()
    activity.save(update_fields=["used_by_action", "used_at"])
    audit_append(
        actor=actor,
        action="evidence.activity_used",
        obj=activity,
        payload={"case_id": case.pk, "case_action": action},
    )


def _action_inputs(action: str, case, data: dict) -> dict:
    """The inputs the activity mapping needs: from the step's event data (``method`` of a service,
    ``kind`` of an execution), else from the record the action wrote (a measure's kind)."""
    if action == "serve_decision" and "method" not in data:
        service = case.services.order_by("-id").values("method").first()
        return {"method": service["method"]} if service else {}
    if action == "execute" and "kind" not in data:
        execution = case.executions.order_by("-id").values("kind").first()
        return {"kind": execution["kind"]} if execution else {}
    if action == "impose_measure":
        measures = case.measures.all()
        if data.get("measure"):
            measures = measures.filter(pk=data["measure"])
        measure = measures.order_by("-id").values("kind").first()
        return {"kind": measure["kind"]} if measure else {}
    return data


# --- resumable uploads ------------------------------------------------------------------------------------


def session_path(session) -> str:
    return str(storage.incoming_dir() / f"{session.pk}.part")


@transaction.atomic
def upload_session_start(*, actor, case, filename: str, size: int, fields: dict):
    """Open a resumable upload of ``size`` bytes for ``case``; the item's fields are checked now and kept
    until the last byte has arrived (then :func:`upload_session_finish` registers the item)."""
    import uuid

    from .models import UploadSession

    _require(actor, "evidence.add")
    _staff(actor)
    case = _visible_case(actor, case)
    rules.check_kind(fields.get("kind", ""))
    rules.check_av_device(kind=fields.get("kind", ""), device_serial=fields.get("device_serial", ""))
    name = rules.check_file_name(filename)
    if size < 1:
        raise RuleViolation("file_empty", _("The file is empty."), rules.CIT_UPLOAD, field="size")
    rules.check_size(size, storage.max_bytes())
    session = UploadSession.objects.create(
        id=uuid.uuid4(), created_by=actor, case=case, size=size, filename=name, fields=fields
    )
    Path(session_path(session)).write_bytes(b"")  # the part file, empty
    audit_append(
        actor=actor,
        action="evidence.upload_start",
        obj=session,
        payload={"case": case.number, "size": size, "name": name},
    )
    return session


class OffsetMismatch(Exception):
    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


def upload_session_append(*, actor, session, offset: int, stream, length: int):
    """Append ``length`` bytes read from ``stream`` at ``offset`` (which must be the bytes received so far,
    else :class:`OffsetMismatch`). The chunk is streamed to the part file, never held whole."""
    from .models import UploadSession

    _require(actor, "evidence.add")
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().get(pk=session.pk)
        if session.item_id:
            raise RuleViolation("upload_finished", _("This upload is already finished."), rules.CIT_UPLOAD)
        if offset != session.offset:
            raise OffsetMismatch(session.offset)
        if length < 0 or session.offset + length > session.size:
            raise RuleViolation(
                "upload_beyond_size", _("The chunk goes beyond the declared size."), rules.CIT_UPLOAD
            )
        written = 0
        with open(session_path(session), "r+b") as out:
            out.truncate(session.offset)
            out.seek(session.offset)
            while written < length:
                chunk = stream.read(min(storage.CHUNK, length - written))
                if not chunk:
                    break
                out.write(chunk)
                written += len(chunk)
        session.offset += written
        session.save(update_fields=["offset"])
    return session


@transaction.atomic
def upload_session_finish(*, actor, session) -> Item:
    """Register the item once every byte has arrived: the part file is hashed in one streamed pass, its
    type read from its content, and it is filed like any upload."""
    from .models import UploadSession

    session = UploadSession.objects.select_for_update().select_related("case").get(pk=session.pk)
    if session.item_id:
        raise RuleViolation("upload_finished", _("This upload is already finished."), rules.CIT_UPLOAD)
    if session.offset != session.size:
        raise RuleViolation(
            "upload_incomplete",
            _("%(offset)s of %(size)s bytes have arrived.")
            % {"offset": session.offset, "size": session.size},
            rules.CIT_UPLOAD,
        )
    received = storage.hash_file(session_path(session), name=session.filename, owned=True)
    f = session.fields
    activity = (
        Activity.objects.filter(pk=f.get("activity"), case=session.case).first()
        if f.get("activity")
        else None
    )
    captured_at = dt.datetime.fromisoformat(f["captured_at"]) if f.get("captured_at") else None
    item = evidence_add(
        actor=actor,
        case=session.case,
        kind=f.get("kind", ""),
        upload=received,
        description=f.get("description", ""),
        captured_at=captured_at,
        place=f.get("place", ""),
        activity=activity,
        device_serial=f.get("device_serial", ""),
        metadata=f.get("metadata") or {},
    )
    session.item = item
    session.save(update_fields=["item"])
    return item
