"""Every change to patrols and incidents: keyword-only, atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Grid, Staff
from sunshine.org.selectors import user_staff
from sunshine.workdays import services as deadlines

from . import rules
from .models import Assignment, Finding, Incident, IncidentUpdate, Patrol, TrackPoint

INFORM_KEY = "incident_inform"


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _staff(actor) -> Staff:
    staff = user_staff(actor)
    if staff is None:
        raise PermissionDeniedError(_("Only a member of staff can do this."))
    return staff


# --- assignments ----------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *, actor, grid: Grid, day: dt.date, starts_at: dt.time, ends_at: dt.time, staff, note: str = ""
) -> Assignment:
    """A squad leader gives one of their grids and a shift to members of their squad."""
    _require(actor, "patrols.assign")
    me = _staff(actor)
    members = list(staff)
    rules.check_assignment(grid_squad_id=grid.squad_id, actor_unit_id=me.unit_id, members=members)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The shift must end after it starts.")]})
    if Assignment.objects.filter(grid=grid, day=day, starts_at=starts_at).exists():
        raise ValidationError({"starts_at": [_("This grid already has a shift starting then.")]})
    assignment = Assignment.objects.create(
        grid=grid, day=day, starts_at=starts_at, ends_at=ends_at, note=note, assigned_by=actor
    )
    assignment.staff.set(members)
    audit_append(
        actor=actor,
        action="patrols.assign",
        obj=assignment,
        payload={
            "grid": grid.code,
            "day": day,
            "shift": [str(starts_at), str(ends_at)],
            "staff": [m.pk for m in members],
        },
    )
    return assignment


# --- patrols --------------------------------------------------------------------------------------


@transaction.atomic
def patrol_start(*, actor, assignment: Assignment | None = None, note: str = "") -> Patrol:
    """Start the actor's patrol (one at a time), optionally under one of their assignments."""
    _require(actor, "patrols.log")
    me = _staff(actor)
    Staff.objects.select_for_update().filter(pk=me.pk).first()
    if Patrol.objects.filter(staff=me, status=Patrol.Status.ACTIVE).exists():
        raise RuleViolation("patrol_active", _("You are already on patrol: end it first."), rules.CIT_GRID)
    if assignment is not None and not assignment.staff.filter(pk=me.pk).exists():
        raise PermissionDeniedError(_("This shift is not assigned to you."))
    patrol = Patrol.objects.create(
        staff=me, unit=me.unit, assignment=assignment, started_at=timezone.now(), note=note
    )
    audit_append(
        actor=actor,
        action="patrols.start",
        obj=patrol,
        payload={"assignment": assignment.pk if assignment else None},
    )
    return patrol


def _own_active(actor, patrol: Patrol) -> Patrol:
    _require(actor, "patrols.log")
    me = _staff(actor)
    locked = Patrol.objects.select_for_update().filter(pk=patrol.pk).first()
    if locked is None or locked.staff_id != me.pk:
        raise RuleViolation(
            "not_patroller", _("Only the patroller can add to this patrol."), rules.CIT_PATROLLER
        )
    if locked.status != Patrol.Status.ACTIVE:
        raise RuleViolation("patrol_ended", _("This patrol has ended."), rules.CIT_GRID)
    return locked


