"""Every change to the organisation goes through these functions (STYLE.md 2).

Each is keyword-only, runs in one transaction, checks the actor's permission (``org.manage``; an
``actor`` of None is the system itself: migrations, the demo loader, management commands) and the
rules, and appends its audit event in the same transaction. Malformed input raises Django's
``ValidationError`` (HTTP 400); a broken rule raises ``RuleViolation`` (HTTP 422).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import ric

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError

from . import rules
from .models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle

MANAGE = "org.manage"


def _check_manage(actor) -> None:
    if actor is not None and not has_capability(actor, MANAGE):
        raise PermissionDeniedError(_("Only the system administrator may change the organisation."))


# --- units ----------------------------------------------------------------------------------


@transaction.atomic
def unit_rebuild_paths() -> None:
    """Recompute every unit's materialised path from the parent links."""
    units = {u.pk: u for u in Unit.objects.select_for_update().order_by("pk")}

    def path_of(unit, seen=()):
        if unit.pk in seen:
            raise ValueError("unit tree has a cycle")
        prefix = path_of(units[unit.parent_id], (*seen, unit.pk)) if unit.parent_id else ""
        return f"{prefix}{unit.pk}/"

    for unit in units.values():
        new_path = path_of(unit)
        if unit.path != new_path:
            unit.path = new_path
            unit.save(update_fields=["path"])


def _check_parent(kind: str, parent: Unit | None) -> None:
    if kind == Unit.Kind.BUREAU:
        if parent is not None:
            raise ValidationError({"parent": _("The bureau is the root of the tree and has no parent.")})
    elif parent is None:
        raise ValidationError({"parent": _("Every unit but the bureau belongs to a parent unit.")})


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    sort_order: int = 0,
    phone: str = "",
    address: str = "",
    duties: str = "",
) -> Unit:
    """Create a unit under ``parent`` with its materialised path."""
    _check_manage(actor)
    _check_parent(kind, parent)
    if parent is not None:
        parent = Unit.objects.get(pk=parent.pk)  # its stored path, not a caller's stale copy
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        sort_order=sort_order,
        phone=phone,
        address=address,
        duties=duties,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_append(
        actor=actor,
        action="org.unit_create",
        obj=unit,
        payload={"code": code, "name": name, "kind": kind, "parent": parent.pk if parent else None},
    )
    return unit


UNIT_FIELDS = ("code", "name", "short_name", "sort_order", "phone", "address", "duties")


@transaction.atomic
def unit_update(*, actor, unit: Unit, **changes) -> Unit:
    """Change a unit's descriptive fields (moving it is :func:`unit_move`)."""
    _check_manage(actor)
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    changed = {k: v for k, v in changes.items() if getattr(unit, k) != v}
    for key, value in changed.items():
        setattr(unit, key, value)
    if changed:
        unit.full_clean(exclude=["path", "parent"])
        unit.save(update_fields=list(changed))
        audit_append(actor=actor, action="org.unit_update", obj=unit, payload={"changed": changed})
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, parent: Unit) -> Unit:
    """Move ``unit`` (and its subtree) under ``parent``, rewriting the subtree's paths."""
    _check_manage(actor)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    parent = Unit.objects.select_for_update().get(pk=parent.pk)
    _check_parent(unit.kind, parent)
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or its own sub-units.")})
    old_path = unit.path
    new_path = f"{parent.path}{unit.pk}/"
    old_parent = unit.parent_id
    unit.parent = parent
    unit.save(update_fields=["parent"])
    subtree = list(Unit.objects.select_for_update().filter(path__startswith=old_path))
    for node in subtree:
        node.path = new_path + node.path[len(old_path) :]
    Unit.objects.bulk_update(subtree, ["path"])
    unit.refresh_from_db()
    audit_append(
        actor=actor,
        action="org.unit_move",
        obj=unit,
        payload={"from_parent": old_parent, "to_parent": parent.pk, "path": unit.path},
    )
    return unit


# --- grids ----------------------------------------------------------------------------------


