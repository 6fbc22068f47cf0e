"""Every change to parties, field contacts and vending points (STYLE.md 2): keyword-only, atomic,
checked, audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accounts.roles import Role, has_capability, has_role
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.identity import (
    birth_date_from_id,
    gender_from_id,
    validate_credit_code,
    validate_resident_id,
)
from sunshine.org.models import Grid, Staff
from sunshine.org.rules import certificate_for
from sunshine.org.selectors import user_staff
from sunshine.org.services import grid_for_point

from . import rules
from .ladder import recommendation_for
from .models import CONTACT_STEPS, FieldContact, Party, Step, VendingPoint, VendorAssignment, WaitingEntry
from .validators import validate_photo

PARTY_FIELDS = (
    "kind",
    "name",
    "id_number",
    "credit_code",
    "phone",
    "address",
    "legal_representative",
    "laid_off",
    "zero_employment_family",
    "landless_farmer",
    "disabled",
    "notes",
)
POINT_FIELDS = (
    "code",
    "name",
    "address",
    "lng",
    "lat",
    "capacity",
    "reserved_for_vulnerable",
    "hours",
    "goods",
    "active",
    "notes",
)
# A contact's time may be a little ahead of the server clock (phone clocks drift), never more.
CLOCK_SKEW = dt.timedelta(minutes=10)


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _today() -> dt.date:
    return timezone.localdate()


# --- parties --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyResult:
    """``created`` is False when an existing party with the same ID number or code was returned."""

    party: Party
    created: bool
    message: str = ""


def _clean_party(values: dict) -> dict:
    """Validate identifiers and derive gender and birth date from a resident ID number."""
    kind = values.get("kind") or Party.Kind.INDIVIDUAL
    if kind not in Party.Kind.values:
        raise ValidationError({"kind": _("Choose individual or organisation.")})
    values["kind"] = kind
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError({"name": _("Give the party's name.")})
    errors = {}
    if kind == Party.Kind.INDIVIDUAL:
        values["credit_code"] = ""
        values["legal_representative"] = values.get("legal_representative") or ""
        id_number = (values.get("id_number") or "").strip()
        if id_number:
            try:
                id_number = validate_resident_id(id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
        values["id_number"] = id_number
        if id_number and not errors:
            values["gender"] = gender_from_id(id_number)
            values["birth_date"] = birth_date_from_id(id_number)
        elif not id_number:
            values["gender"], values["birth_date"] = "", None
    else:
        values["id_number"] = ""
        values["gender"], values["birth_date"] = "", None
        for flag in Party.VULNERABLE_FIELDS:
            values[flag] = False
        code = (values.get("credit_code") or "").strip()
        if not code:
            errors["credit_code"] = [_("An organisation needs its unified social credit code.")]
        else:
            try:
                values["credit_code"] = validate_credit_code(code)
            except ValidationError as exc:
                errors["credit_code"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


def _existing(kind: str, id_number: str, credit_code: str, exclude_pk=None) -> Party | None:
    if kind == Party.Kind.INDIVIDUAL and id_number:
        qs = Party.objects.filter(id_number=id_number)
    elif kind == Party.Kind.ORGANISATION and credit_code:
        qs = Party.objects.filter(credit_code=credit_code)
    else:
        return None
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def _duplicate_message(party: Party) -> str:
    if party.is_organisation:
        return _(
            "%(name)s is already registered with this unified social credit code; using that record."
        ) % {"name": party.name}
    return _("%(name)s is already registered with this ID number; using that record.") % {"name": party.name}


@transaction.atomic
def party_create(*, actor, kind: str = Party.Kind.INDIVIDUAL, name: str, **fields) -> PartyResult:
    """Register a party. When the ID number (individual) or credit code (organisation) is already
    registered, the existing party is returned with ``created=False`` and a message, never a duplicate."""
    _require(actor, "parties.edit")
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown party fields: {sorted(unknown)}")
    values = _clean_party({**fields, "kind": kind, "name": name})
    existing = _existing(values["kind"], values["id_number"], values["credit_code"])
    if existing is not None:
        return PartyResult(existing, False, _duplicate_message(existing))
    party = Party(created_by=actor, **values)
    party.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        # Another officer registered the same person a moment ago.
        existing = _existing(values["kind"], values["id_number"], values["credit_code"])
        if existing is None:
            raise
        return PartyResult(existing, False, _duplicate_message(existing))
    audit_append(
        actor=actor,
        action="parties.party_create",
        obj=party,
        payload={"kind": party.kind, "has_id": bool(party.id_number or party.credit_code)},
    )
    return PartyResult(party, True, _("Party %(name)s registered.") % {"name": party.name})


@transaction.atomic
def party_update(*, actor, party: Party, **changes) -> Party:
    """Change a party's details; an ID number or code that belongs to another party is refused with
    that party named."""
    _require(actor, "parties.edit")
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown party fields: {sorted(unknown)}")
    party = Party.objects.select_for_update().get(pk=party.pk)
    current = {name: getattr(party, name) for name in PARTY_FIELDS}
    values = _clean_party({**current, **changes})
    other = _existing(values["kind"], values["id_number"], values["credit_code"], exclude_pk=party.pk)
    if other is not None:
        raise RuleViolation(
            "party_duplicate",
            _("This identifier already belongs to %(name)s (record %(pk)s); open that record instead.")
            % {"name": other.name, "pk": other.pk},
            gettext_lazy("GB 11643 / GB 32100: one identifier, one party"),
            field="credit_code" if values["kind"] == Party.Kind.ORGANISATION else "id_number",
        )
    changed = sorted(
        name for name in [*PARTY_FIELDS, "gender", "birth_date"] if getattr(party, name) != values[name]
    )
    for name in changed:
        setattr(party, name, values[name])
    if changed:
        party.full_clean(validate_unique=False, validate_constraints=False)
        party.save(update_fields=[*changed, "updated_at"])
        audit_append(actor=actor, action="parties.party_update", obj=party, payload={"fields": changed})
    return party


# --- field contacts -------------------------------------------------------------------------


def locate_grid(lng: float | None, lat: float | None) -> Grid | None:
    """The grid containing the point (org's locating service), or None."""
    if lng is None or lat is None:
        return None
    return grid_for_point(float(lng), float(lat))


def _occupancy(point: VendingPoint, starts_on: dt.date, ends_on: dt.date | None = None) -> tuple[int, int]:
    """Stalls taken at any time from ``starts_on`` to ``ends_on`` (open: onwards), vulnerable ones apart.

    Every assignment overlapping the period counts, so an assignment starting later (or earlier and
    still running) is never double-booked: a safe upper bound of the stalls in use on any day.
    """
    overlapping = VendorAssignment.objects.filter(point=point).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lt=ends_on)
    counts = overlapping.aggregate(total=Count("pk"), vulnerable=Count("pk", filter=Q(vulnerable=True)))
    return counts["total"], counts["vulnerable"]


