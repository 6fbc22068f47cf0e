"""Writes for citizen requests: register, dispatch, refer, link, reply, merge, rate, escalate."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import Role, bureau_wide, has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff, Unit
from sunshine.workdays import services as deadlines

from . import rules
from .limits import limit_for
from .models import OPEN_STATUSES, Channel, Notice, Request, Status
from .notify import send_pending

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE_KEY = "service.reply"
ACK_KEY = "service.letter_ack"
DUPLICATE_METRES = 200
DUPLICATE_DAYS = 7


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SHANGHAI)


def _staff_unit(user) -> Unit | None:
    staff = Staff.objects.filter(user=user).select_related("unit").first() if user else None
    return staff.unit if staff else None


def can_act(user, req: Request) -> bool:
    """The first receiver, the bureau-wide roles and members of the handling squad may act."""
    if not has_capability(user, "service.register"):
        return False
    if bureau_wide(user) or (req.first_receiver_id and req.first_receiver_id == user.pk):
        return True
    unit = _staff_unit(user)
    return bool(unit and req.unit_id and req.unit.path.startswith(unit.path))


def _require(user, req: Request) -> None:
    if not can_act(user, req):
        raise PermissionDeniedError(_("You may not act on this request."))


def _notice(req: Request, text: str) -> None:
    if not req.citizen_phone:
        return
    notice = Notice.objects.create(request=req, phone=req.citizen_phone, text=text)
    transaction.on_commit(lambda: send_pending([notice.pk]))


def _deadline_record(row) -> dict:
    """A deadline as recorded in the service's own audit event (``deadline_set(audit=False)``: one event
    per step instead of two, the deadline's key, start, length and due date still in the chain)."""
    return {
        "key": row.key,
        "kind": row.kind,
        "start": (row.start_at or row.start).isoformat(),
        "length": row.length,
        "due": (row.due_at or row.due).isoformat(),
        "unit": row.unit_id,
        "provisional": row.provisional,
    }


def _set_due(req: Request, *, actor, start: dt.datetime, audit: bool = True):
    length, kind = limit_for(req.kind, req.urgency, req.channel)
    responsible = req.first_receiver
    row = deadlines.deadline_set(
        owner=req,
        key=DUE_KEY,
        label=_("Reply to citizen request %(no)s") % {"no": req.tracking_no},
        start=start,
        length=length,
        kind=kind,
        citation=rules.LETTERS_FINISH if req.channel == Channel.LETTER else rules.FIRST_INQUIRY,
        responsible=responsible,
        unit=req.unit or _staff_unit(responsible),
        actor=actor,
        audit=audit,
    )
    req.due_at = row.due_at or _end_of_day(row.due)
    return row


def suggest_unit(lng: float | None, lat: float | None):
    """The grid containing the point and its owning squad, or (None, None)."""
    if lng is None or lat is None:
        return None, None
    from sunshine.org.services import grid_for_point

    grid = grid_for_point(lng, lat)
    return grid, (grid.squad if grid else None)


