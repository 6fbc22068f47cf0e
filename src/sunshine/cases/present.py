"""Cases as plain data: what the API returns and the case page shows (one place, so both agree)."""

from __future__ import annotations

from django.utils.encoding import force_str

from . import forms as case_forms
from .models import Case, Decision
from .services import allowed_actions
from .workflow import Procedure, State


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def case_summary(case: Case) -> dict:
    """A list row (uses only what :func:`selectors.case_list` loads)."""
    version = case.matter_version
    return {
        "id": case.pk,
        "number": case.number,
        "procedure": case.procedure,
        "procedure_label": force_str(Procedure(case.procedure).label),
        "state": case.state,
        "state_label": force_str(State(case.state).label),
        "source": case.source,
        "matter": {"code": version.matter.code, "name": version.matter.name, "version": version.number},
        "parties": [
            {"id": cp.party_id, "name": cp.party.name, "kind": cp.party.kind}
            for cp in case.case_parties.all()
        ],
        "handlers": [
            {"id": h.staff_id, "name": h.staff.name, "lead": h.lead} for h in case.case_handlers.all()
        ],
        "unit": case.unit.name,
        "place": case.place,
        "act_at": case.act_at.isoformat(),
        "registered_on": case.registered_on.isoformat(),
        "opened_early": case.opened_early,
    }


def case_rows(ids: list[int]) -> list[dict]:
    """List rows for ``ids`` (in that order) in three flat queries: the same shape as
    :func:`case_summary`, without building model instances (the list API at a million cases)."""
    from .models import CaseHandler, CaseParty

    ids = list(ids)
    parties: dict[int, list] = {i: [] for i in ids}
    handlers: dict[int, list] = {i: [] for i in ids}
    for row in (
        CaseParty.objects.filter(case_id__in=ids)
        .order_by("id")
        .values_list("case_id", "party_id", "party__name", "party__kind")
    ):
        parties[row[0]].append({"id": row[1], "name": row[2], "kind": row[3]})
    for row in (
        CaseHandler.objects.filter(case_id__in=ids)
        .order_by("-lead", "id")
        .values_list("case_id", "staff_id", "staff__name", "lead")
    ):
        handlers[row[0]].append({"id": row[1], "name": row[2], "lead": row[3]})
    fields = (
        "id",
        "number",
        "procedure",
        "state",
        "source",
        "place",
        "act_at",
        "registered_on",
        "opened_early",
        "unit__name",
        "matter_version__number",
        "matter_version__matter__code",
        "matter_version__matter__name",
    )
    by_id = {row["id"]: row for row in Case.objects.filter(pk__in=ids).values(*fields)}
    procedures = dict(Procedure.choices)
    states = dict(State.choices)
    result = []
    for pk in ids:
        row = by_id[pk]
        result.append(
            {
                "id": pk,
                "number": row["number"],
                "procedure": row["procedure"],
                "procedure_label": force_str(procedures.get(row["procedure"], row["procedure"])),
                "state": row["state"],
                "state_label": force_str(states.get(row["state"], row["state"])),
                "source": row["source"],
                "matter": {
                    "code": row["matter_version__matter__code"],
                    "name": row["matter_version__matter__name"],
                    "version": row["matter_version__number"],
                },
                "parties": parties[pk],
                "handlers": handlers[pk],
                "unit": row["unit__name"],
                "place": row["place"],
                "act_at": row["act_at"].isoformat(),
                "registered_on": row["registered_on"].isoformat(),
                "opened_early": row["opened_early"],
            }
        )
    return result


def deadline_data(row) -> dict:
    from sunshine.workdays.selectors import state_of

    return {
        "key": row.key,
        "label": row.label,
        "status": row.status,
        "state": state_of(row),
        "start": row.start.isoformat(),
        "length": row.length,
        "kind": row.kind,
        "due": (row.due_at or row.due).isoformat(),
        "provisional": row.provisional,
        "citation": row.citation,
        "explanation": force_str(row.explanation),
        "met_at": row.met_at.isoformat() if row.met_at else None,
    }


def action_fields(action: str) -> list[dict]:
    form = case_forms.ACTION_FORMS[action]()
    result = []
    for name, field in form.fields.items():
        item = {"name": name, "label": force_str(field.label), "required": field.required}
        choices = getattr(field, "choices", None)
        if choices is not None and not hasattr(field, "queryset"):
            item["choices"] = [[k, force_str(v)] for k, v in choices]
        result.append(item)
    return result


