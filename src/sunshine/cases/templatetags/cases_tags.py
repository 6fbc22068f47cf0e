"""Labels for codes stored on case records (penalty kinds, severities, actions)."""

from __future__ import annotations

from django import template

from sunshine.catalog.models import PenaltyKind, Severity

from ..workflow import ACTION_LABELS, EXTRA_LABELS

register = template.Library()


@register.filter
def penalty_labels(kinds) -> str:
    labels = dict(PenaltyKind.choices)
    return "、".join(str(labels.get(k, k)) for k in kinds or [])


@register.filter
def severity_label(value) -> str:
    return str(dict(Severity.choices).get(value, value))


@register.filter
def action_label(action) -> str:
    return str(ACTION_LABELS.get(action) or EXTRA_LABELS.get(action) or action)