@transaction.atomic
def request_register(
    *,
    actor,
    channel: str,
    kind: str,
    content: str,
    urgency: str = "ordinary",
    citizen_name: str = "",
    citizen_phone: str = "",
    address: str = "",
    lng: float | None = None,
    lat: float | None = None,
    matter=None,
    received_at: dt.datetime | None = None,
    dispatch_to: Unit | None = None,
    dispatch: bool = False,
) -> Request:
    """Register a request; ``actor`` becomes its first receiver (None: the public portal or Open311,
    and the first staff member who claims it becomes the first receiver). The squad owning the grid of
    the place is suggested as the handling unit.

    ``dispatch_to`` (or ``dispatch=True``: the suggested squad): the first receiver dispatches it at once
    (a hotline transfer with a place): one transaction with the same records as ``request_dispatch``
    afterwards (the ``service.dispatch`` audit event, the reply deadline on the squad's board), without
    writing the deadline twice."""
    if actor is not None and not has_capability(actor, "service.register"):
        raise PermissionDeniedError(_("You may not register requests."))
    if channel not in Channel.values:
        raise RuleViolation("bad_channel", _("Unknown channel."), field="channel")
    if not (content or "").strip():
        raise RuleViolation("content_required", _("Describe the request."), field="content")
    received_at = received_at or timezone.now()
    grid, unit = suggest_unit(lng, lat)
    if dispatch and dispatch_to is None:
        dispatch_to = unit
        if dispatch_to is None:
            raise RuleViolation(
                "no_squad", _("No squad owns the place; choose the squad to dispatch to."), field="unit"
            )
    if dispatch_to is not None:
        if actor is None:
            raise PermissionDeniedError(_("You may not act on this request."))
        unit = dispatch_to
    req = Request.objects.create(
        tracking_no=uuid.uuid4().hex[:20],
        channel=channel,
        kind=kind,
        urgency=urgency,
        citizen_name=citizen_name.strip()[:60],
        citizen_phone=citizen_phone.strip()[:20],
        content=content.strip(),
        address=address.strip()[:200],
        lng=lng,
        lat=lat,
        matter=matter,
        grid=grid,
        unit=unit if unit is not None else _staff_unit(actor),
        first_receiver=actor,
        received_at=received_at,
        due_at=received_at,
        status=Status.DISPATCHED if dispatch_to is not None else Status.REGISTERED,
    )
    req.tracking_no = f"S{timezone.localdate(received_at):%Y%m%d}{req.pk:07d}"
    recorded = [_deadline_record(_set_due(req, actor=actor, start=received_at, audit=False))]
    if channel == Channel.LETTER:
        ack = deadlines.deadline_set(
            owner=req,
            key=ACK_KEY,
            label=_("Tell the writer of letter %(no)s whether it is accepted") % {"no": req.tracking_no},
            start=received_at,
            length=rules.LETTER_ACK_DAYS,
            kind="calendar",
            citation=rules.LETTERS_ACK,
            responsible=actor,
            unit=req.unit,
            actor=actor,
            audit=False,
        )
        recorded.append(_deadline_record(ack))
    req.save(update_fields=["tracking_no", "due_at"])
    _notice(
        req,
        _("Your request is registered as %(no)s. Track it on our portal with this number.")
        % {"no": req.tracking_no},
    )
    audit_append(
        actor=actor,
        action="service.register",
        obj=req,
        payload={"channel": channel, "kind": kind, "unit": req.unit_id, "deadlines": recorded},
    )
    if dispatch_to is not None:
        audit_append(
            actor=actor,
            action="service.dispatch",
            obj=req,
            payload={"unit": dispatch_to.code, "deadline": recorded[0], "at_registration": True},
        )
    return req


def _locked(req: Request) -> Request:
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("unit", "first_receiver")
        .get(pk=req.pk)
    )


@transaction.atomic
def request_claim(*, actor, request: Request) -> Request:
    """A staff member takes a request that came in without one (portal, Open311) as its first receiver."""
    req = _locked(request)
    if not has_capability(actor, "service.register") or req.first_receiver_id:
        raise PermissionDeniedError(_("You may not claim this request."))
    rules.check_open(req.status)
    req.first_receiver = actor
    if req.unit_id is None:
        req.unit = _staff_unit(actor)
    req.save(update_fields=["first_receiver", "unit"])
    _set_due(req, actor=actor, start=req.received_at)
    req.save(update_fields=["due_at"])
    audit_append(actor=actor, action="service.claim", obj=req, payload={})
    return req


@transaction.atomic
def request_dispatch(*, actor, request: Request, unit: Unit) -> Request:
    """Dispatch inside the bureau to a squad; the first receiver stays answerable. The reply deadline
    moves to the squad's board (same start and length); it is recorded in the dispatch's audit event."""
    req = (
        Request.objects.select_for_update(of=("self",))
        .select_related("unit", "first_receiver")
        .only(*DISPATCH_FIELDS)
        .get(pk=request.pk)
    )
    _require(actor, req)
    rules.check_open(req.status)
    req.unit = unit
    req.status = Status.DISPATCHED
    req.save(update_fields=["unit", "status"])
    row = deadlines.deadline_set(
        owner=req,
        key=DUE_KEY,
        label=_("Reply to citizen request %(no)s") % {"no": req.tracking_no},
        start=req.received_at,
        **_due_args(req),
        responsible=req.first_receiver,
        unit=unit,
        actor=actor,
        audit=False,
    )
    audit_append(
        actor=actor,
        action="service.dispatch",
        obj=req,
        payload={"unit": unit.code, "deadline": _deadline_record(row)},
    )
    return req