def _assign_locked(*, actor, party: Party, point: VendingPoint, starts_on: dt.date, ends_on, notes: str):
    """Assign with ``point`` already locked by the caller (``select_for_update``)."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    current = (
        VendorAssignment.objects.filter(party=party, point=point, starts_on__lte=starts_on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
        .first()
    )
    if current is not None:
        return current, False
    occupied, occupied_vulnerable = _occupancy(point, starts_on, ends_on)
    rules.check_point_has_room(
        name=point.name,
        active=point.active,
        capacity=point.capacity,
        reserved=point.reserved_for_vulnerable,
        occupied=occupied,
        occupied_vulnerable=occupied_vulnerable,
        vulnerable=party.is_vulnerable,
    )
    assignment = VendorAssignment.objects.create(
        party=party,
        point=point,
        starts_on=starts_on,
        ends_on=ends_on,
        vulnerable=party.is_vulnerable,
        notes=notes,
        created_by=actor,
    )
    audit_append(
        actor=actor,
        action="parties.vendor_assign",
        obj=assignment,
        payload={"party": party.pk, "point": point.pk, "starts_on": starts_on.isoformat()},
    )
    return assignment, True


@transaction.atomic
def contact_record(
    *,
    actor,
    matter,
    step: str,
    officers,
    outcome: str,
    party: Party | None = None,
    party_description: str = "",
    lng: float | None = None,
    lat: float | None = None,
    address: str = "",
    occurred_at: dt.datetime | None = None,
    photo=None,
    vending_point: VendingPoint | None = None,
    notes: str = "",
) -> FieldContact:
    """Record a field contact (劝导记录) with the ladder's recommendation for it.

    Rules: auxiliaries record persuasion and education only, warning and guidance need a qualified
    officer (seed 004; 《行政处罚法》第四十二条); guidance only to an active vending point with a free
    stall, which the party then holds (seed 000 三引导). The recommendation from earlier contacts and
    cases (seed 000 文明执法五步走) is stored with the contact.
    """
    _require(actor, "contacts.record")
    if step not in CONTACT_STEPS:
        raise ValidationError({"step": _("Choose persuade, educate, guide or warn.")})
    if outcome not in FieldContact.Outcome.values:
        raise ValidationError({"outcome": _("Say whether the party complied.")})
    party_description = (party_description or "").strip()
    if party is None and not party_description:
        raise ValidationError({"party": _("Choose or register the party, or describe the person.")})
    occurred_at = occurred_at or timezone.now()
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": _("Give the time with its time zone.")})
    if occurred_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"occurred_at": _("The time of the contact is in the future.")})
    if (lng is None) != (lat is None):
        raise ValidationError({"lng": _("Give both longitude and latitude, or neither.")})
    if photo:
        validate_photo(photo)
    day = timezone.localtime(occurred_at).date()

    officers = list(
        Staff.objects.filter(pk__in=[getattr(o, "pk", o) for o in officers]).prefetch_related("certificates")
    )
    recorder = user_staff(actor)
    recorder_is_auxiliary = has_role(actor, Role.AUXILIARY) or (
        recorder is not None and recorder.kind == Staff.Kind.AUXILIARY
    )
    qualified = sum(
        1
        for staff in officers
        if staff.kind == Staff.Kind.OFFICER
        and staff.status == Staff.Status.ACTIVE
        and certificate_for(staff, on=day) is not None
    )
    rules.check_contact_staff(
        step=step,
        recorder_is_auxiliary=recorder_is_auxiliary,
        qualified_officers=qualified,
        present=len(officers),
    )
    if step == Step.GUIDE:
        if vending_point is None:
            raise ValidationError({"vending_point": _("Choose the vending point the party is guided to.")})
        if party is None:
            raise ValidationError(
                {"party": _("Guidance gives the party a stall: register the party (a name is enough).")}
            )
    elif vending_point is not None:
        vending_point = None  # only guidance names a point

    recommendation = recommendation_for(party=party, matter=matter, on=day)
    if step == Step.GUIDE:
        point = VendingPoint.objects.select_for_update().get(pk=vending_point.pk)
        _assign_locked(actor=actor, party=party, point=point, starts_on=day, ends_on=None, notes="")
        vending_point = point

    contact = FieldContact(
        party=party,
        party_description=party_description,
        matter=matter,
        step=step,
        recorded_by=actor,
        recorder_unit=recorder.unit if recorder else None,
        grid=locate_grid(lng, lat),
        lng=lng,
        lat=lat,
        address=address,
        occurred_at=occurred_at,
        outcome=outcome,
        vending_point=vending_point,
        notes=notes,
        recommended_step=recommendation.step,
        recommendation=str(recommendation.reason),
    )
    if photo:
        contact.photo = photo
    contact.full_clean(exclude=["photo"], validate_constraints=False)
    contact.save()
    contact.officers.set(officers)
    audit_append(
        actor=actor,
        action="parties.contact_record",
        obj=contact,
        payload={
            "party": party.pk if party else None,
            "matter": matter.code,
            "step": step,
            "recommended": recommendation.step,
            "officers": sorted(o.pk for o in officers),
            "outcome": outcome,
            "grid": contact.grid_id,
            "vending_point": contact.vending_point_id,
        },
    )
    return contact


# --- vending points -------------------------------------------------------------------------


@transaction.atomic
def vending_point_create(
    *, actor, code: str, name: str, lng: float, lat: float, capacity: int, **fields
) -> VendingPoint:
    """Designate a vending point (便民疏导点); its grid comes from its location.

    Points serve the whole city (a vendor may be guided across a squad boundary), so every squad
    leader manages them; each change is audited with its author."""
    _require(actor, "parties.manage_points")
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise TypeError(f"unknown vending point fields: {sorted(unknown)}")
    grid = locate_grid(lng, lat)
    point = VendingPoint(
        code=code.strip(), name=name.strip(), lng=lng, lat=lat, capacity=capacity, grid=grid, **fields
    )
    point.full_clean()
    point.save()
    audit_append(
        actor=actor,
        action="parties.vending_point_create",
        obj=point,
        payload={"code": point.code, "capacity": point.capacity, "grid": point.grid_id},
    )
    return point


@transaction.atomic
def vending_point_update(*, actor, point: VendingPoint, **changes) -> VendingPoint:
    """Change a vending point; its capacity never drops below the stalls taken today."""
    _require(actor, "parties.manage_points")
    unknown = set(changes) - set(POINT_FIELDS)
    if unknown:
        raise TypeError(f"unknown vending point fields: {sorted(unknown)}")
    point = VendingPoint.objects.select_for_update().get(pk=point.pk)
    changed = sorted(name for name, value in changes.items() if getattr(point, name) != value)
    for name in changed:
        setattr(point, name, changes[name])
    if {"lng", "lat"} & set(changed):
        point.grid = locate_grid(point.lng, point.lat)
        changed.append("grid")
    occupied, _vulnerable = _occupancy(point, _today())
    if point.capacity < occupied:
        raise RuleViolation(
            "capacity_below_occupancy",
            _(
                "%(occupied)d stalls are taken from today on; release assignments before lowering "
                "the capacity to %(capacity)d."
            )
            % {"occupied": occupied, "capacity": point.capacity},
            rules.CITATION_GUIDE,
            field="capacity",
        )
    if changed:
        point.full_clean()
        point.save(update_fields=[*changed, "updated_at"])
        audit_append(
            actor=actor, action="parties.vending_point_update", obj=point, payload={"fields": changed}
        )
    return point


@transaction.atomic
def vendor_assign(
    *,
    actor,
    party: Party,
    point: VendingPoint,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    notes: str = "",
) -> VendorAssignment:
    """Give a party a stall at a vending point. The point's row is locked, so concurrent assignments
    never exceed its capacity; reserved stalls go to vulnerable groups only (seed 000 三引导)."""
    _require(actor, "parties.edit")
    point = VendingPoint.objects.select_for_update().get(pk=point.pk)
    assignment, _created = _assign_locked(
        actor=actor, party=party, point=point, starts_on=starts_on or _today(), ends_on=ends_on, notes=notes
    )
    return assignment


@transaction.atomic
def vendor_release(*, actor, assignment: VendorAssignment, on: dt.date | None = None) -> VendorAssignment:
    """End an assignment on ``on`` (default today): the stall is free again that day."""
    _require(actor, "parties.edit")
    assignment = VendorAssignment.objects.select_for_update().get(pk=assignment.pk)
    on = on or _today()
    if assignment.ends_on is not None and assignment.ends_on <= on:
        raise RuleViolation(
            "assignment_ended",
            _("This assignment already ended on %(date)s.") % {"date": assignment.ends_on.isoformat()},
            rules.CITATION_GUIDE,
        )
    if on < assignment.starts_on:
        on = assignment.starts_on
    point = VendingPoint.objects.select_for_update().get(pk=assignment.point_id)
    assignment.ends_on = on
    assignment.released_at = timezone.now()
    assignment.save(update_fields=["ends_on", "released_at"])
    audit_append(
        actor=actor,
        action="parties.vendor_release",
        obj=assignment,
        payload={"party": assignment.party_id, "point": assignment.point_id, "ends_on": on.isoformat()},
    )
    _allocate_waiting(actor=actor, point=point, on=on)
    return assignment


# --- waiting lists (轮候) -------------------------------------------------------------------------


def _waiting(point: VendingPoint) -> list[WaitingEntry]:
    return list(
        WaitingEntry.objects.filter(point=point, status=WaitingEntry.Status.WAITING).select_related("party")
    )


def _allocate_waiting(*, actor, point: VendingPoint, on: dt.date) -> list[WaitingEntry]:
    """Give the stalls free from ``on`` to the waiting list, in its order (vulnerable groups first, then
    by joining time; seed 000 三引导). The caller holds the point's row lock."""
    allocated = []
    if not point.active:
        return allocated
    entries = _waiting(point)
    while entries:
        occupied, occupied_vulnerable = _occupancy(point, on)
        entry = rules.next_in_line(
            entries=entries,
            capacity=point.capacity,
            reserved=point.reserved_for_vulnerable,
            occupied=occupied,
            occupied_vulnerable=occupied_vulnerable,
        )
        if entry is None:
            break
        assignment, _created = _assign_locked(
            actor=actor, party=entry.party, point=point, starts_on=on, ends_on=None, notes=entry.notes
        )
        entry.status, entry.assignment, entry.closed_at = (
            WaitingEntry.Status.ALLOCATED,
            assignment,
            timezone.now(),
        )
        entry.save(update_fields=["status", "assignment", "closed_at"])
        audit_append(
            actor=actor,
            action="parties.waiting_allocate",
            obj=entry,
            payload={"party": entry.party_id, "point": point.pk, "assignment": assignment.pk},
        )
        entries.remove(entry)
        allocated.append(entry)
    return allocated