def polygon_rings(polygon) -> list[list[tuple[float, float]]]:
    """Validate a GeoJSON Polygon and return its rings as lists of (lng, lat)."""
    error = ValidationError(
        {"polygon": _("Give a GeoJSON Polygon with closed rings of at least four points.")}
    )
    if not isinstance(polygon, dict) or polygon.get("type") != "Polygon":
        raise error
    coordinates = polygon.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise error
    rings = []
    for ring in coordinates:
        if not isinstance(ring, list) or len(ring) < 4:
            raise error
        points = []
        for position in ring:
            if not isinstance(position, list | tuple) or len(position) < 2:
                raise error
            try:
                lng, lat = float(position[0]), float(position[1])
            except (TypeError, ValueError):
                raise error from None
            if not (-180 <= lng <= 180 and -90 <= lat <= 90):
                raise ValidationError({"polygon": _("Coordinates must be longitude and latitude in WGS 84.")})
            points.append((lng, lat))
        if points[0] != points[-1]:
            raise error
        if len(set(points)) < 3:
            raise error
        rings.append(points)
    return rings


def polygon_bbox(polygon) -> tuple[float, float, float, float]:
    """The bounding box (min_lng, min_lat, max_lng, max_lat) of a valid GeoJSON Polygon's outer ring."""
    outer = polygon_rings(polygon)[0]
    lngs = [p[0] for p in outer]
    lats = [p[1] for p in outer]
    return min(lngs), min(lats), max(lngs), max(lats)