# The columns dispatching reads (permission, state, the deadline's inputs).
DISPATCH_FIELDS = (
    "id",
    "tracking_no",
    "channel",
    "kind",
    "urgency",
    "status",
    "received_at",
    "unit",
    "unit__id",
    "unit__path",
    "first_receiver",
    "first_receiver__id",
    "first_receiver__username",
)


def can_extend(user, req: Request) -> bool:
    """Whether the page offers the extension: a leader, an open letter not yet extended."""
    return (
        has_capability(user, "service.supervise")
        and req.channel == Channel.LETTER
        and req.is_open
        and req.extension_days is None
    )


@transaction.atomic
def request_extend(*, actor, request: Request, days: int, reason: str) -> Request:
    """Extend a letter's 60-day time limit once, by at most 30 days, with the approval of the bureau's head
    (the leader who records it) and its reason; the citizen is told the new date and the reason
    (《信访工作条例》第三十四条)."""
    if not has_capability(actor, "service.supervise"):
        raise PermissionDeniedError(_("An extension is approved by a bureau leader."))
    req = _locked(request)
    rules.check_open(req.status)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    rules.check_letter_extension(
        days, req.extension_days is not None, channel=req.channel, reason=reason or ""
    )
    length, kind = limit_for(req.kind, req.urgency, req.channel)
    row = deadlines.deadline_set(
        owner=req,
        key=DUE_KEY,
        label=_("Reply to citizen request %(no)s (extended)") % {"no": req.tracking_no},
        start=req.received_at,
        length=length + days,
        kind=kind,
        citation=rules.LETTERS_FINISH,
        responsible=req.first_receiver,
        unit=req.unit or _staff_unit(req.first_receiver),
        actor=actor,
    )
    req.due_at = row.due_at or _end_of_day(row.due)
    req.extension_days = days
    req.extension_reason = reason.strip()
    req.extended_by = actor
    req.extended_at = timezone.now()
    req.save(update_fields=["due_at", "extension_days", "extension_reason", "extended_by", "extended_at"])
    _notice(
        req,
        _("The time limit of your request %(no)s is extended by %(days)d days to %(date)s: %(reason)s")
        % {
            "no": req.tracking_no,
            "days": days,
            "date": timezone.localtime(req.due_at).date().isoformat(),
            "reason": req.extension_reason[:200],
        },
    )
    audit_append(
        actor=actor,
        action="service.extend",
        obj=req,
        payload={"days": days, "due_at": req.due_at.isoformat()},
    )
    return req


def _due_args(req: Request) -> dict:
    length, kind = limit_for(req.kind, req.urgency, req.channel)
    return {
        "length": length,
        "kind": kind,
        "citation": rules.LETTERS_FINISH if req.channel == Channel.LETTER else rules.FIRST_INQUIRY,
    }


@transaction.atomic
def request_refer(*, actor, request: Request, department: str, contact: str, told: str) -> Request:
    """Refer to the responsible outside department ("not our matter" is a referral, seed 000)."""
    req = _locked(request)
    _require(actor, req)
    rules.check_open(req.status)
    rules.check_referral(department=department, contact=contact, told=told)
    req.referred_department = department.strip()[:100]
    req.referred_contact = contact.strip()[:100]
    req.referred_told = told.strip()
    req.status = Status.REFERRED
    req.save(update_fields=["referred_department", "referred_contact", "referred_told", "status"])
    audit_append(
        actor=actor, action="service.refer", obj=req, payload={"department": req.referred_department}
    )
    return req


@transaction.atomic
def request_link(*, actor, request: Request, case=None, contact=None) -> Request:
    """Link the request to the field contact or case it became (both are kept)."""
    req = _locked(request)
    _require(actor, req)
    rules.check_open(req.status)
    if case is None and contact is None:
        raise RuleViolation("link_required", _("Choose a case or a field contact."), field="case")
    if case is not None:
        req.case = case
    if contact is not None:
        req.contact = contact
    req.status = Status.LINKED
    req.save(update_fields=["case", "contact", "status"])
    audit_append(
        actor=actor,
        action="service.link",
        obj=req,
        payload={"case": getattr(case, "pk", None), "contact": getattr(contact, "pk", None)},
    )
    return req