def case_detail(case: Case, user) -> dict:
    from .selectors import case_deadlines

    data = case_summary(case)
    version = case.matter_version
    decision = Decision.objects.filter(case=case).first()
    data.update(
        {
            "facts": case.facts,
            "severity": case.severity,
            "matter_version": {
                "id": version.pk,
                "effective_from": version.effective_from.isoformat(),
                "effective_to": version.effective_to.isoformat() if version.effective_to else None,
                "violated": version.violated_citation,
                "penalty": version.penalty_citation,
            },
            "flags": {
                "major": case.major,
                "complex_case": case.complex_case,
                "major_public_interest": case.major_public_interest,
                "review_required": case.review_required,
                "hearing_available": case.hearing_available,
                "first_violation": case.first_violation,
                "harm": case.harm,
                "corrected_in_time": case.corrected_in_time,
            },
            "early_reason": case.early_reason,
            "proposed": {"kinds": case.proposed_kinds, "fine": _money(case.proposed_fine)},
            "filed_on": case.filed_on.isoformat() if case.filed_on else None,
            "decided_on": case.decided_on.isoformat() if case.decided_on else None,
            "closed_on": case.closed_on.isoformat() if case.closed_on else None,
            "deadlines": [deadline_data(d) for d in case_deadlines(case)],
            "events": [
                {
                    "action": e.action,
                    "from": e.from_state,
                    "to": e.to_state,
                    "actor": str(e.actor),
                    "at": e.at.isoformat(),
                    "note": e.note,
                    "data": e.data,
                }
                for e in case.events.select_related("actor").order_by("at", "id")
            ],
            "records": {
                "notices": [
                    {
                        "id": n.pk,
                        "served_on": n.served_on.isoformat(),
                        "penalty_kinds": n.penalty_kinds,
                        "fine": _money(n.fine),
                        "hearing_available": n.hearing_available,
                        "reply_due": n.reply_due.isoformat(),
                        "hearing_request_due": n.hearing_request_due.isoformat()
                        if n.hearing_request_due
                        else None,
                    }
                    for n in case.notices.all()
                ],
                "statements": [
                    {
                        "kind": s.kind,
                        "received_on": s.received_on.isoformat(),
                        "content": s.content,
                        "adopted": s.adopted,
                    }
                    for s in case.statements.all()
                ],
                "hearings": [
                    {
                        "id": h.pk,
                        "requested_on": h.requested_on.isoformat(),
                        "chair": h.chair.name if h.chair_id else None,
                        "hearing_on": h.hearing_on.isoformat() if h.hearing_on else None,
                        "outcome": h.outcome,
                    }
                    for h in case.hearings.select_related("chair")
                ],
                "reviews": [
                    {
                        "reviewer": r.reviewer.name,
                        "reviewed_on": r.reviewed_on.isoformat(),
                        "outcome": r.outcome,
                        "opinion": r.opinion,
                        "checks": r.checks,
                    }
                    for r in case.reviews.select_related("reviewer")
                ],
                "discussions": [
                    {
                        "held_on": d.held_on.isoformat(),
                        "participants": [p.name for p in d.participants.all()],
                        "conclusion": d.conclusion,
                    }
                    for d in case.discussions.prefetch_related("participants")
                ],
                "decision": None
                if decision is None
                else {
                    "kind": decision.kind,
                    "document_number": decision.document_number,
                    "penalty_kinds": decision.penalty_kinds,
                    "fine": _money(decision.fine),
                    "decided_on": decision.decided_on.isoformat(),
                    "remedies": decision.remedies_text,
                    "on_the_spot": decision.on_the_spot,
                    "payment_due": decision.payment_due.isoformat() if decision.payment_due else None,
                    "remedy_outcome": decision.remedy_outcome,
                },
                "services": [
                    {"method": s.method, "served_on": s.served_on.isoformat(), "recipient": s.recipient}
                    for s in case.services.all()
                ],
                "executions": [
                    {
                        "kind": x.kind,
                        "on": x.on.isoformat(),
                        "amount": _money(x.amount),
                        "surcharge": _money(x.surcharge),
                    }
                    for x in case.executions.all()
                ],
                "preservations": [
                    {
                        "id": p.pk,
                        "items": p.items,
                        "registered_on": p.registered_on.isoformat(),
                        "due": p.due.isoformat(),
                        "decided_on": p.decided_on.isoformat() if p.decided_on else None,
                    }
                    for p in case.preservations.all()
                ],
                "measures": [
                    {
                        "id": m.pk,
                        "kind": m.kind,
                        "items": m.items,
                        "start": m.start.isoformat(),
                        "end": m.end.isoformat(),
                        "extension_days": m.extension_days,
                        "emergency": m.emergency,
                        "reported_at": m.reported_at.isoformat() if m.reported_at else None,
                        "released_on": m.released_on.isoformat() if m.released_on else None,
                    }
                    for m in case.measures.all()
                ],
                "recusals": [
                    {"staff": r.staff.name, "granted": r.granted, "reason": r.reason}
                    for r in case.recusals.select_related("staff")
                ],
                "remedies": [
                    {"id": r.pk, "kind": r.kind, "filed_on": r.filed_on.isoformat(), "outcome": r.outcome}
                    for r in case.remedies.all()
                ],
            },
            "actions": [
                {"action": t.action, "label": force_str(t.label), "fields": action_fields(t.action)}
                for t in allowed_actions(case, user)
            ],
        }
    )
    return data