@transaction.atomic
def waiting_join(*, actor, party: Party, point: VendingPoint, notes: str = "") -> WaitingEntry:
    """Put a party on a full vending point's waiting list. Refused when the party may take a stall now
    (assign it instead), already holds one there, or is already waiting there."""
    _require(actor, "parties.edit")
    point = VendingPoint.objects.select_for_update().get(pk=point.pk)
    today = _today()
    if not point.active:
        raise RuleViolation(
            "point_inactive", _("This vending point is closed."), rules.CITATION_GUIDE, field="point"
        )
    holds = VendorAssignment.objects.filter(party=party, point=point, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )
    if holds.exists():
        raise RuleViolation(
            "already_assigned", _("This party already has a stall here."), rules.CITATION_GUIDE, field="party"
        )
    if WaitingEntry.objects.filter(party=party, point=point, status=WaitingEntry.Status.WAITING).exists():
        raise RuleViolation(
            "already_waiting",
            _("This party is already on the waiting list."),
            rules.CITATION_GUIDE,
            field="party",
        )
    occupied, occupied_vulnerable = _occupancy(point, today)
    free = rules.free_stalls(
        capacity=point.capacity,
        reserved=point.reserved_for_vulnerable,
        occupied=occupied,
        occupied_vulnerable=occupied_vulnerable,
        vulnerable=party.is_vulnerable,
    )
    if free:
        raise RuleViolation(
            "point_has_room",
            _("A stall is free for this party: assign it instead."),
            rules.CITATION_GUIDE,
            field="party",
        )
    entry = WaitingEntry.objects.create(
        point=point,
        party=party,
        joined_at=timezone.now(),
        notes=(notes or "").strip()[:200],
        created_by=actor,
    )
    audit_append(
        actor=actor,
        action="parties.waiting_join",
        obj=entry,
        payload={"party": party.pk, "point": point.pk, "vulnerable": party.is_vulnerable},
    )
    return entry


@transaction.atomic
def waiting_withdraw(*, actor, entry: WaitingEntry) -> WaitingEntry:
    """Take a party off a waiting list (they found a place elsewhere, or no longer trade)."""
    _require(actor, "parties.edit")
    entry = WaitingEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != WaitingEntry.Status.WAITING:
        raise RuleViolation("not_waiting", _("This party is no longer waiting."), rules.CITATION_GUIDE)
    entry.status, entry.closed_at = WaitingEntry.Status.WITHDRAWN, timezone.now()
    entry.save(update_fields=["status", "closed_at"])
    audit_append(actor=actor, action="parties.waiting_withdraw", obj=entry, payload={"party": entry.party_id})
    return entry
