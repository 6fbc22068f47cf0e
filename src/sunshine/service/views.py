"""Staff pages of citizen requests (``/work/service/``) and the public portal pages (``/service/``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.masking import mask_address
from sunshine.core.permissions import capability_required

from . import selectors, services
from .forms import (
    DispatchForm,
    ExtendForm,
    MergeForm,
    PortalForm,
    RateForm,
    ReferForm,
    RegisterForm,
    ReplyForm,
    TrackForm,
)
from .models import Status, SupervisorReport

PORTAL_LIMIT = 5  # requests per address per hour (CAPTCHA-free rate limiting)


def _error(form, exc) -> None:
    if isinstance(exc, RuleViolation):
        form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    else:
        form.add_error(None, str(exc))


@capability_required("service.view")
def board(request):
    status = request.GET.get("status", "open")
    rows = selectors.request_board(
        request.user,
        status=status,
        q=request.GET.get("q", "").strip()[:50],
        mine=request.GET.get("mine") == "1",
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "service/board.html", {"page": page, "status": status, "statuses": Status.choices})


@capability_required("service.register")
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.request_register(actor=request.user, **form.cleaned_data)
        except (RuleViolation, PermissionDeniedError) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Registered as %(no)s.") % {"no": req.tracking_no})
            return redirect("service:detail", pk=req.pk)
    return render(request, "service/register.html", {"form": form})


@capability_required("service.view")
def detail(request, pk):
    req = selectors.request_get(request.user, pk)
    return render(
        request,
        "service/detail.html",
        {
            "req": req,
            "can_act": services.can_act(request.user, req),
            "duplicates": services.duplicates_for(req) if req.is_open else [],
            "dispatch_form": DispatchForm(initial={"unit": req.unit_id}),
            "refer_form": ReferForm(),
            "reply_form": ReplyForm(initial={"channel": req.channel}),
            "merge_form": MergeForm(),
            "extend_form": ExtendForm(),
            "report": SupervisorReport.objects.filter(request=req).select_related("supervisor").first(),
            "can_extend": services.can_extend(request.user, req),
        },
    )


ACTIONS = {
    "dispatch": (DispatchForm, lambda u, r, d: services.request_dispatch(actor=u, request=r, unit=d["unit"])),
    "refer": (ReferForm, lambda u, r, d: services.request_refer(actor=u, request=r, **d)),
    "reply": (ReplyForm, lambda u, r, d: services.request_reply(actor=u, request=r, **d)),
    "extend": (ExtendForm, lambda u, r, d: services.request_extend(actor=u, request=r, **d)),
}


@require_POST
@capability_required("service.register")
def act(request, pk, action):
    req = selectors.request_get(request.user, pk)
    if action == "claim":
        form, run = None, lambda u, r, d: services.request_claim(actor=u, request=r)
    elif action == "merge":
        form = MergeForm(request.POST)

        def run(u, r, d):
            target = selectors.visible_requests(u).filter(tracking_no=d["into"].strip()).first()
            if target is None:
                raise RuleViolation("bad_merge", _("No such request to merge into."))
            return services.request_merge(actor=u, request=r, into=target)
    elif action in ACTIONS:
        form_class, run = ACTIONS[action]
        form = form_class(request.POST)
    else:
        raise Http404
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("service:detail", pk=pk)
    try:
        run(request.user, req, form.cleaned_data if form is not None else {})
    except (RuleViolation, PermissionDeniedError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("service:detail", pk=pk)


# --- public portal ------------------------------------------------------------------------------


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def portal_submit(request):
    """Submit a request from the web (channel "web"); limited per address per hour, no CAPTCHA."""
    form = PortalForm(request.POST or None)
    if request.method == "POST":
        key = f"service:portal:{_client_ip(request)}"
        if cache.get(key, 0) >= PORTAL_LIMIT:
            form.is_valid()
            form.add_error(None, _("Too many requests from your address; please try again in an hour."))
        elif form.is_valid():
            cache.set(key, cache.get(key, 0) + 1, 3600)
            req = services.request_register(actor=None, channel="web", **form.cleaned_data)
            return redirect("service_portal:track_no", tracking_no=req.tracking_no)
    return render(request, "service/portal_submit.html", {"form": form})


portal_submit.public = True


def portal_track(request, tracking_no: str = ""):
    """Progress by tracking number, with no personal data."""
    tracking_no = tracking_no or request.GET.get("tracking_no", "")
    form = TrackForm(initial={"tracking_no": tracking_no})
    req = selectors.public_track(tracking_no) if tracking_no else None
    rate_form = RateForm(request.POST or None) if req and req.status == Status.REPLIED else None
    if req is not None and request.method == "POST" and rate_form is not None and rate_form.is_valid():
        try:
            services.request_rate(tracking_no=req.tracking_no, **rate_form.cleaned_data)
        except (RuleViolation, PermissionDeniedError) as exc:
            _error(rate_form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("service_portal:track_no", tracking_no=req.tracking_no)
    return render(
        request,
        "service/portal_track.html",
        {
            "form": form,
            "tracking_no": tracking_no,
            "req": req,
            "place": mask_address(req.address) if req else "",
            "rate_form": rate_form,
        },
    )


portal_track.public = True


# --- hot spots -----------------------------------------------------------------------------------


def _period(request):
    import datetime as dt

    from django.utils import timezone
    from django.utils.dateparse import parse_date

    from .hotspots import period_bounds

    period = "month" if request.GET.get("period") == "month" else "week"
    day = parse_date(request.GET.get("day", "") or "") if len(request.GET.get("day", "")) == 10 else None
    day = day or timezone.localdate()
    start, end = period_bounds(period, day)
    prev_day = start - dt.timedelta(days=1)
    return period, start, end, prev_day, end


@capability_required("service.view")
def hotspot_page(request):
    from .hotspots import hotspots

    period, start, end, prev_day, next_day = _period(request)
    return render(
        request,
        "service/hotspots.html",
        {
            "period": period,
            "start": start,
            "end": end,
            "prev_day": prev_day,
            "next_day": next_day,
            "data": hotspots(request.user, start=start, end=end),
        },
    )


@capability_required("service.view")
def hotspot_data(request):
    from django.http import JsonResponse

    from .hotspots import map_data

    _period_name, start, end, _prev, _next = _period(request)
    return JsonResponse(map_data(request.user, start=start, end=end))