def _in_ring(lng: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting; a point on the ring's edge counts as inside."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        # on the edge
        cross = (x2 - x1) * (lat - y1) - (y2 - y1) * (lng - x1)
        if abs(cross) < 1e-12 and min(x1, x2) <= lng <= max(x1, x2) and min(y1, y2) <= lat <= max(y1, y2):
            return True
        if (y1 > lat) != (y2 > lat):
            x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lng < x_at:
                inside = not inside
    return inside


def point_in_polygon(lng: float, lat: float, polygon) -> bool:
    """Whether (lng, lat) lies in the GeoJSON Polygon (inside the outer ring, outside every hole)."""
    rings = polygon_rings(polygon)
    if not _in_ring(lng, lat, rings[0]):
        return False
    return not any(_in_ring(lng, lat, hole) for hole in rings[1:])


@transaction.atomic
def grid_save(*, actor, code: str, name: str, squad: Unit, polygon: dict, grid: Grid | None = None) -> Grid:
    """Create or change a grid; validates the polygon and keeps the bounding box in step with it."""
    _check_manage(actor)
    if squad.kind != Unit.Kind.SQUAD:
        raise ValidationError({"squad": _("A grid is owned by a squad.")})
    min_lng, min_lat, max_lng, max_lat = polygon_bbox(polygon)
    created = grid is None
    grid = Grid() if created else Grid.objects.select_for_update().get(pk=grid.pk)
    grid.code, grid.name, grid.squad, grid.polygon = code, name, squad, polygon
    grid.min_lng, grid.min_lat, grid.max_lng, grid.max_lat = min_lng, min_lat, max_lng, max_lat
    grid.full_clean()
    grid.save()
    audit_append(
        actor=actor,
        action="org.grid_create" if created else "org.grid_update",
        obj=grid,
        payload={"code": code, "name": name, "squad": squad.pk, "bbox": [min_lng, min_lat, max_lng, max_lat]},
    )
    return grid


def grid_for_point(lng: float, lat: float) -> Grid | None:
    """The grid containing (lng, lat), or None: a bounding-box query, then point-in-polygon.

    Later modules route citizen requests and patrols with it. When grids overlap on a shared edge,
    the first by code wins.
    """
    candidates = Grid.objects.filter(
        min_lng__lte=lng, max_lng__gte=lng, min_lat__lte=lat, max_lat__gte=lat
    ).select_related("squad")
    for grid in candidates.order_by("code"):
        if point_in_polygon(lng, lat, grid.polygon):
            return grid
    return None


# --- staff ----------------------------------------------------------------------------------


def _check_id_number(id_number: str) -> str:
    id_number = (id_number or "").strip().upper()
    if id_number and not ric.is_valid(id_number):
        raise ValidationError({"id_number": _("This is not a valid resident ID number (GB 11643).")})
    return id_number


STAFF_FIELDS = (
    "employee_no",
    "name",
    "gender",
    "kind",
    "unit",
    "title",
    "phone",
    "id_number",
    "is_legal_reviewer",
    "legal_professional_qualification",
    "hired_on",
    "user",
)


def _staff_payload(values: dict) -> dict:
    payload = {}
    for key, value in values.items():
        if key == "id_number" and value:
            value = f"{value[:6]}********{value[-4:]}"  # the log keeps no full ID numbers
        elif hasattr(value, "pk"):
            value = value.pk
        payload[key] = value
    return payload


@transaction.atomic
def staff_create(
    *,
    actor,
    employee_no: str,
    name: str,
    kind: str,
    unit: Unit,
    gender: str = "",
    title: str = "",
    phone: str = "",
    id_number: str = "",
    hired_on: dt.date | None = None,
    user=None,
    is_legal_reviewer: bool = False,
    legal_professional_qualification: bool = False,
) -> Staff:
    """Add a member of staff. A new legal reviewer must hold the legal professional qualification."""
    _check_manage(actor)
    staff = Staff(
        employee_no=employee_no,
        name=name,
        kind=kind,
        unit=unit,
        gender=gender,
        title=title,
        phone=phone,
        id_number=_check_id_number(id_number),
        hired_on=hired_on,
        user=user,
        is_legal_reviewer=is_legal_reviewer,
        legal_professional_qualification=legal_professional_qualification,
    )
    if is_legal_reviewer:
        rules.assert_can_become_legal_reviewer(staff)
    staff.full_clean()
    staff.save()
    values = {k: getattr(staff, k) for k in STAFF_FIELDS}
    audit_append(actor=actor, action="org.staff_create", obj=staff, payload=_staff_payload(values))
    return staff


@transaction.atomic
def staff_update(*, actor, staff: Staff, **changes) -> Staff:
    """Change a staff member's data (status has its own service, :func:`staff_set_status`).

    Appointing someone as a legal reviewer checks 《行政处罚法》第五十八条第二款.
    """
    _check_manage(actor)
    unknown = set(changes) - set(STAFF_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if "id_number" in changes:
        changes["id_number"] = _check_id_number(changes["id_number"])
    changed = {k: v for k, v in changes.items() if getattr(staff, k) != v}
    for key, value in changed.items():
        setattr(staff, key, value)
    if changed.get("is_legal_reviewer"):
        rules.assert_can_become_legal_reviewer(staff)
    if changed:
        staff.full_clean()
        staff.save(update_fields=list(changed))
        audit_append(actor=actor, action="org.staff_update", obj=staff, payload=_staff_payload(changed))
    return staff


@transaction.atomic
def staff_set_status(*, actor, staff: Staff, status: str, reason: str = "") -> Staff:
    """Put a staff member on duty, on study leave (离岗学习), suspended or departed."""
    _check_manage(actor)
    if status not in Staff.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    previous = staff.status
    if previous != status:
        staff.status = status
        staff.save(update_fields=["status"])
        audit_append(
            actor=actor,
            action="org.staff_set_status",
            obj=staff,
            payload={"from": previous, "to": status, "reason": reason},
        )
    return staff


# --- certificates ---------------------------------------------------------------------------


def _check_dates(issued_on: dt.date, expires_on: dt.date) -> None:
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": _("A certificate expires after the day it is issued.")})


@transaction.atomic
def certificate_issue(
    *,
    actor,
    staff: Staff,
    number: str,
    enforcement_category: str,
    enforcement_area: str,
    issued_on: dt.date,
    expires_on: dt.date,
) -> Certificate:
    """Issue an enforcement certificate to an officer; a certificate still marked valid is replaced.

    Only enforcement officers hold certificates (《行政处罚法》第四十二条; seed 004).
    """
    _check_manage(actor)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    rules.assert_may_hold_certificate(staff)
    _check_dates(issued_on, expires_on)
    replaced = list(
        Certificate.objects.select_for_update()
        .filter(staff=staff, status=Certificate.Status.VALID)
        .values_list("pk", flat=True)
    )
    Certificate.objects.filter(pk__in=replaced).update(status=Certificate.Status.REPLACED)
    certificate = Certificate(
        staff=staff,
        number=number,
        enforcement_category=enforcement_category,
        enforcement_area=enforcement_area,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    certificate.full_clean()
    certificate.save()
    audit_append(
        actor=actor,
        action="org.certificate_issue",
        obj=certificate,
        payload={
            "staff": staff.pk,
            "number": number,
            "category": enforcement_category,
            "area": enforcement_area,
            "issued_on": issued_on,
            "expires_on": expires_on,
            "replaced": replaced,
        },
    )
    return certificate


def _certificate_transition(
    *, actor, certificate: Certificate, allowed_from, to: str, action: str, reason: str
):
    _check_manage(actor)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A certificate that is %(status)s cannot be changed this way.")
                % {"status": certificate.get_status_display()}
            }
        )
    previous = certificate.status
    certificate.status = to
    certificate.save(update_fields=["status"])
    audit_append(
        actor=actor, action=action, obj=certificate, payload={"from": previous, "to": to, "reason": reason}
    )
    return certificate


@transaction.atomic
def certificate_suspend(*, actor, certificate: Certificate, reason: str = "") -> Certificate:
    """Suspend a valid certificate: its holder stops being qualified (《行政处罚法》第四十二条)."""
    return _certificate_transition(
        actor=actor,
        certificate=certificate,
        allowed_from={Certificate.Status.VALID},
        to=Certificate.Status.SUSPENDED,
        action="org.certificate_suspend",
        reason=reason,
    )


@transaction.atomic
def certificate_reinstate(*, actor, certificate: Certificate, reason: str = "") -> Certificate:
    """Lift a suspension: the certificate is valid again (within its dates)."""
    if Certificate.objects.filter(staff_id=certificate.staff_id, status=Certificate.Status.VALID).exists():
        raise ValidationError({"status": _("The holder already has a valid certificate.")})
    return _certificate_transition(
        actor=actor,
        certificate=certificate,
        allowed_from={Certificate.Status.SUSPENDED},
        to=Certificate.Status.VALID,
        action="org.certificate_reinstate",
        reason=reason,
    )


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str = "") -> Certificate:
    """Revoke a valid or suspended certificate, for good."""
    return _certificate_transition(
        actor=actor,
        certificate=certificate,
        allowed_from={Certificate.Status.VALID, Certificate.Status.SUSPENDED},
        to=Certificate.Status.REVOKED,
        action="org.certificate_revoke",
        reason=reason,
    )