def _close_with_reply(req: Request, *, actor, channel: str, content: str, at: dt.datetime) -> None:
    req.status = Status.REPLIED
    req.reply_channel = channel
    req.reply_content = content.strip()
    req.replied_at = at
    req.replied_by = actor
    req.save(update_fields=["status", "reply_channel", "reply_content", "replied_at", "replied_by"])
    deadlines.deadline_meet(owner=req, key=DUE_KEY, actor=actor, at=at)
    deadlines.deadline_meet(owner=req, key=ACK_KEY, actor=actor, at=at)
    _notice(
        req,
        _("Reply to your request %(no)s: %(text)s Please rate our service on the portal.")
        % {"no": req.tracking_no, "text": req.reply_content[:200]},
    )


@transaction.atomic
def request_reply(
    *, actor, request: Request, channel: str, content: str, at: dt.datetime | None = None
) -> Request:
    """Record the reply to the citizen and close the request; the citizens of requests merged into it
    get the same reply. No request is closed without one (seed 000)."""
    req = _locked(request)
    _require(actor, req)
    rules.check_open(req.status)
    rules.check_reply(channel=channel, content=content)
    if channel not in Channel.values:
        raise RuleViolation("bad_channel", _("Unknown channel."), field="channel")
    at = at or timezone.now()
    _close_with_reply(req, actor=actor, channel=channel, content=content, at=at)
    for merged in Request.objects.select_for_update().filter(merged_into=req):
        _close_with_reply(merged, actor=actor, channel=channel, content=content, at=at)
    audit_append(actor=actor, action="service.reply", obj=req, payload={"channel": channel})
    return req


def _distance_m(a_lng, a_lat, b_lng, b_lat) -> float:
    x = math.radians(b_lng - a_lng) * math.cos(math.radians((a_lat + b_lat) / 2))
    y = math.radians(b_lat - a_lat)
    return 6371000 * math.hypot(x, y)


def duplicates_for(req: Request) -> list[Request]:
    """Open requests of the same matter within ``DUPLICATE_METRES`` and ``DUPLICATE_DAYS`` of this one."""
    if req.matter_id is None or req.lng is None or req.lat is None:
        return []
    window = dt.timedelta(days=DUPLICATE_DAYS)
    deg = DUPLICATE_METRES / 111000
    candidates = Request.objects.filter(
        matter_id=req.matter_id,
        status__in=OPEN_STATUSES,
        merged_into__isnull=True,
        received_at__gte=req.received_at - window,
        received_at__lte=req.received_at + window,
        lat__range=(req.lat - deg, req.lat + deg),
        lng__range=(req.lng - 2 * deg, req.lng + 2 * deg),
    ).exclude(pk=req.pk)
    return [c for c in candidates if _distance_m(req.lng, req.lat, c.lng, c.lat) <= DUPLICATE_METRES]


@transaction.atomic
def request_merge(*, actor, request: Request, into: Request) -> Request:
    """Merge ``request`` into ``into``: it closes with ``into``'s reply, to its own citizen."""
    req = _locked(request)
    target = _locked(into)
    _require(actor, req)
    _require(actor, target)
    rules.check_open(req.status)
    rules.check_open(target.status)
    if req.pk == target.pk or target.merged_into_id:
        raise RuleViolation("bad_merge", _("Merge into another open request that is not itself merged."))
    req.merged_into = target
    req.status = Status.MERGED
    req.save(update_fields=["merged_into", "status"])
    Request.objects.filter(merged_into=req).update(merged_into=target)
    deadlines.deadline_cancel(owner=req, key=DUE_KEY, actor=actor, reason="merged")
    audit_append(actor=actor, action="service.merge", obj=req, payload={"into": target.tracking_no})
    return req


DISSATISFIED = 2


