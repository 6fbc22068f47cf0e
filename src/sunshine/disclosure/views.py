"""The public disclosure pages (``/disclosure/``, no login) and the staff pages (``/work/disclosure/``)."""

from __future__ import annotations

from html import escape

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.catalog import selectors as catalog_selectors
from sunshine.catalog.models import Category
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import cache, flowchart, opendata, selectors, services
from .forms import HoldBackForm, ReasonForm
from .guides import GUIDES
from .models import HoldGround, Status


def _url(name: str) -> str:
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _public(view):
    view.public = True
    return view


# --- public portal ---------------------------------------------------------------------------


@_public
def index(request):
    """The disclosure front page: what the bureau publishes before and after enforcement."""
    counts = cache.remember(
        "index", {}, lambda: {"decisions": selectors.public_decisions().values("id")[:10001].count()}
    )
    return render(
        request,
        "disclosure/portal_index.html",
        {
            "counts": counts,
            "inspections_url": _url("inspections_portal:index"),
            "verify_url": _url("documents_portal:verify") or _url("documents_portal:index"),
            "track_url": _url("service_portal:track"),
            "submit_url": _url("service_portal:submit"),
        },
    )


@_public
def units(request):
    """The bureau and its units: duties, telephone numbers, addresses."""
    rows = cache.remember(
        "units",
        {},
        lambda: [
            {
                "name": u.name,
                "kind": str(u.get_kind_display()),
                "depth": u.path.count("/") - 1 if u.path else 0,
                "phone": u.phone,
                "address": u.address,
                "duties": u.duties,
            }
            for u in selectors.public_units()
        ],
    )
    return render(request, "disclosure/portal_units.html", {"units": rows})


@_public
def officers(request):
    """Officers with a certificate in force, searchable by name, certificate number or unit."""
    search = (request.GET.get("q") or "").strip()[:64]
    unit = request.GET.get("unit") or ""
    unit_id = int(unit) if unit.isdigit() else None
    page = Paginator(selectors.public_officers(search=search, unit=unit_id), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/portal_officers.html",
        {"page": page, "q": search, "unit": unit_id, "units": selectors.unit_choices()},
    )


@_public
def powers(request):
    """The power list with the legal bases, time limits and discretion benchmarks in force today."""
    category = request.GET.get("category") or ""
    if category not in Category.values:
        category = ""
    search = (request.GET.get("q") or "").strip()[:64]
    items = cache.remember(
        "powers",
        {"c": category, "q": search},
        lambda: catalog_selectors.public_power_list(category=category, search=search),
    )
    return render(
        request,
        "disclosure/portal_powers.html",
        {"items": items, "category": category, "q": search, "categories": Category.choices},
    )


@_public
def power_detail(request, code: str):
    item = cache.remember("power", {"code": code}, lambda: catalog_selectors.public_matter(code))
    return render(request, "disclosure/portal_power_detail.html", {"item": item})


@_public
def procedures(request):
    """Flowcharts of the summary and general procedures, generated from the transition tables."""
    return render(request, "disclosure/portal_procedures.html", {"charts": flowchart.charts()})


@_public
def guides(request):
    items = [{**g, "href": _url(g["url"])} for g in GUIDES]
    return render(request, "disclosure/portal_guides.html", {"guides": items})


@_public
def review_catalog(request):
    """The catalogue of major decisions that need legal review (重大执法决定法制审核目录)."""
    rules = cache.remember(
        "review",
        {},
        lambda: [
            {
                "title": r.title,
                "description": r.description,
                "citation": r.citation,
                "matter": r.matter.name if r.matter_id else "",
            }
            for r in catalog_selectors.review_rules().select_related("matter")
        ],
    )
    return render(request, "disclosure/portal_review_catalog.html", {"rules": rules})


@_public
def contact(request):
    """Complaint and supervision channels: the hotline, the units' telephones, the online service."""
    rows = cache.remember(
        "contact",
        {},
        lambda: [
            {
                "name": u.name,
                "kind": u.kind,
                "phone": u.phone,
                "address": u.address,
                "supervision": "监督" in (u.duties or ""),
            }
            for u in selectors.public_units()
            if u.phone
        ],
    )
    return render(
        request,
        "disclosure/portal_contact.html",
        {
            "bureau": next((r for r in rows if r["kind"] == "bureau"), None),
            "supervision": [r for r in rows if r["supervision"]],
            "squads": [r for r in rows if r["kind"] in ("squad", "brigade")],
            "government_hotline": settings.SUNSHINE.get("GOVERNMENT_HOTLINE", "12345"),
            "submit_url": _url("service_portal:submit"),
            "track_url": _url("service_portal:track"),
        },
    )