@transaction.atomic
def certificate_renew(
    *, actor, certificate: Certificate, number: str, issued_on: dt.date, expires_on: dt.date
) -> Certificate:
    """Renew a valid certificate (换证): a new card with the same category and area replaces it.

    A suspended or revoked certificate cannot be renewed.
    """
    current = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if current.status != Certificate.Status.VALID:
        raise ValidationError(
            {
                "status": _("A certificate that is %(status)s cannot be renewed.")
                % {"status": current.get_status_display()}
            }
        )
    return certificate_issue(
        actor=actor,
        staff=current.staff,
        number=number,
        enforcement_category=current.enforcement_category,
        enforcement_area=current.enforcement_area,
        issued_on=issued_on,
        expires_on=expires_on,
    )


# --- training -------------------------------------------------------------------------------


@transaction.atomic
def training_record_add(
    *,
    actor,
    staff: Staff,
    course: str,
    hours: Decimal | str | float,
    date: dt.date,
    exam_result: str = TrainingRecord.ExamResult.NONE,
    score: Decimal | None = None,
) -> TrainingRecord:
    """Record a course a staff member took (counts towards the 60-hour commitment, seed 003)."""
    _check_manage(actor)
    try:
        hours = Decimal(str(hours))
    except InvalidOperation:
        raise ValidationError({"hours": _("Enter a number of hours.")}) from None
    if hours <= 0:
        raise ValidationError({"hours": _("Training hours must be positive.")})
    record = TrainingRecord(
        staff=staff, course=course, hours=hours, date=date, exam_result=exam_result, score=score
    )
    record.full_clean()
    record.save()
    audit_append(
        actor=actor,
        action="org.training_record_add",
        obj=record,
        payload={
            "staff": staff.pk,
            "course": course,
            "hours": hours,
            "date": date,
            "exam_result": exam_result,
            "score": score,
        },
    )
    return record


