"""The five-step ladder's history, and the registries other apps plug into.

Parties never import the cases app. Instead the cases app registers, at start-up (its
``AppConfig.ready``):

``register_history_source(fn)``
    ``fn(party, matter, since) -> Iterable[HistoryItem]``: earlier penalty cases of ``party`` for
    ``matter`` on or after ``since`` (a ``date``), each ``HistoryItem(kind="case", date=..., step="penalize",
    ref="<case number>")``. They count towards :func:`recommendation_for`.

``register_enforcement_counter(fn)``
    ``fn(*, start, end, unit) -> int``: the number of enforcement actions (penalty decisions) dated from
    ``start`` to ``end`` (inclusive ``date``s) by ``unit``'s subtree (an ``org.Unit``, or ``None`` for the
    whole bureau). They make the "enforcement" share of the 721 split (:func:`selectors.split_721`).

Cases call :func:`check_case_may_open` before opening a penalty case for a party.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone

from .models import FieldContact
from .rules import (
    DEFAULT_WINDOW_MONTHS,
    HistoryItem,
    PenaltyOpening,
    Recommendation,
    check_early_penalty_reason,
    recommend_next_step,
    window_since,
)

HistorySource = Callable[..., Iterable[HistoryItem]]
EnforcementCounter = Callable[..., int]

_history_sources: list[HistorySource] = []
_enforcement_counters: list[EnforcementCounter] = []


def register_history_source(fn: HistorySource) -> HistorySource:
    """Add a source of history items (usable as a decorator); registering twice is harmless."""
    if fn not in _history_sources:
        _history_sources.append(fn)
    return fn


def unregister_history_source(fn: HistorySource) -> None:
    if fn in _history_sources:
        _history_sources.remove(fn)


def register_enforcement_counter(fn: EnforcementCounter) -> EnforcementCounter:
    """Add a counter of enforcement actions for the 721 split (usable as a decorator)."""
    if fn not in _enforcement_counters:
        _enforcement_counters.append(fn)
    return fn


def unregister_enforcement_counter(fn: EnforcementCounter) -> None:
    if fn in _enforcement_counters:
        _enforcement_counters.remove(fn)


def enforcement_count(*, start: dt.date, end: dt.date, unit=None) -> int:
    return sum(int(fn(start=start, end=end, unit=unit)) for fn in _enforcement_counters)


def window_months() -> int:
    """The ladder window in months: the regional setting (catalog), 12 by default."""
    try:
        from sunshine.catalog.models import RegionalSettings
    except ImportError:  # pragma: no cover - the catalog app is always installed in this project
        return DEFAULT_WINDOW_MONTHS
    return RegionalSettings.current().ladder_window_months or DEFAULT_WINDOW_MONTHS


def local_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the bureau's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def contact_history(*, party, matter, since: dt.date, until: dt.date | None = None, exclude_pk=None):
    """The party's field contacts for ``matter`` from ``since`` (to ``until``) as history items."""
    if party is None or getattr(party, "pk", None) is None:
        return []
    contacts = FieldContact.objects.filter(party=party, matter=matter, occurred_at__gte=local_start(since))
    if until is not None:
        contacts = contacts.filter(occurred_at__lt=local_start(until + dt.timedelta(days=1)))
    if exclude_pk is not None:
        contacts = contacts.exclude(pk=exclude_pk)
    return [
        HistoryItem("contact", timezone.localtime(occurred).date(), step, f"contact:{pk}")
        for pk, occurred, step in contacts.values_list("pk", "occurred_at", "step")
    ]


def history_for(*, party, matter, since: dt.date, until: dt.date | None = None) -> list[HistoryItem]:
    """Contacts and, from the registered sources, cases for this party and matter."""
    items = contact_history(party=party, matter=matter, since=since, until=until)
    if party is not None and getattr(party, "pk", None) is not None:
        for source in _history_sources:
            items.extend(source(party, matter, since))
    if until is not None:
        items = [item for item in items if item.date <= until]
    return sorted(items, key=lambda item: item.date)


def recommendation_for(*, party, matter, on: dt.date | None = None) -> Recommendation:
    """The recommended next rung for ``party`` (``None`` when unidentified) and ``matter`` on ``on``."""
    on = on or timezone.localdate()
    months = window_months()
    history = history_for(party=party, matter=matter, since=window_since(on, months), until=on)
    return recommend_next_step(party=party, matter=matter, on=on, history=history, window_months=months)


def check_case_may_open(*, party, matter, on: dt.date | None = None, reason: str = "") -> PenaltyOpening:
    """For the cases app: may a penalty case be opened now? Raises ``RuleViolation`` when the ladder has
    not reached "penalise" and ``reason`` is not one of ``rules.EarlyPenaltyReason``; the result says
    whether the opening is early (to be recorded and reported) and carries the recommendation."""
    return check_early_penalty_reason(
        recommendation=recommendation_for(party=party, matter=matter, on=on), reason=reason
    )
