"""What the cases app tells the five-step ladder (parties.ladder registers these at start-up)."""

from __future__ import annotations

import datetime as dt

from .models import Case, Decision
from .workflow import State

NOT_COUNTED = (State.WITHDRAWN,)


def case_history(party, matter, since: dt.date):
    """Earlier penalty cases of ``party`` for ``matter`` registered on or after ``since``: each is the
    ladder's "penalise" rung (seed 000 五处罚)."""
    from sunshine.parties.rules import HistoryItem

    rows = (
        Case.objects.filter(
            case_parties__party=party, matter_version__matter=matter, registered_on__gte=since
        )
        .exclude(state__in=NOT_COUNTED)
        .values_list("registered_on", "number")
    )
    return [HistoryItem("case", day, "penalize", number) for day, number in rows]


def enforcement_count(*, start: dt.date, end: dt.date, unit=None) -> int:
    """Penalty decisions dated from ``start`` to ``end`` by ``unit``'s subtree (the 721 split)."""
    qs = Decision.objects.filter(kind=Decision.Kind.PENALTY, decided_on__gte=start, decided_on__lte=end)
    if unit is not None:
        qs = qs.filter(case__unit__path__startswith=unit.path)
    return qs.count()
