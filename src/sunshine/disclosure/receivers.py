"""How disclosure follows the cases (``sunshine.cases.hooks.case_acted``, inside the case's transaction):

- a penalty decision (``decide``, ``decide_on_spot``) gets its publication, masked and frozen, with its
  7-working-day deadline;
- an outcome of reconsideration or litigation that changes or revokes the decision (``remedy_outcome``)
  withdraws the publication with the reason (《行政处罚法》第四十八条第二款).
"""

from __future__ import annotations

from django.utils import timezone

from . import services


def on_case_acted(sender, *, case, action, actor, data, **kwargs) -> None:
    if action in ("decide", "decide_on_spot"):
        from sunshine.cases.models import Decision

        decision = Decision.objects.filter(case_id=case.pk).first()
        if decision is not None:
            services.publication_prepare(decision=decision, actor=actor)
    elif action == "remedy_outcome":
        from sunshine.cases.models import Remedy

        remedy = Remedy.objects.filter(pk=(data or {}).get("remedy"), case_id=case.pk).first()
        if remedy is None:
            return
        services.publication_withdraw_for_remedy(
            case=case,
            actor=actor,
            remedy_kind=remedy.kind,
            outcome=remedy.outcome,
            decided_on=remedy.decided_on or timezone.localdate(),
        )