def _parse_time(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = parse_datetime(str(value or ""))
        if moment is None:
            try:  # milliseconds since the epoch, as the browser's Geolocation API gives them
                moment = dt.datetime.fromtimestamp(float(value) / 1000, tz=dt.UTC)
            except (TypeError, ValueError, OverflowError, OSError):
                raise ValidationError({"points": [_("A point needs a time.")]}) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _grid_finder(unit_grids: list[Grid]):
    from sunshine.org.services import grid_for_point, point_in_polygon

    def find(lng: float, lat: float) -> Grid | None:
        for grid in unit_grids:  # the squad's own grids first: one query per batch, not per point
            in_box = grid.min_lng <= lng <= grid.max_lng and grid.min_lat <= lat <= grid.max_lat
            if in_box and point_in_polygon(lng, lat, grid.polygon):
                return grid
        return grid_for_point(lng, lat)

    return find


@transaction.atomic
def patrol_add_points(*, actor, patrol: Patrol, points: list[dict]) -> int:
    """Append a batch of track points (``{"at", "lng", "lat", "accuracy"}``), in time order, each located
    in its grid. The whole batch is refused if one point is bad (nothing half-saved)."""
    patrol = _own_active(actor, patrol)
    if not isinstance(points, list) or not points:
        raise ValidationError({"points": [_("Send at least one point.")]})
    if len(points) > rules.MAX_POINTS_PER_BATCH:
        raise ValidationError(
            {"points": [_("Send at most %(n)d points at a time.") % {"n": rules.MAX_POINTS_PER_BATCH}]}
        )
    now = timezone.now()
    find = _grid_finder(list(Grid.objects.filter(squad=patrol.unit)))
    after, last_lng, last_lat = patrol.last_at, patrol.last_lng, patrol.last_lat
    rows, distance = [], 0.0
    for raw in points:
        if not isinstance(raw, dict):
            raise ValidationError({"points": [_("Each point is an object with at, lng and lat.")]})
        at = _parse_time(raw.get("at"))
        lng, lat = rules.check_point(
            lng=raw.get("lng"), lat=raw.get("lat"), at=at, started_at=patrol.started_at, after=after, now=now
        )
        accuracy = raw.get("accuracy")
        try:
            accuracy = float(accuracy) if accuracy not in (None, "") else None
        except (TypeError, ValueError):
            accuracy = None
        if last_lng is not None:
            step = rules.distance_m(last_lng, last_lat, lng, lat)
            seconds = (at - after).total_seconds()
            if seconds > 0 and step / seconds <= rules.MAX_SPEED_M_S:
                distance += step
        rows.append(
            TrackPoint(patrol=patrol, at=at, lng=lng, lat=lat, accuracy_m=accuracy, grid=find(lng, lat))
        )
        after, last_lng, last_lat = at, lng, lat
    TrackPoint.objects.bulk_create(rows)
    patrol.point_count += len(rows)
    patrol.distance_m += distance
    patrol.last_at, patrol.last_lng, patrol.last_lat = after, last_lng, last_lat
    patrol.save(update_fields=["point_count", "distance_m", "last_at", "last_lng", "last_lat"])
    return len(rows)


@transaction.atomic
def patrol_end(*, actor, patrol: Patrol, note: str = "") -> Patrol:
    patrol = _own_active(actor, patrol)
    patrol.status = Patrol.Status.ENDED
    patrol.ended_at = timezone.now()
    if note:
        patrol.note = (patrol.note + "\n" + note).strip()
    patrol.save(update_fields=["status", "ended_at", "note"])
    audit_append(
        actor=actor,
        action="patrols.end",
        obj=patrol,
        payload={"points": patrol.point_count, "distance_m": round(patrol.distance_m)},
    )
    return patrol


@transaction.atomic
def finding_record(*, actor, patrol: Patrol, description: str, lng=None, lat=None) -> Finding:
    patrol = _own_active(actor, patrol)
    if not (description or "").strip():
        raise ValidationError({"description": [_("Say what was found.")]})
    if (lng in (None, "")) != (lat in (None, "")):
        raise ValidationError({"lng": [_("Give both longitude and latitude, or neither.")]})
    if lng not in (None, ""):
        lng, lat = rules.check_point(
            lng=lng, lat=lat, at=timezone.now(), started_at=patrol.started_at, after=None, now=timezone.now()
        )
    finding = Finding.objects.create(
        patrol=patrol, at=timezone.now(), description=description.strip(), lng=lng or None, lat=lat or None
    )
    audit_append(actor=actor, action="patrols.finding", obj=finding, payload={"patrol": patrol.pk})
    return finding


def _own_finding(actor, finding: Finding) -> Finding:
    me = _staff(actor)
    locked = Finding.objects.select_for_update().select_related("patrol").filter(pk=finding.pk).first()
    if locked is None or locked.patrol.staff_id != me.pk:
        raise RuleViolation(
            "not_patroller", _("Only the patroller can handle this finding."), rules.CIT_PATROLLER
        )
    if locked.outcome != Finding.Outcome.OPEN:
        raise RuleViolation("finding_handled", _("This finding has already been handled."), rules.CIT_GRID)
    return locked


@transaction.atomic
def finding_to_contact(*, actor, finding: Finding, **contact) -> Finding:
    """Record the field contact (five-step ladder) for a finding, at its place, by the patroller: the
    parties app's rules apply unchanged (auxiliaries persuade and educate only, and so on)."""
    from sunshine.parties.services import contact_record

    finding = _own_finding(actor, finding)
    me = _staff(actor)
    record = contact_record(
        actor=actor,
        officers=contact.pop("officers", None) or [me],
        lng=finding.lng,
        lat=finding.lat,
        occurred_at=finding.at,
        **contact,
    )
    finding.outcome, finding.contact = Finding.Outcome.CONTACT, record
    finding.save(update_fields=["outcome", "contact"])
    audit_append(actor=actor, action="patrols.finding_contact", obj=finding, payload={"contact": record.pk})
    return finding


@transaction.atomic
def finding_link(
    *, actor, finding: Finding, case_number: str = "", request_number: str = "", nothing_reason: str = ""
) -> Finding:
    """Link a finding to the case or request it led to (one the actor can see), or close it as needing
    nothing, with the reason."""
    from sunshine.cases.selectors import case_queryset
    from sunshine.service.selectors import visible_requests

    finding = _own_finding(actor, finding)
    given = [bool(case_number.strip()), bool(request_number.strip()), bool(nothing_reason.strip())]
    if sum(given) != 1:
        raise ValidationError({"case_number": [_("Give a case number, a request number or a reason.")]})
    if case_number.strip():
        case = case_queryset(actor).filter(number=case_number.strip()).first()
        if case is None:
            raise ValidationError({"case_number": [_("No case with this number that you can see.")]})
        finding.outcome, finding.case = Finding.Outcome.CASE, case
    elif request_number.strip():
        request = visible_requests(actor).filter(tracking_no=request_number.strip()).first()
        if request is None:
            raise ValidationError({"request_number": [_("No request with this number that you can see.")]})
        finding.outcome, finding.request = Finding.Outcome.REQUEST, request
    else:
        finding.outcome, finding.note = Finding.Outcome.NOTHING, nothing_reason.strip()[:200]
    finding.save(update_fields=["outcome", "case", "request", "note"])
    audit_append(
        actor=actor,
        action="patrols.finding_link",
        obj=finding,
        payload={"outcome": finding.outcome, "case": finding.case_id, "request": finding.request_id},
    )
    return finding


# --- incidents ------------------------------------------------------------------------------------


def _squad_leader_user(unit):
    from sunshine.accounts.roles import Role

    leader = (
        Staff.objects.filter(unit=unit, user__groups__name=Role.SQUAD_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return leader.user if leader else None


@transaction.atomic
def incident_report(
    *,
    actor,
    occurred_at: dt.datetime,
    place: str,
    description: str,
    injuries: str = "",
    staff=(),
    lng=None,
    lat=None,
    case=None,
    patrol: Patrol | None = None,
    evidence=(),
    av_note: str = "",
) -> Incident:
    """Report a conflict incident at once: it appears on every leader's home page, and the deadline to
    inform the local government and the superior department starts (seed 004)."""
    _require(actor, "incidents.report")
    me = _staff(actor)
    now = timezone.now()
    if occurred_at > now + rules.CLOCK_SKEW:
        raise ValidationError({"occurred_at": [_("The incident cannot be in the future.")]})
    if not (place or "").strip() or not (description or "").strip():
        raise ValidationError({"description": [_("Say where and what happened.")]})
    items = list(evidence)
    if items and (case is None or any(item.case_id != case.pk for item in items)):
        raise ValidationError(
            {"evidence": [_("Only audio-visual records of the linked case can be attached.")]}
        )
    incident = Incident.objects.create(
        occurred_at=occurred_at,
        place=place.strip(),
        lng=lng,
        lat=lat,
        unit=me.unit,
        description=description.strip(),
        injuries=injuries,
        case=case,
        patrol=patrol,
        av_note=av_note,
        reported_by=actor,
        reported_at=now,
    )
    incident.staff.set(list(staff) or [me])
    if items:
        incident.evidence.set(items)
    deadlines.deadline_set(
        owner=incident,
        key=INFORM_KEY,
        label=_("Inform the local government and the superior department"),
        start=now,
        length=rules.INCIDENT_INFORM_HOURS,
        kind="hours",
        citation=str(rules.CIT_INCIDENT),
        rule="incident_inform",
        responsible=_squad_leader_user(me.unit),
        unit=me.unit,
        actor=actor,
        audit=False,
    )
    audit_append(
        actor=actor,
        action="patrols.incident_report",
        obj=incident,
        payload={"place": incident.place, "occurred_at": occurred_at, "case": case.pk if case else None},
    )
    return incident


def _incident_for_update(actor, incident: Incident, capability: str) -> Incident:
    _require(actor, capability)
    from .selectors import incidents

    locked = incidents(actor).select_for_update(of=("self",)).filter(pk=incident.pk).first()
    if locked is None:
        from django.http import Http404

        raise Http404
    if locked.status == Incident.Status.CLOSED:
        raise RuleViolation("incident_closed", _("This incident is closed."), rules.CIT_INCIDENT)
    return locked


@transaction.atomic
def incident_inform(*, actor, incident: Incident, government_at=None, superior_at=None) -> Incident:
    """Record when the local government and the superior department were told."""
    incident = _incident_for_update(actor, incident, "incidents.report")
    changed = []
    for field, value in (("government_informed_at", government_at), ("superior_informed_at", superior_at)):
        if value is None:
            continue
        if value < incident.occurred_at or value > timezone.now() + rules.CLOCK_SKEW:
            raise ValidationError({field: [_("This time must be between the incident and now.")]})
        setattr(incident, field, value)
        changed.append(field)
    if not changed:
        raise ValidationError({"government_at": [_("Give at least one time.")]})
    incident.save(update_fields=changed)
    if incident.government_informed_at and incident.superior_informed_at:
        deadlines.deadline_meet(
            owner=incident,
            key=INFORM_KEY,
            actor=actor,
            at=max(incident.government_informed_at, incident.superior_informed_at),
            audit=False,
        )
    audit_append(
        actor=actor,
        action="patrols.incident_inform",
        obj=incident,
        payload={f: getattr(incident, f) for f in changed},
    )
    return incident


@transaction.atomic
def incident_follow_up(*, actor, incident: Incident, text: str) -> IncidentUpdate:
    incident = _incident_for_update(actor, incident, "incidents.report")
    if not (text or "").strip():
        raise ValidationError({"text": [_("Write the follow-up.")]})
    update = IncidentUpdate.objects.create(incident=incident, at=timezone.now(), by=actor, text=text.strip())
    audit_append(
        actor=actor, action="patrols.incident_follow_up", obj=incident, payload={"update": update.pk}
    )
    return update


@transaction.atomic
def incident_close(
    *, actor, incident: Incident, outcome: str, statement: str = "", statement_published_on=None
) -> Incident:
    """A leader closes the incident with the outcome and, when one was made, the public statement."""
    incident = _incident_for_update(actor, incident, "incidents.manage")
    rules.check_incident_may_close(
        government_informed_at=incident.government_informed_at,
        superior_informed_at=incident.superior_informed_at,
        outcome=outcome,
    )
    if (statement or "").strip() and statement_published_on is None:
        raise ValidationError({"statement_published_on": [_("Say when the statement was published.")]})
    incident.outcome = outcome.strip()
    incident.statement = (statement or "").strip()
    incident.statement_published_on = statement_published_on if incident.statement else None
    incident.status = Incident.Status.CLOSED
    incident.closed_at = timezone.now()
    incident.save(update_fields=["outcome", "statement", "statement_published_on", "status", "closed_at"])
    audit_append(
        actor=actor,
        action="patrols.incident_close",
        obj=incident,
        payload={"statement": bool(incident.statement)},
    )
    return incident
