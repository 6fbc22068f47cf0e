"""The audit administrator's pages: the event log with filters, an event with its proof, checkpoints."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from sunshine.core.permissions import capability_required

from .forms import EventFilterForm
from .models import Checkpoint, Event
from .selectors import EventFilters, event_day, event_page, inclusion_proof


def _int_param(request, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


@capability_required("audit.view")
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = EventFilters()
    if form.is_bound and form.is_valid():
        filters = EventFilters(**{key: value for key, value in form.cleaned_data.items() if value})
    page = event_page(filters, before=_int_param(request, "before"), after=_int_param(request, "after"))
    kept = {key: value for key, value in request.GET.items() if key not in {"before", "after"} and value}
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": urlencode(kept), "filtered": bool(kept)},
    )


@capability_required("audit.view")
def event_detail(request, seq: int):
    event = get_object_or_404(Event, seq=seq)
    return render(
        request,
        "audit/event_detail.html",
        {"event": event, "day": event_day(event), "proof": inclusion_proof(seq)},
    )


@capability_required("audit.view")
def checkpoint_list(request):
    paginator = Paginator(Checkpoint.objects.order_by("-day"), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "audit/checkpoint_list.html", {"page": page})
