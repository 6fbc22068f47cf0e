"""Open311 GeoReport v2 (``/open311/v2/``): discovery, services, service definitions, requests and
tokens, in JSON and XML, so existing 311 clients work unchanged.

Service codes are the request kinds (``complaint``, ``inquiry``, ``suggestion``, ``praise``) and, for
complaints about one enforcement matter, ``matter-<code>``. Requests POSTed here (with an API key)
enter the same first-inquiry flow as any other (channel "web", no first receiver until a staff member
takes them). Errors are the specification's list of ``code`` + ``description``; bad input never gives
a 500. Personal data is never returned: descriptions are scrubbed and addresses cut to the street.
"""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from sunshine.catalog.models import Matter
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.masking import mask_address, scrub

from . import services
from .models import OPEN_STATUSES, ApiKey, Kind, Request, Status, Urgency

KIND_NAMES = {
    Kind.COMPLAINT: "投诉举报",
    Kind.INQUIRY: "咨询",
    Kind.SUGGESTION: "建议",
    Kind.PRAISE: "表扬",
}
MATTER_PREFIX = "matter-"
MAX_ROWS = 1000
DEFAULT_DAYS = 90


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering ----------------------------------------------------------------------------------


def _xml_value(parent, name, value):
    el = ET.SubElement(parent, name)
    if isinstance(value, list):
        child = "value" if name == "values" else name.rstrip("s")
        for item in value:
            _xml_value(el, child, item)
    elif isinstance(value, dict):
        for key, sub in value.items():
            _xml_value(el, key, sub)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)
    return el


def _render(data, fmt: str, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        top = ET.Element(root)
        if isinstance(data, list):
            for row in data:
                _xml_value(top, item, row)
        else:
            for key, value in data.items():
                _xml_value(top, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(
        [{"code": status, "description": description}], fmt, root="errors", item="error", status=status
    )


def _endpoint(view):
    """Wrap a view: any Open311Error or unexpected bad input becomes the spec's error list."""

    def wrapped(request, *args, fmt="json", **kwargs):
        if fmt not in ("json", "xml"):
            return _error("json", 404, "unknown format")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)
        except (ValueError, TypeError, OverflowError) as exc:
            return _error(fmt, 400, f"bad input: {exc}")

    wrapped.public = True
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


# --- services -------------------------------------------------------------------------------------


def _services() -> list[dict]:
    rows = [
        {
            "service_code": kind.value,
            "service_name": KIND_NAMES[kind],
            "description": str(kind.label),
            "metadata": True,
            "type": "batch",
            "keywords": kind.value,
            "group": "市民诉求",
        }
        for kind in Kind
    ]
    for code, name, category in (
        Matter.objects.filter(active=True).order_by("code").values_list("code", "name", "category")
    ):
        rows.append(
            {
                "service_code": f"{MATTER_PREFIX}{code}",
                "service_name": name,
                "description": f"投诉举报：{name}",
                "metadata": True,
                "type": "batch",
                "keywords": category,
                "group": "投诉举报",
            }
        )
    return rows


def _resolve_code(code: str) -> tuple[str, Matter | None]:
    if code in Kind.values:
        return code, None
    if code.startswith(MATTER_PREFIX):
        matter = Matter.objects.filter(code=code[len(MATTER_PREFIX) :], active=True).first()
        if matter is not None:
            return Kind.COMPLAINT, matter
    raise Open311Error(404, f"service_code {code} not found")


def _definition(code: str) -> dict:
    _resolve_code(code)
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "urgency",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "ordinary or urgent",
                "order": 1,
                "description": "紧急程度",
                "values": [{"key": u.value, "name": str(u.label)} for u in Urgency],
            }
        ],
    }


