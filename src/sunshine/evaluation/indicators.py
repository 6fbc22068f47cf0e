"""Indicators other apps add to the yearly unit evaluation (执法评议考核), without editing this app::

    # sunshine/<app>/apps.py, in ready():
    from sunshine.evaluation.indicators import register_unit_indicator

    @register_unit_indicator
    def conduct(unit, year, unit_ids):
        return {"key": "findings", "title": _("Conduct findings"), "value": 3, "order": 30}

A function takes the unit, the year and the ids of the unit and its sub-units, and returns a dict
(``key``, ``title``, ``value`` a number or short text, ``note``, ``order``) or None. It runs in a few queries.
Indicators are shown on the unit's page and in its export; they never include fine amounts or revenue
(《行政处罚法》第七十四条), which :func:`unit_indicators` refuses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils.encoding import force_str

from . import rules

logger = logging.getLogger(__name__)
IndicatorFn = Callable[..., dict | None]
_INDICATORS: list[IndicatorFn] = []


def register_unit_indicator(fn: IndicatorFn) -> IndicatorFn:
    """Add an indicator to every unit evaluation (registering the same function twice is once)."""
    if fn not in _INDICATORS:
        _INDICATORS.append(fn)
    return fn


def unit_indicators(unit, year: int, unit_ids: list[int]) -> list[dict]:
    shown = []
    for fn in list(_INDICATORS):
        indicator = fn(unit, year, unit_ids)
        if not indicator:
            continue
        indicator = dict(indicator)
        rules.assert_not_revenue(f"{force_str(indicator.get('title', ''))} {indicator.get('key', '')}")
        indicator.setdefault("order", 100)
        indicator.setdefault("note", "")
        shown.append(indicator)
    return sorted(shown, key=lambda i: i["order"])