@transaction.atomic
def request_rate(*, tracking_no: str, phone_tail: str, satisfaction: int) -> Request:
    """The citizen rates the reply (1–5). A dissatisfied rating (≤ 2) reopens the request once.

    The citizen proves it is theirs with the last four digits of the phone they gave.
    """
    req = Request.objects.select_for_update().filter(tracking_no=tracking_no).first()
    if req is None or not req.citizen_phone or req.citizen_phone[-4:] != (phone_tail or "").strip():
        raise PermissionDeniedError(_("No request with this number and phone."))
    if req.status != Status.REPLIED or req.satisfaction is not None:
        raise RuleViolation("not_ratable", _("Only a replied request can be rated, once."))
    if not 1 <= int(satisfaction) <= 5:
        raise RuleViolation("bad_rating", _("Rate from 1 to 5."), field="satisfaction")
    req.satisfaction = int(satisfaction)
    req.rated_at = timezone.now()
    fields = ["satisfaction", "rated_at"]
    if req.satisfaction <= DISSATISFIED and not req.reopened:
        req.reopened = True
        req.status = Status.DISPATCHED if req.unit_id else Status.REGISTERED
        req.satisfaction = None
        fields += ["reopened", "status"]
        start = req.rated_at
        req.save(update_fields=fields)
        deadlines.deadline_set(
            owner=req,
            key=DUE_KEY,
            label=_("Reply again to reopened request %(no)s") % {"no": req.tracking_no},
            start=start,
            **_due_args(req),
            responsible=req.first_receiver,
            unit=req.unit,
            actor=None,
        )
        row_due = _due_from_deadline(req)
        req.due_at = row_due
        req.save(update_fields=["due_at"])
    else:
        req.save(update_fields=fields)
    audit_append(actor=None, action="service.rate", obj=req, payload={"satisfaction": int(satisfaction)})
    return req


def _due_from_deadline(req: Request) -> dt.datetime:
    from django.contrib.contenttypes.models import ContentType

    from sunshine.workdays.models import Deadline

    row = Deadline.objects.get(
        owner_type=ContentType.objects.get_for_model(Request),
        owner_id=req.pk,
        key=DUE_KEY,
        status=Deadline.Status.OPEN,
    )
    return row.due_at or _end_of_day(row.due)


def squad_leader_of(unit: Unit | None):
    if unit is None:
        return None
    staff = (
        Staff.objects.filter(unit=unit, user__groups__name=Role.SQUAD_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return staff.user if staff else None


def requests_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Escalate every open request past its due time to the leader of its squad, once each
    (idempotent: ``escalated_at`` is set). Returns how many were escalated."""
    now = now or timezone.now()
    count = 0
    ids = list(
        Request.objects.filter(
            status__in=OPEN_STATUSES, due_at__lt=now, escalated_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            req = Request.objects.select_for_update(of=("self",)).select_related("unit").get(pk=pk)
            if req.escalated_at is not None or req.status not in OPEN_STATUSES:
                continue
            leader = squad_leader_of(req.unit)
            req.escalated_at = now
            req.save(update_fields=["escalated_at"])
            if leader is not None:
                deadlines.deadline_set(
                    owner=req,
                    key="service.escalated",
                    label=_("Overdue citizen request %(no)s escalated to you") % {"no": req.tracking_no},
                    start=now,
                    length=1,
                    kind="working",
                    citation=rules.FIRST_INQUIRY,
                    responsible=leader,
                    unit=req.unit,
                    actor=None,
                )
            audit_append(
                actor=None,
                action="service.escalate",
                obj=req,
                payload={"leader": getattr(leader, "pk", None), "due_at": req.due_at.isoformat()},
            )
            count += 1
    return count


@transaction.atomic
def requests_close_for(*, actor, content: str, case=None, contact=None) -> int:
    """Hook for the cases and parties apps: when a linked case or contact closes, reply to and close
    the requests linked to it (by phone, with ``content``). Returns how many were closed."""
    qs = Request.objects.select_for_update().filter(status__in=OPEN_STATUSES)
    if case is not None:
        qs = qs.filter(case=case)
    elif contact is not None:
        qs = qs.filter(contact=contact)
    else:
        return 0
    rules.check_reply(channel=Channel.PHONE, content=content)
    at = timezone.now()
    n = 0
    for req in qs:
        _close_with_reply(req, actor=actor, channel=Channel.PHONE, content=content, at=at)
        audit_append(actor=actor, action="service.reply", obj=req, payload={"linked": True})
        n += 1
    return n