@_endpoint
def discovery(request, fmt):
    """Discovery: where the endpoint is and what it speaks."""
    base = (
        request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    )
    data = {
        "changeset": "2026-01-01T00:00:00+08:00",
        "contact": "12345",
        "key_service": "API keys are issued by the bureau's system administrator.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-01-01T00:00:00+08:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        top = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            _xml_value(top, key, data[key])
        endpoints = ET.SubElement(top, "endpoints")
        for e in data["endpoints"]:
            ep = ET.SubElement(endpoints, "endpoint")
            for key, value in e.items():
                if key == "formats":
                    formats = ET.SubElement(ep, "formats")
                    for f in value:
                        _xml_value(formats, "format", f)
                else:
                    _xml_value(ep, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type="text/xml; charset=utf-8")
    return _render(data, fmt, root="discovery")


@_endpoint
def service_list(request, fmt):
    """The service list: request kinds and enforcement matters."""
    return _render(_services(), fmt, root="services", item="service")


@_endpoint
def service_definition(request, code, fmt):
    """The attributes of one service."""
    return _render(_definition(code), fmt, root="service_definition")


# --- requests -------------------------------------------------------------------------------------


def _as_open311(req: Request) -> dict:
    closed = req.status not in OPEN_STATUSES
    code = f"{MATTER_PREFIX}{req.matter.code}" if req.matter_id else req.kind
    notes = None
    if req.status == Status.REPLIED:
        notes = scrub(req.reply_content)
    elif req.status == Status.REFERRED:
        notes = f"已转交{req.referred_department}"
    elif req.status == Status.MERGED and req.merged_into_id:
        notes = f"已合并至{req.merged_into.tracking_no}"
    return {
        "service_request_id": req.tracking_no,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": req.matter.name if req.matter_id else KIND_NAMES.get(req.kind, req.kind),
        "service_code": code,
        "description": scrub(req.content)[:4000],
        "agency_responsible": req.referred_department or (req.unit.name if req.unit_id else None),
        "service_notice": None,
        "requested_datetime": req.received_at.isoformat(),
        "updated_datetime": (req.replied_at or req.received_at).isoformat(),
        "expected_datetime": req.due_at.isoformat(),
        "address": mask_address(req.address) or None,
        "address_id": None,
        "zipcode": None,
        "lat": req.lat,
        "long": req.lng,
        "media_url": None,
    }


def _date_param(request, name):
    raw = request.GET.get(name)
    if not raw:
        return None
    value = parse_datetime(raw.replace(" ", "+"))
    if value is None:
        raise Open311Error(400, f"{name} must be a W3C datetime")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _query(request) -> list[dict]:
    qs = Request.objects.select_related("matter", "unit", "merged_into")
    ids = request.GET.get("service_request_id")
    if ids:
        qs = qs.filter(tracking_no__in=[i.strip() for i in ids.split(",") if i.strip()][:MAX_ROWS])
    else:
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            cond = Q()
            for code in codes:
                kind, matter = _resolve_code(code)
                cond |= Q(matter=matter) if matter else Q(kind=kind, matter__isnull=True)
            qs = qs.filter(cond)
        start, end = _date_param(request, "start_date"), _date_param(request, "end_date")
        if start and end and start > end:
            raise Open311Error(400, "start_date is after end_date")
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start:
            qs = qs.filter(received_at__gte=start)
        if end:
            qs = qs.filter(received_at__lte=end)
        status = request.GET.get("status")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, "status must be open or closed")
            if wanted == {"open"}:
                qs = qs.filter(status__in=OPEN_STATUSES)
            elif wanted == {"closed"}:
                qs = qs.exclude(status__in=OPEN_STATUSES)
    return [_as_open311(r) for r in qs.order_by("-received_at", "-id")[:MAX_ROWS]]


def _float(request, name, low, high):
    raw = request.POST.get(name)
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a number") from None
    if not low <= value <= high or value != value:
        raise Open311Error(400, f"{name} out of range")
    return value


def _create(request) -> list[dict]:
    key = request.POST.get("api_key", "")
    if not key or not ApiKey.objects.filter(key=key, active=True).exists():
        raise Open311Error(403, "api_key is missing, unknown or revoked")
    code = request.POST.get("service_code", "")
    if not code:
        raise Open311Error(400, "service_code is required")
    kind, matter = _resolve_code(code)
    lat, lng = _float(request, "lat", -90, 90), _float(request, "long", -180, 180)
    address = request.POST.get("address_string", "").strip()
    if (lat is None or lng is None) and not address and not request.POST.get("address_id"):
        raise Open311Error(400, "a location is required: lat and long, address_string or address_id")
    description = request.POST.get("description", "").strip()
    if not description:
        raise Open311Error(400, "description is required")
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4000 characters")
    urgency = request.POST.get("attribute[urgency]", Urgency.ORDINARY)
    if urgency not in Urgency.values:
        raise Open311Error(400, "attribute[urgency] must be ordinary or urgent")
    name = f"{request.POST.get('last_name', '')}{request.POST.get('first_name', '')}".strip()
    try:
        req = services.request_register(
            actor=None,
            channel="web",
            kind=kind,
            urgency=urgency,
            content=description,
            citizen_name=name[:60],
            citizen_phone=request.POST.get("phone", "")[:20],
            address=address[:200],
            lng=lng,
            lat=lat,
            matter=matter,
        )
    except (RuleViolation, PermissionDeniedError) as exc:
        raise Open311Error(400, str(exc)) from None
    return [
        {
            "service_request_id": req.tracking_no,
            "token": req.tracking_no,
            "service_notice": "已受理，请凭受理编号查询办理进度",
            "account_id": None,
        }
    ]


@_endpoint
def request_list(request, fmt):
    """GET: requests with the standard filters. POST: create a request (api_key required)."""
    if request.method == "POST":
        return _render(_create(request), fmt, root="service_requests", item="request", status=201)
    if request.method != "GET":
        raise Open311Error(405, "method not allowed")
    return _render(_query(request), fmt, root="service_requests", item="request")


@_endpoint
def request_detail(request, request_id, fmt):
    """One request by its id (the tracking number)."""
    req = (
        Request.objects.select_related("matter", "unit", "merged_into").filter(tracking_no=request_id).first()
    )
    if req is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return _render([_as_open311(req)], fmt, root="service_requests", item="request")


@_endpoint
def token(request, token_id, fmt):
    """The request id for a token (requests are created at once, so the token is the id)."""
    if not Request.objects.filter(tracking_no=token_id).exists():
        raise Open311Error(404, f"token {token_id} not found")
    return _render(
        [{"token": token_id, "service_request_id": token_id}], fmt, root="service_requests", item="request"
    )


@_endpoint
def not_found(request, fmt="json", rest=""):
    raise Open311Error(404, "no such endpoint")