# --- equipment ------------------------------------------------------------------------------


@transaction.atomic
def camera_register(*, actor, serial: str, unit: Unit, model_name: str = "") -> BodyCamera:
    """Add a body camera (执法记录仪) to a unit's equipment register."""
    _check_manage(actor)
    camera = BodyCamera(serial=serial, unit=unit, model_name=model_name)
    camera.full_clean()
    camera.save()
    audit_append(
        actor=actor,
        action="org.camera_register",
        obj=camera,
        payload={"serial": serial, "unit": unit.pk, "model": model_name},
    )
    return camera


@transaction.atomic
def camera_assign(*, actor, camera: BodyCamera, staff: Staff | None) -> BodyCamera:
    """Assign a camera to one person of its unit (officers and auxiliaries alike), or take it back.

    A camera is with at most one person at a time; it must be in service and the person on duty.
    """
    _check_manage(actor)
    camera = BodyCamera.objects.select_for_update().select_related("unit").get(pk=camera.pk)
    previous = camera.assigned_to_id
    if staff is not None:
        staff = Staff.objects.select_related("unit").get(pk=staff.pk)
        if camera.status != BodyCamera.Status.IN_SERVICE:
            raise ValidationError({"camera": _("Only a camera in service can be assigned.")})
        if staff.status != Staff.Status.ACTIVE:
            raise ValidationError({"staff": _("Only a staff member on duty can be given a camera.")})
        if not staff.unit.path.startswith(camera.unit.path):
            raise ValidationError({"staff": _("The camera belongs to another unit.")})
    camera.assigned_to = staff
    camera.save(update_fields=["assigned_to"])
    audit_append(
        actor=actor,
        action="org.camera_assign",
        obj=camera,
        payload={"from": previous, "to": staff.pk if staff else None},
    )
    return camera


@transaction.atomic
def camera_set_status(*, actor, camera: BodyCamera, status: str) -> BodyCamera:
    """Send a camera to repair, retire it or bring it back; a camera out of service is unassigned."""
    _check_manage(actor)
    if status not in BodyCamera.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    camera = BodyCamera.objects.select_for_update().get(pk=camera.pk)
    previous = camera.status
    camera.status = status
    fields = ["status"]
    if status != BodyCamera.Status.IN_SERVICE and camera.assigned_to_id:
        camera.assigned_to = None
        fields.append("assigned_to")
    camera.save(update_fields=fields)
    audit_append(
        actor=actor, action="org.camera_set_status", obj=camera, payload={"from": previous, "to": status}
    )
    return camera


@transaction.atomic
def vehicle_register(*, actor, plate: str, kind: str, unit: Unit) -> Vehicle:
    """Add an enforcement vehicle to a unit's register."""
    _check_manage(actor)
    vehicle = Vehicle(plate=plate, kind=kind, unit=unit)
    vehicle.full_clean()
    vehicle.save()
    audit_append(
        actor=actor,
        action="org.vehicle_register",
        obj=vehicle,
        payload={"plate": plate, "kind": kind, "unit": unit.pk},
    )
    return vehicle


@transaction.atomic
def vehicle_set_status(*, actor, vehicle: Vehicle, status: str) -> Vehicle:
    """Send a vehicle to repair, retire it or bring it back into service."""
    _check_manage(actor)
    if status not in Vehicle.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    previous = vehicle.status
    vehicle.status = status
    vehicle.save(update_fields=["status"])
    audit_append(
        actor=actor, action="org.vehicle_set_status", obj=vehicle, payload={"from": previous, "to": status}
    )
    return vehicle