@_public
def decisions(request):
    """Penalty decisions published (newest first): filters by unit, matter and date; 20 a page."""
    filters = selectors.clean_filters(request.GET)
    try:
        page_no = int(request.GET.get("page") or 1)
    except ValueError:
        page_no = 1
    query = request.GET.copy()
    query.pop("page", None)

    def compute() -> dict:
        # The rows are the same for every visitor: the rendered fragment is cached with them.
        data = selectors.public_decision_page(filters, page_no)
        data["html"] = render_to_string(
            "disclosure/_decision_rows.html", {"data": data, "query": query.urlencode()}
        )
        return data

    data = cache.remember("decisions-page", {**filters, "page": page_no}, compute)
    choices = cache.remember(
        "choices", {}, lambda: {"units": selectors.unit_choices(), "matters": selectors.matter_choices()}
    )
    return render(
        request,
        "disclosure/portal_decisions.html",
        {
            "data": data,
            "filters": filters,
            "query": query.urlencode(),
            "unit_options": _options(choices["units"], filters.get("unit")),
            "matter_options": _options(
                [(c, f"{c} {n}") for c, n in choices["matters"]], filters.get("matter")
            ),
        },
    )


def _options(choices, selected) -> str:
    """``<option>`` elements built in Python with the standard library's escaping: a template loop over a
    hundred options with an ``if`` each costs more than the rest of the page."""
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(str(value)), " selected" if value == selected else "", escape(str(label))
            )
            for value, label in choices
        )
    )


@_public
def decision_detail(request, pk: int):
    row = cache.remember("decision", {"pk": pk}, lambda: selectors.public_decision(pk))
    return render(request, "disclosure/portal_decision.html", {"d": row})


@_public
def audit_checkpoints(request):
    """The audit log's signed daily checkpoints, so anyone can check that the record was not rewritten."""
    from sunshine.audit.models import Checkpoint

    page = Paginator(Checkpoint.objects.order_by("-day"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/portal_audit.html",
        {
            "page": page,
            "api_url": _url("audit-public-checkpoints"),
            "key_url": _url("audit-public-key"),
        },
    )


@_public
def data_index(request):
    sets = [
        {
            "name": name,
            "json": reverse("disclosure_portal:data", args=[name, "json"]),
            "csv": reverse("disclosure_portal:data", args=[name, "csv"]),
        }
        for name in opendata.DATASETS
    ]
    return render(request, "disclosure/portal_data.html", {"sets": sets})


@_public
def data(request, name: str, fmt: str):
    """One open data file, streamed: ``/disclosure/data/<name>.json`` or ``.csv``."""
    if name not in opendata.DATASETS or fmt not in ("json", "csv"):
        raise Http404
    produce, columns = opendata.DATASETS[name]
    rows = produce(selectors.clean_filters(request.GET)) if name == "decisions" else produce()
    if fmt == "json":
        response = StreamingHttpResponse(
            opendata.as_json(rows), content_type="application/json; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            opendata.as_csv(rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.csv"'
    response["Cache-Control"] = f"public, max-age={cache.TTL}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- staff pages -----------------------------------------------------------------------------


@capability_required("disclosure.view")
def staff_list(request):
    status = request.GET.get("status") or ""
    search = (request.GET.get("q") or "").strip()[:64]
    qs = selectors.staff_publications(user=request.user, status=status, search=search)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/staff_list.html",
        {
            "page": page,
            "status": status,
            "q": search,
            "statuses": Status.choices,
            "counts": selectors.queue_counts(user=request.user),
            "today": selectors.today(),
        },
    )


@capability_required("disclosure.view")
def staff_detail(request, pk: int):
    pub = selectors.staff_publication(user=request.user, pk=pk)
    can_review = has_capability(request.user, "disclosure.review")
    return render(
        request,
        "disclosure/staff_detail.html",
        {
            "pub": pub,
            "can_review": can_review,
            "hold_form": HoldBackForm(),
            "reason_form": ReasonForm(),
            "grounds": HoldGround.choices,
            "today": selectors.today(),
        },
    )


@capability_required("disclosure.review")
@require_POST
def staff_action(request, pk: int, action: str):
    pub = selectors.staff_publication(user=request.user, pk=pk)
    try:
        if action == "publish":
            services.publication_publish(actor=request.user, pk=pub.pk)
            messages.success(request, _("The decision is published."))
        elif action == "hold-back":
            form = HoldBackForm(request.POST)
            services.publication_hold_back(
                actor=request.user,
                pk=pub.pk,
                ground=form.data.get("ground", ""),
                reason=form.data.get("reason", ""),
            )
            messages.success(request, _("The decision is held back."))
        elif action == "release":
            services.publication_release(actor=request.user, pk=pub.pk, reason=request.POST.get("reason", ""))
            messages.success(request, _("The hold-back is lifted and the decision is published."))
        elif action == "withdraw":
            services.publication_withdraw(
                actor=request.user, pk=pub.pk, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The decision is withdrawn; the reason is shown on the portal."))
        else:
            raise Http404
    except RuleViolation as exc:
        messages.error(request, str(exc))
    except (PermissionDeniedError, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("disclosure:detail", pk=pub.pk)
