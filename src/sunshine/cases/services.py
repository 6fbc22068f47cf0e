"""Every change to a case: :func:`case_create`, :func:`case_summary_decide` and :func:`case_act`.

``case_act`` is the one entry point of the general procedure: it looks the action up in the transition
table (:mod:`sunshine.cases.workflow`), locks the case row (``select_for_update``), checks the role and
that handler-only actions come from a handler, validates the input (the action's form), gathers the
facts the guards need, runs the guards (each a rule of :mod:`sunshine.cases.rules` with its citation),
writes the step record, one :class:`CaseEvent` and one audit event, and sets or meets the case's
running deadlines through :mod:`sunshine.workdays.services`. Any error leaves nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import Role, has_capability, user_roles
from sunshine.audit.services import audit_append
from sunshine.catalog import rules as catalog_rules
from sunshine.catalog.selectors import version_in_force
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff
from sunshine.org.selectors import user_staff
from sunshine.workdays import services as deadlines

from . import hooks, rules, workflow
from .forms import ACTION_FORMS, CaseCreateForm, SummaryForm
from .models import (
    AdvanceNotice,
    Case,
    CaseCounter,
    CaseEvent,
    CaseHandler,
    CaseParty,
    CollectiveDiscussion,
    CompulsoryMeasure,
    Decision,
    EvidencePreservation,
    Execution,
    Hearing,
    LegalReview,
    Recusal,
    Remedy,
    Service,
    Statement,
)
from .workflow import GuardContext, Procedure, State

# How long registration may wait for the filing decision. 《行政处罚法》第五十四条第二款 says "及时立案";
# 15 days is the housing-and-construction ministry's rule for checking a lead and deciding on filing,
# the common practice of urban-management bureaus (a bureau setting in spirit; the national default here).
FILING_CALENDAR_DAYS = 15
CIT_FILING = _("《行政处罚法》第五十四条第二款（及时立案）")

# The case fields a step may change (saved with update_fields: the case row is hot).
CASE_STEP_FIELDS = [
    "state",
    "previous_state",
    "filed_on",
    "decided_on",
    "closed_on",
    "severity",
    "proposed_kinds",
    "proposed_fine",
    "hearing_available",
    "review_required",
    "decision_extension_days",
    "updated_at",
]

# Decision kinds that leave nothing to execute once served (a warning is carried out by the service).
NOTHING_TO_EXECUTE = {"warning", "criticism"}


# --- helpers --------------------------------------------------------------------------------


def _invalid(form) -> ValidationError:
    return ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})


def _parse(form_class, data):
    form = form_class(data=data or {})
    if not form.is_valid():
        raise _invalid(form)
    return form.cleaned_data


def actor_staff(user) -> Staff | None:
    return user_staff(user)


def _today() -> dt.date:
    return timezone.localdate()


def _next_number(series: str, year: int) -> int:
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _prefix(unit) -> str:
    from sunshine.org.models import Unit

    current = unit
    while current is not None:
        if current.short_name:
            return current.short_name
        current = Unit.objects.filter(pk=current.parent_id).first() if current.parent_id else None
    return "城管"


def _case_number(unit, procedure: str, year: int) -> str:
    series = "summary" if procedure == Procedure.SUMMARY else "case"
    n = _next_number(series, year)
    word = "简" if procedure == Procedure.SUMMARY else "立"
    return f"{_prefix(unit)}{word}〔{year}〕{n:05d}号"


def _decision_number(unit, year: int) -> str:
    n = _next_number("decision", year)
    return f"{_prefix(unit)}罚决字〔{year}〕{n:05d}号"


def _event(case: Case, *, action: str, from_state: str, actor, note: str = "", data: dict | None = None):
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        at=timezone.now(),
        note=note or "",
        data=data or {},
    )


def _jsonable(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Staff):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "all"):
        return [v.pk for v in value.all()]
    return value


def _responsible(case: Case):
    """The lead handler's user, who answers for the case's deadlines (looked up once per service call)."""
    cached = getattr(case, "_sunshine_responsible", False)
    if cached is False:
        lead = case.case_handlers.select_related("staff__user").order_by("-lead", "id").first()
        cached = lead.staff.user if lead and lead.staff.user_id else None
        case._sunshine_responsible = cached
    return cached


def _log_deadline(case: Case, change: str, row) -> None:
    """Deadlines set or closed by a case step are recorded in the step's own audit event (their payload
    ``deadlines``), not as separate events: the step is what changed them."""
    if row is None:
        return
    log = case.__dict__.setdefault("_sunshine_deadlines", [])
    log.append({"change": change, "key": row.key, "due": (row.due_at or row.due).isoformat(), "id": row.pk})


def _deadline_log(case: Case) -> list[dict]:
    return case.__dict__.pop("_sunshine_deadlines", [])


def _deadline(case: Case, key: str, label, period, actor) -> None:
    row = deadlines.deadline_set(
        owner=case,
        key=key,
        label=label,
        start=period.start,
        length=period.length,
        kind=period.kind,
        citation=period.citation,
        rule=key,
        responsible=_responsible(case),
        unit=case.unit,
        roll_forward=False if key.startswith("measure_expiry") else None,
        actor=actor,
        audit=False,
    )
    _log_deadline(case, "set", row)


def _meet(case: Case, key: str, actor, at=None) -> None:
    _log_deadline(case, "met", deadlines.deadline_meet(owner=case, key=key, actor=actor, at=at, audit=False))


def _cancel(case: Case, key: str, actor, reason: str = "") -> None:
    row = deadlines.deadline_cancel(owner=case, key=key, actor=actor, reason=reason, audit=False)
    _log_deadline(case, "cancelled", row)


def _require_capability(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _matter_version(code: str, on: dt.date):
    from sunshine.catalog.models import Matter

    matter = Matter.objects.filter(code=code).first()
    if matter is None:
        raise ValidationError({"matter": [gettext("Unknown matter code.")]})
    try:
        version = version_in_force(matter, on=on)
    except Exception as exc:  # the catalog raises RuleViolation or DoesNotExist when none is in force
        if isinstance(exc, RuleViolation):
            raise
        version = None
    return catalog_rules.require_version_in_force(version, code=matter.code, on=on)


def _check_handlers(handlers, on: dt.date) -> None:
    rules.check_handler_count([h.pk for h in handlers])
    rules.check_handlers_qualified(handlers, on=on)


def _ladder(parties, matter, on: dt.date, reason: str):
    """Opening a penalty case before the five-step ladder reaches "penalise" needs a recorded reason
    (seed 000; parties.ladder.check_case_may_open); returns whether the opening is early."""
    from sunshine.parties.ladder import check_case_may_open

    early = False
    for party in parties:
        opening = check_case_may_open(party=party, matter=matter, on=on, reason=reason or "")
        early = early or opening.early
    return early


# --- registering a case --------------------------------------------------------------------


@transaction.atomic
def case_create(*, actor, data: dict) -> Case:
    """Register a case in the general procedure (state ``registered``), with its parties and handlers.

    The matter version is the one in force on the day of the act (《行政处罚法》第三十七条); handlers are at
    least two qualified officers (第四十二条); a penalty case opened before the five-step ladder reaches
    "penalise" records its reason (seed 000) and is reported. Sets the filing deadline.
    """
    _require_capability(actor, "cases.create")
    form = CaseCreateForm(data=data or {})
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    staff = actor_staff(actor)
    if staff is None:
        raise PermissionDeniedError(_("Only a member of staff can register cases."))
    act_day = timezone.localdate(d["act_at"])
    if act_day > _today():
        raise ValidationError({"act_at": [gettext("The act cannot be in the future.")]})
    version = _matter_version(d["matter"], act_day)
    handlers = list(d["handlers"])
    _check_handlers(handlers, _today())
    parties = list(d["parties"])
    early = _ladder(parties, version.matter, _today(), d.get("early_reason") or "")
    case = Case.objects.create(
        number=_case_number(staff.unit, Procedure.GENERAL, _today().year),
        source=d["source"],
        source_ref=d.get("source_ref") or "",
        procedure=Procedure.GENERAL,
        state=State.REGISTERED,
        unit=staff.unit,
        matter_version=version,
        act_at=d["act_at"],
        act_ended_on=d.get("act_ended_on"),
        act_continuing=bool(d.get("act_continuing")),
        place=d["place"],
        grid=d.get("grid"),
        lng=d.get("lng"),
        lat=d.get("lat"),
        facts=d["facts"],
        severity=d.get("severity") or "",
        major=bool(d.get("major")),
        complex_case=bool(d.get("complex_case")),
        major_public_interest=bool(d.get("major_public_interest")),
        limitation_extended=bool(d.get("limitation_extended")),
        first_violation=bool(d.get("first_violation")),
        harm=d.get("harm") or "harmful",
        corrected_in_time=bool(d.get("corrected_in_time")),
        early_reason=(d.get("early_reason") or "") if early else "",
        opened_early=early,
        registered_on=_today(),
        created_by=actor,
    )
    CaseParty.objects.bulk_create([CaseParty(case=case, party=p) for p in parties])
    CaseHandler.objects.bulk_create(
        [CaseHandler(case=case, staff=h, lead=(i == 0)) for i, h in enumerate(handlers)]
    )
    _event(
        case,
        action="register",
        from_state="",
        actor=actor,
        data={"early": early, "reason": case.early_reason},
    )
    _deadline(
        case,
        "filing",
        _("Decide whether to file the case"),
        rules._calendar_period(case.registered_on, FILING_CALENDAR_DAYS, CIT_FILING),
        actor,
    )
    audit_append(
        actor=actor,
        action="cases.create",
        obj=case,
        payload={
            "number": case.number,
            "matter_version": version.pk,
            "early": early,
            "deadlines": _deadline_log(case),
        },
    )
    hooks.send_acted(case=case, action="register", actor=actor, from_state="", to_state=case.state, data={})
    return case


# --- the summary procedure ------------------------------------------------------------------


@transaction.atomic
def case_summary_decide(*, actor, data: dict) -> Case:
    """A penalty decided and handed over on the spot (简易程序): a warning or a fine within ¥200
    (individual) / ¥3,000 (organisation) (《行政处罚法》第五十一条), on a pre-numbered form handed to
    the party
    (第五十二条), after telling the party the facts, grounds, basis and rights and hearing them (第四十四条),
    by two qualified officers (第四十二条), within the benchmark, with the remedies stated and
    reconsideration first (《行政复议法》第二十三条). A fine is paid at the bank within 15 days (第六十七条)
    unless collected on the spot within the limits of 第六十八条.
    """
    _require_capability(actor, "cases.create")
    form = SummaryForm(data=data or {})
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    staff = actor_staff(actor)
    if staff is None:
        raise PermissionDeniedError(_("Only a member of staff can decide on the spot."))
    today = _today()
    act_day = timezone.localdate(d["act_at"])
    if act_day > today:
        raise ValidationError({"act_at": [gettext("The act cannot be in the future.")]})
    party = d["party"]
    handlers = list(d["handlers"])
    if staff not in handlers:
        raise PermissionDeniedError(_("Only one of the officers on the spot can record the decision."))
    _check_handlers(handlers, today)
    kinds = list(d["penalty_kinds"])
    fine = d["fine"] if "fine" in kinds else Decimal("0.00")
    rules.check_summary_procedure(party_kind=party.kind, penalty_kinds=kinds, fine=fine)
    rules.check_summary_document_number(d["document_number"])
    if Decision.objects.filter(document_number=d["document_number"].strip()).exists():
        raise ValidationError({"document_number": [gettext("This form number has already been used.")]})
    if not d.get("party_informed"):
        rules.check_party_heard(
            notice_served=False, statement_recorded=False, rights_waived=False, reply_period_over=False
        )
    version = _matter_version(d["matter"], act_day)
    rules.check_limitation(act_ended_on=act_day, discovered_on=today, extended=False)
    catalog_rules.check_penalty_within_benchmark(
        version=version, severity=d["severity"], party_kind=party.kind, amount=fine, penalty_kinds=kinds
    )
    rules.check_minor(birth_date=party.birth_date, act_date=act_day, mitigated=bool(d.get("mitigated")))
    rules.check_waiver(
        first_violation=bool(d.get("first_violation")),
        harm=d.get("harm") or "harmful",
        corrected_in_time=bool(d.get("corrected_in_time")),
        penalty_kinds=kinds,
    )
    rules.check_no_second_fine(
        penalty_kinds=kinds,
        other_fined_cases=_other_fined_cases(None, [party.pk], version.matter_id, act_day),
    )
    if d.get("collected_on_spot"):
        rules.check_on_the_spot_collection(
            fine=fine, hard_to_collect_later=bool(d.get("hard_to_collect_later"))
        )
    early = _ladder([party], version.matter, today, d.get("early_reason") or "")
    hooks.run_action_checks(case=None, action="decide_on_spot", data=d, actor=actor)
    remedies_text = rules.remedies_text(summary=True)
    rules.check_remedies_stated(text=remedies_text, summary=True)
    case = Case.objects.create(
        number=_case_number(staff.unit, Procedure.SUMMARY, today.year),
        source=d["source"],
        procedure=Procedure.SUMMARY,
        state=State.SERVED,
        unit=staff.unit,
        matter_version=version,
        act_at=d["act_at"],
        act_ended_on=act_day,
        place=d["place"],
        grid=d.get("grid"),
        facts=d["facts"],
        severity=d["severity"],
        first_violation=bool(d.get("first_violation")),
        harm=d.get("harm") or "harmful",
        corrected_in_time=bool(d.get("corrected_in_time")),
        early_reason=(d.get("early_reason") or "") if early else "",
        opened_early=early,
        proposed_kinds=kinds,
        proposed_fine=fine,
        registered_on=today,
        filed_on=today,
        decided_on=today,
        created_by=actor,
    )
    CaseParty.objects.create(case=case, party=party)
    CaseHandler.objects.bulk_create(
        [CaseHandler(case=case, staff=h, lead=(h.pk == staff.pk)) for h in handlers]
    )
    decision = Decision.objects.create(
        case=case,
        kind=Decision.Kind.PENALTY,
        document_number=d["document_number"].strip(),
        penalty_kinds=kinds,
        fine=fine,
        mitigated=bool(d.get("mitigated")),
        reasons=d.get("statement") or "",
        decided_on=today,
        approved_by=actor,
        remedies_text=remedies_text,
        on_the_spot=True,
    )
    Service.objects.create(case=case, method=Service.Method.DIRECT, served_on=today, recipient=party.name)
    _event(
        case,
        action="decide_on_spot",
        from_state="",
        actor=actor,
        note=d.get("statement") or "",
        data={"document_number": decision.document_number, "kinds": kinds, "fine": str(fine), "early": early},
    )
    if fine > 0:
        if d.get("collected_on_spot"):
            Execution.objects.create(
                case=case,
                kind=Execution.Kind.COLLECTED_ON_SPOT,
                on=today,
                amount=fine,
                receipt_number=d.get("receipt_number") or "",
            )
            case.state = State.EXECUTED
            case.save(update_fields=["state", "updated_at"])
            _deadline(
                case,
                "cash_handover",
                _("Hand the collected cash to the agency"),
                rules.cash_handover_period(today),
                actor,
            )
            _event(
                case,
                action="execute",
                from_state=State.SERVED,
                actor=actor,
                data={"kind": "collected_on_spot"},
            )
        else:
            period = rules.payment_period(today)
            decision.payment_due = period.due
            decision.save(update_fields=["payment_due"])
            _deadline(case, "payment", _("Payment of the fine"), period, actor)
    audit_append(
        actor=actor,
        action="cases.summary_decide",
        obj=case,
        payload={
            "number": case.number,
            "document_number": decision.document_number,
            "fine": str(fine),
            "deadlines": _deadline_log(case),
        },
    )
    hooks.send_acted(
        case=case,
        action="decide_on_spot",
        actor=actor,
        from_state="",
        to_state=case.state,
        data={"document_number": decision.document_number, "fine": str(fine)},
    )
    return case


# --- the general procedure: one entry point per transition ---------------------------------


def _other_fined_cases(case_pk, party_ids, matter_id, act_day: dt.date) -> list[str]:
    """Other cases fining one of these parties for the same matter and the same day's act (the same act,
    《行政处罚法》第二十九条); revoked decisions do not count."""
    start = timezone.make_aware(dt.datetime.combine(act_day, dt.time.min))
    end = start + dt.timedelta(days=1)
    qs = (
        Case.objects.filter(
            case_parties__party_id__in=list(party_ids),
            matter_version__matter_id=matter_id,
            act_at__gte=start,
            act_at__lt=end,
            decision__fine__gt=0,
        )
        .exclude(decision__remedy_outcome=Decision.RemedyOutcome.REVOKED)
        .distinct()
    )
    if case_pk is not None:
        qs = qs.exclude(pk=case_pk)
    return list(qs.values_list("number", flat=True))


@dataclass
class _Facts:
    handlers: list
    parties: list
    notice: AdvanceNotice | None
    hearing: Hearing | None
    review: LegalReview | None
    decision: Decision | None


def _facts(case: Case, certificates: bool = True) -> _Facts:
    """What the guards and steps read about the case. ``certificates``: prefetch the handlers'
    certificates (only the qualification guard reads them)."""
    handler_rows = case.case_handlers.select_related("staff__unit", "staff__user").order_by("id")
    if certificates:
        handler_rows = handler_rows.prefetch_related("staff__certificates")
    handler_rows = list(handler_rows)
    handlers = [h.staff for h in handler_rows]
    if handler_rows and not hasattr(case, "_sunshine_responsible"):
        lead = next((h for h in handler_rows if h.lead), handler_rows[0]).staff
        case._sunshine_responsible = lead.user if lead.user_id else None
    parties = [cp.party for cp in case.case_parties.select_related("party")]
    notice = case.notices.order_by("-served_on", "-id").first()
    hearing = notice.hearings.order_by("-id").first() if notice else None
    review = case.reviews.order_by("-reviewed_on", "-id").first()
    decision = Decision.objects.filter(case=case).first()
    return _Facts(handlers, parties, notice, hearing, review, decision)


def _party_kind(facts: _Facts) -> str:
    return facts.parties[0].kind if facts.parties else rules.INDIVIDUAL


def _review_required(case: Case, facts: _Facts, kinds, fine) -> bool:
    reasons = catalog_rules.requires_legal_review(
        version=case.matter_version,
        penalty_kinds=kinds,
        amount=fine,
        party_kind=_party_kind(facts),
        hearing_held=bool(facts.hearing and facts.hearing.outcome == Hearing.Outcome.HELD),
        complex_case=case.complex_case,
        major_public_interest=case.major_public_interest,
    )
    return bool(reasons)


def _needs(transition, *guards) -> bool:
    return transition is None or any(g in transition.guards for g in guards)


def _context(
    case: Case, facts: _Facts, actor, staff, data: dict, today: dt.date, transition=None
) -> GuardContext:
    """The plain values the guards look at. Values only some guards need are looked up only when the
    transition has one of those guards (``transition=None``: everything)."""
    g = workflow
    notice = facts.notice
    kinds = list(data.get("penalty_kinds") or (notice.penalty_kinds if notice else case.proposed_kinds))
    fine = data.get("fine") if data.get("penalty_kinds") else (notice.fine if notice else case.proposed_fine)
    party_kind = _party_kind(facts)
    statements = list(notice.statements.all()) if notice else []
    # the submit steps store whether review is required; the guards check it
    uses_review = _needs(transition, g.g_review_required_passed) or (
        transition is not None and transition.action.startswith("submit_for_")
    )
    review_required = _review_required(case, facts, kinds, fine or 0) if notice and uses_review else False
    act_day = timezone.localdate(case.act_at)
    severity = data.get("severity") or case.severity

    def benchmark(kinds_, fine_):
        catalog_rules.check_penalty_within_benchmark(
            version=case.matter_version,
            severity=severity,
            party_kind=party_kind,
            amount=fine_,
            penalty_kinds=kinds_,
        )

    reviewer_staff_reviews = (
        LegalReview.objects.filter(reviewer=staff).exclude(case=case).exists()
        if staff is not None and _needs(transition, g.g_reviewer)
        else False
    )
    return GuardContext(
        today=today,
        procedure=case.procedure,
        party_kind=party_kind,
        party_birth_dates=[p.birth_date for p in facts.parties if p.birth_date],
        act_date=act_day,
        act_ended_on=None if case.act_continuing else (case.act_ended_on or act_day),
        discovered_on=case.registered_on,
        limitation_extended=case.limitation_extended,
        handler_ids=[h.pk for h in facts.handlers],
        handler_staff=facts.handlers,
        recused_ids=list(case.recusals.filter(granted=True).values_list("staff_id", flat=True))
        if _needs(transition, g.g_not_recused, g.g_recusal)
        else [],
        actor_staff_id=staff.pk if staff else None,
        actor_is_leader=Role.LEADER in user_roles(actor),
        notice_served=notice is not None,
        notified_kinds=list(notice.penalty_kinds) if notice else [],
        notified_fine=notice.fine if notice else Decimal("0"),
        # A hearing held is the party's statement and defence heard (第六十四条(七)).
        statement_recorded=any(s.kind == Statement.Kind.STATEMENT for s in statements)
        or bool(facts.hearing and facts.hearing.outcome == Hearing.Outcome.HELD),
        rights_waived=any(s.kind == Statement.Kind.WAIVER for s in statements),
        reply_due=notice.reply_due if notice else None,
        hearing_available=bool(notice and notice.hearing_available),
        hearing_request_due=notice.hearing_request_due if notice else None,
        hearing_requested=facts.hearing is not None,
        hearing_concluded=bool(facts.hearing and facts.hearing.outcome != Hearing.Outcome.PENDING),
        review_required=review_required,
        review_approved=bool(facts.review and facts.review.outcome == LegalReview.Outcome.APPROVE),
        major=case.major,
        discussion_held=case.discussions.exists() if _needs(transition, g.g_discussion_done) else False,
        decision_due=rules.decision_period(case.filed_on, case.decision_extension_days).due
        if case.filed_on
        else None,
        other_fined_cases=_other_fined_cases(
            case.pk, [p.pk for p in facts.parties], case.matter_version.matter_id, act_day
        )
        if _needs(transition, g.g_no_second_fine)
        else [],
        first_violation=case.first_violation,
        harm=case.harm,
        corrected_in_time=case.corrected_in_time,
        benchmark_check=benchmark if severity else None,
        reviewer_is_legal_reviewer=bool(
            staff and (staff.is_legal_reviewer or Role.LEGAL_REVIEWER in user_roles(actor))
        ),
        reviewer_new_to_role=not reviewer_staff_reviews,
        reviewer_has_qualification=bool(staff and staff.legal_professional_qualification),
        decision_fine=facts.decision.fine if facts.decision else Decimal("0"),
        decision_kinds=list(facts.decision.penalty_kinds) if facts.decision else [],
        decision_known_on=case.services.order_by("-served_on").values_list("served_on", flat=True).first()
        if _needs(transition, g.g_execution)
        else None,
        service_due=rules.service_period(facts.decision.decided_on).due if facts.decision else None,
        remedy_pending=case.remedies.filter(outcome="").exists()
        if _needs(transition, g.g_execution)
        else False,
        data=data,
    )


def allowed_actions(
    case: Case, user, staff: Staff | None = None, handler_ids=None
) -> list[workflow.Transition]:
    """The actions ``user`` may take on ``case`` now (role and handler checks; the guards run on submit)."""
    roles = user_roles(user)
    if not has_capability(user, "cases.act"):
        return []
    if handler_ids is None:
        handler_ids = {h.staff_id for h in case.case_handlers.all()}
    if staff is None:
        staff = getattr(user, "_sunshine_staff", None) or actor_staff(user)
    result = []
    for transition in workflow.available(case.procedure, case.state):
        if not workflow.role_allows(transition, roles):
            continue
        if transition.handler_only and (staff is None or staff.pk not in handler_ids):
            continue
        result.append(transition)
    return result


@transaction.atomic
def case_act(*, case: Case, action: str, actor, data: dict | None = None) -> Case:
    """Take ``action`` on ``case`` as ``actor`` (see the module docstring). Returns the updated case.

    Raises ``PermissionDeniedError`` (403) when the actor's role may not take the action or the action is
    for the case's handlers, ``ValidationError`` (400) on bad input and ``RuleViolation`` (422, with the
    citation) when the action is not possible in the case's state or a guard fails.
    """
    from .selectors import case_queryset

    if has_capability(actor, "cases.act"):
        visible = case_queryset(actor)
    elif has_capability(actor, "cases.record_payment"):
        visible = Case.objects.all()  # finance serves the whole bureau, for this one action only
    else:
        raise PermissionDeniedError(_("You do not have permission to do this."))
    case = (
        visible.select_for_update(of=("self",))
        .select_related("matter_version__matter", "unit")
        .filter(pk=case.pk)
        .first()
    )
    if case is None:
        from django.http import Http404

        raise Http404
    transition = workflow.transition_for(case.procedure, case.state, action)
    if transition is None:
        if action not in workflow.ACTIONS:
            from django.http import Http404

            raise Http404
        raise RuleViolation(
            "action_not_available",
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": workflow.ACTION_LABELS.get(action, action), "state": case.get_state_display()},
            _("the case procedure (transition table)"),
        )
    if not workflow.role_allows(transition, user_roles(actor)):
        raise PermissionDeniedError(_("Your role may not take this action."))
    staff = actor_staff(actor)
    facts = _facts(case, certificates=workflow.g_handlers in transition.guards)
    if transition.handler_only and (staff is None or staff.pk not in {h.pk for h in facts.handlers}):
        raise PermissionDeniedError(_("Only the case's handlers may take this action."))
    cleaned = _parse(ACTION_FORMS[action], data)
    today = _today()
    extra = _prepare(case, action, cleaned, facts, today)
    ctx = _context(case, facts, actor, staff, {**cleaned, **extra}, today, transition)
    workflow.run_guards(transition, ctx)
    hooks.run_action_checks(case=case, action=action, data={**cleaned, **extra}, actor=actor)
    before = case.state
    step = STEPS.get(action)
    event_data = (
        step(
            case=case, actor=actor, staff=staff, data={**cleaned, **extra}, facts=facts, ctx=ctx, today=today
        )
        if step
        else {}
    )
    new_state = workflow.next_state(transition, case.state, case.previous_state)
    if transition.target == State.SUSPENDED:
        case.previous_state = before
    elif transition.target == workflow.PREVIOUS:
        case.previous_state = ""
    case.state = new_state
    case.save(update_fields=CASE_STEP_FIELDS)
    _event(
        case,
        action=action,
        from_state=before,
        actor=actor,
        note=cleaned.get("note") or cleaned.get("reason") or "",
        data=_jsonable(event_data or {}),
    )
    if new_state in (State.WITHDRAWN, State.REFERRED, State.CLOSED, State.ARCHIVED):
        for row in deadlines.deadlines_cancel_all(
            owner=case, actor=actor, reason=str(case.get_state_display()), audit=False
        ):
            _log_deadline(case, "cancelled", row)
    audit_append(
        actor=actor,
        action=f"cases.{action}",
        obj=case,
        payload={
            "number": case.number,
            "from": before,
            "to": new_state,
            "data": _jsonable(event_data or {}),
            "deadlines": _deadline_log(case),
        },
    )
    hooks.send_acted(
        case=case,
        action=action,
        actor=actor,
        from_state=before,
        to_state=new_state,
        data=_jsonable(event_data or {}),
    )
    return case


def _prepare(case: Case, action: str, d: dict, facts: _Facts, today: dt.date) -> dict:
    """Values the guards need that are derived from the input (looked-up rows, computed dates)."""
    extra: dict = {}
    if action in ("assign_handlers",):
        extra["handler_ids"] = [s.pk for s in d["handlers"]]
        extra["handler_staff"] = list(d["handlers"])
    if action == "recuse":
        remaining = [h for h in facts.handlers if not (d.get("granted") and h.pk == d["staff"].pk)]
        if d.get("granted") and d.get("replacement") and d["replacement"] not in remaining:
            remaining.append(d["replacement"])
        extra["handler_ids"] = [h.pk for h in remaining]
        extra["handler_staff"] = remaining
    if action == "schedule_hearing":
        extra["chair_id"] = d["chair"].pk
    if action == "discuss":
        extra["participant_ids"] = [s.pk for s in d["participants"]]
    if action == "impose_measure":
        extra["officer_ids"] = [s.pk for s in d["officers"]]
    if action in ("report_measure", "extend_measure", "release_measure", "exclude_testing_time"):
        measure = case.measures.filter(pk=d["measure"]).first()
        if measure is None:
            raise ValidationError({"measure": [gettext("No such measure in this case.")]})
        extra["measure_obj"] = measure
        extra["already_extended"] = measure.extension_days > 0
        extra["started_at"] = measure.started_at
    if action == "decide_preservation":
        record = case.preservations.filter(pk=d["preservation"], decided_on__isnull=True).first()
        if record is None:
            raise ValidationError(
                {"preservation": [gettext("No undecided preservation record with this number.")]}
            )
        extra["preservation_obj"] = record
        extra["due"] = record.due
    if action == "execute":
        at = d.get("at") or timezone.now()
        extra["at"] = at
        extra["at_day"] = timezone.localdate(at)
        from sunshine.workdays import calendar

        extra["statutory_holiday"] = calendar.day_info(extra["at_day"]).kind == "holiday"
    if action == "file_remedy":
        extra["reconsideration_decided"] = (
            case.remedies.filter(kind="reconsideration").exclude(outcome="").exists()
        )
    if action == "remedy_outcome":
        remedy = case.remedies.filter(pk=d["remedy"], outcome="").first()
        if remedy is None:
            raise ValidationError({"remedy": [gettext("No pending remedy with this number.")]})
        extra["remedy_obj"] = remedy
    if action == "decide" and "fine" not in set(d.get("penalty_kinds") or []):
        d["fine"] = Decimal("0.00")
    if action == "serve_advance_notice" and "fine" not in set(d.get("penalty_kinds") or []):
        d["fine"] = Decimal("0.00")
    return extra


# --- the steps: each writes its record and its deadlines; returns the event's data ----------


def _s_file(*, case, actor, today, **kw):
    case.filed_on = today
    _meet(case, "filing", actor)
    period = rules.decision_period(today, case.decision_extension_days)
    _deadline(case, "decision", _("Decision (90 days from filing)"), period, actor)
    return {"decision_due": period.due}


def _s_not_file(*, case, actor, data, **kw):
    _cancel(case, "filing", actor, data["reason"])
    return {"reason": data["reason"]}


def _s_assign_handlers(*, case, data, **kw):
    case.case_handlers.all().delete()
    CaseHandler.objects.bulk_create(
        [CaseHandler(case=case, staff=s, lead=(i == 0)) for i, s in enumerate(data["handlers"])]
    )
    return {"handlers": [s.pk for s in data["handlers"]]}


def _s_recuse(*, case, actor, data, today, **kw):
    Recusal.objects.create(
        case=case,
        staff=data["staff"],
        reason=data["reason"],
        granted=bool(data.get("granted")),
        decided_by=actor,
        decided_on=today,
    )
    if data.get("granted"):
        case.case_handlers.filter(staff=data["staff"]).delete()
        if data.get("replacement") and not case.case_handlers.filter(staff=data["replacement"]).exists():
            CaseHandler.objects.create(case=case, staff=data["replacement"])
        if not case.case_handlers.filter(lead=True).exists():
            first = case.case_handlers.order_by("id").first()
            if first:
                first.lead = True
                first.save(update_fields=["lead"])
    return {"staff": data["staff"].pk, "granted": bool(data.get("granted"))}


def _s_start_investigation(**kw):
    return {}


def _s_preserve_evidence(*, case, actor, data, today, **kw):
    registered_on = data.get("registered_on") or today
    period = rules.preservation_period(registered_on)
    record = EvidencePreservation.objects.create(
        case=case, items=data["items"], registered_on=registered_on, due=period.due
    )
    _deadline(case, f"preservation:{record.pk}", _("Decision on preserved evidence"), period, actor)
    return {"preservation": record.pk, "due": period.due}


def _s_decide_preservation(*, case, actor, data, today, **kw):
    record = data["preservation_obj"]
    record.decided_on = data.get("decided_on") or today
    record.decision = data["decision"]
    record.late_reason = data.get("late_reason") or ""
    record.save(update_fields=["decided_on", "decision", "late_reason"])
    _meet(case, f"preservation:{record.pk}", actor)
    return {"preservation": record.pk, "decided_on": record.decided_on}


def _s_impose_measure(*, case, actor, data, **kw):
    measure = CompulsoryMeasure.objects.create(
        case=case,
        kind=data["kind"],
        items=data["items"],
        start=data["start"],
        end=data["end"],
        emergency=bool(data.get("emergency")),
        started_at=data["started_at"],
        reported_at=data.get("reported_at"),
        party_present=bool(data.get("party_present")),
        witness=data.get("witness") or "",
    )
    measure.officers.set(data["officers"])
    period = rules._calendar_period(
        data["start"], (data["end"] - data["start"]).days, rules.CIT_COMPULSION_25, roll_forward=False
    )
    _deadline(
        case, f"measure_expiry:{measure.pk}", _("Sealing or seizure ends: decide before"), period, actor
    )
    if measure.emergency and measure.reported_at is None:
        row = deadlines.deadline_set(
            owner=case,
            key=f"emergency_report:{measure.pk}",
            label=_("Report the emergency measure to the head"),
            start=measure.started_at,
            length=rules.EMERGENCY_REPORT_HOURS,
            kind="hours",
            citation=rules.CIT_COMPULSION_19,
            rule="emergency_report",
            responsible=_responsible(case),
            unit=case.unit,
            actor=actor,
            audit=False,
        )
        _log_deadline(case, "set", row)
    return {"measure": measure.pk, "end": measure.end}


def _s_report_measure(*, case, actor, data, **kw):
    measure = data["measure_obj"]
    measure.reported_at = data["reported_at"]
    measure.save(update_fields=["reported_at"])
    _meet(case, f"emergency_report:{measure.pk}", actor, at=data["reported_at"])
    return {"measure": measure.pk}


def _s_extend_measure(*, case, actor, data, **kw):
    measure = data["measure_obj"]
    measure.extension_days = data["days"]
    measure.extension_reason = data["reason"]
    measure.end = measure.end + dt.timedelta(days=data["days"])
    measure.save(update_fields=["extension_days", "extension_reason", "end"])
    period = rules._calendar_period(
        measure.start, (measure.end - measure.start).days, rules.CIT_COMPULSION_25, roll_forward=False
    )
    _deadline(
        case, f"measure_expiry:{measure.pk}", _("Sealing or seizure ends: decide before"), period, actor
    )
    return {"measure": measure.pk, "end": measure.end}


def _s_exclude_testing_time(*, case, actor, data, **kw):
    measure = data["measure_obj"]
    measure.testing_days += data["days"]
    measure.end = measure.end + dt.timedelta(days=data["days"])
    measure.save(update_fields=["testing_days", "end"])
    period = rules._calendar_period(
        measure.start, (measure.end - measure.start).days, rules.CIT_COMPULSION_25, roll_forward=False
    )
    _deadline(
        case, f"measure_expiry:{measure.pk}", _("Sealing or seizure ends: decide before"), period, actor
    )
    return {"measure": measure.pk, "testing_days": data["days"], "end": measure.end}


def _s_release_measure(*, case, actor, data, today, **kw):
    measure = data["measure_obj"]
    measure.released_on = data.get("released_on") or today
    measure.save(update_fields=["released_on"])
    _meet(case, f"measure_expiry:{measure.pk}", actor)
    return {"measure": measure.pk}


def _s_serve_advance_notice(*, case, actor, data, facts, today, **kw):
    served_on = data.get("served_on") or today
    kinds = list(data["penalty_kinds"])
    fine = data["fine"]
    available = catalog_rules.hearing_available(
        penalty_kinds=kinds, amount=fine, party_kind=_party_kind(facts)
    )
    reply = rules.statement_period(served_on)
    hearing = rules.hearing_request_period(served_on) if available else None
    notice = AdvanceNotice.objects.create(
        case=case,
        served_on=served_on,
        method=data["method"],
        penalty_kinds=kinds,
        fine=fine,
        grounds=data["grounds"],
        hearing_available=available,
        reply_due=reply.due,
        hearing_request_due=hearing.due if hearing else None,
        created_by=actor,
    )
    case.severity = data["severity"]
    case.proposed_kinds = kinds
    case.proposed_fine = fine
    case.hearing_available = available
    _deadline(case, "statement_reply", _("Statement and defence"), reply, actor)
    if hearing:
        _deadline(case, "hearing_request", _("Hearing request"), hearing, actor)
    return {"notice": notice.pk, "hearing_available": available, "reply_due": reply.due}


def _s_record_statement(*, case, actor, data, facts, today, **kw):
    Statement.objects.create(
        case=case,
        notice=facts.notice,
        kind=Statement.Kind.STATEMENT,
        received_on=data.get("received_on") or today,
        content=data["content"],
        review=data["review"],
        adopted=bool(data.get("adopted")),
        recorded_by=actor,
    )
    _meet(case, "statement_reply", actor)
    return {"adopted": bool(data.get("adopted"))}


def _s_waive_rights(*, case, actor, data, facts, today, **kw):
    Statement.objects.create(
        case=case,
        notice=facts.notice,
        kind=Statement.Kind.WAIVER,
        received_on=data.get("received_on") or today,
        content=data["content"],
        recorded_by=actor,
    )
    _meet(case, "statement_reply", actor)
    _cancel(case, "hearing_request", actor, gettext("The party waived the right."))
    return {}


def _s_request_hearing(*, case, actor, data, facts, today, **kw):
    hearing = Hearing.objects.create(
        case=case, notice=facts.notice, requested_on=data.get("requested_on") or today
    )
    _meet(case, "hearing_request", actor)
    return {"hearing": hearing.pk}


def _s_schedule_hearing(*, case, data, facts, today, **kw):
    hearing = facts.hearing
    if (data.get("notified_on") or today) < hearing.requested_on:
        raise ValidationError(
            {"notified_on": [gettext("The party is notified after requesting the hearing.")]}
        )
    hearing.chair = data["chair"]
    hearing.notified_on = data.get("notified_on") or today
    hearing.hearing_on = data["hearing_on"]
    hearing.place = data["place"]
    hearing.public = bool(data.get("public"))
    hearing.save(update_fields=["chair", "notified_on", "hearing_on", "place", "public"])
    return {"hearing": hearing.pk, "hearing_on": hearing.hearing_on, "chair": hearing.chair_id}


def _s_hold_hearing(*, case, data, facts, today, **kw):
    hearing = facts.hearing
    if data["outcome"] == "held" and (hearing.hearing_on is None or hearing.hearing_on > today):
        raise RuleViolation(
            "hearing_not_scheduled",
            _("Record the hearing on or after its notified date (chair, date and notice first)."),
            rules.CIT_64_NOTICE,
        )
    hearing.outcome = data["outcome"]
    hearing.record = data["record"]
    hearing.save(update_fields=["outcome", "record"])
    return {"hearing": hearing.pk, "outcome": hearing.outcome}


def _finish_hearing_party(case, actor):
    for key in ("statement_reply", "hearing_request"):
        _cancel(case, key, actor, gettext("The procedure moved on."))


def _s_submit_for_review(*, case, actor, ctx, **kw):
    _finish_hearing_party(case, actor)
    case.review_required = ctx.review_required
    return {"review_required": ctx.review_required}


def _review(outcome):
    def step(*, case, staff, data, today, **kw):
        review = LegalReview.objects.create(
            case=case,
            reviewer=staff,
            reviewed_on=today,
            checks=data["checks"],
            opinion=data["opinion"],
            outcome=outcome,
        )
        return {"review": review.pk, "outcome": outcome}

    return step


def _s_submit_for_discussion(*, case, actor, ctx, **kw):
    _finish_hearing_party(case, actor)
    case.review_required = ctx.review_required
    return {}


def _s_discuss(*, case, data, today, **kw):
    discussion = CollectiveDiscussion.objects.create(
        case=case, held_on=data.get("held_on") or today, conclusion=data["conclusion"]
    )
    discussion.participants.set(data["participants"])
    return {"discussion": discussion.pk}


def _s_submit_for_decision(*, case, actor, ctx, **kw):
    _finish_hearing_party(case, actor)
    case.review_required = ctx.review_required
    return {}


def _make_decision(case, actor, data, today, kind):
    decided_on = data.get("decided_on") or today
    kinds = list(data.get("penalty_kinds") or []) if kind == Decision.Kind.PENALTY else []
    fine = (data.get("fine") or Decimal("0.00")) if kind == Decision.Kind.PENALTY else Decimal("0.00")
    text = rules.remedies_text(summary=False)
    rules.check_remedies_stated(text=text, summary=False)
    decision = Decision.objects.create(
        case=case,
        kind=kind,
        document_number=_decision_number(case.unit, decided_on.year),
        penalty_kinds=kinds,
        fine=fine,
        other_penalties=data.get("other_penalties") or "",
        mitigated=bool(data.get("mitigated")),
        reasons=data.get("reasons") or "",
        decided_on=decided_on,
        approved_by=actor,
        remedies_text=text,
    )
    case.decided_on = decided_on
    if kind == Decision.Kind.PENALTY:
        case.severity = data.get("severity") or case.severity
    _meet(case, "decision", actor)
    period = rules.service_period(decided_on)
    _deadline(case, "service", _("Service of the decision"), period, actor)
    return {"decision": decision.document_number, "kinds": kinds, "fine": fine, "service_due": period.due}


def _s_decide(*, case, actor, data, today, **kw):
    return _make_decision(case, actor, data, today, Decision.Kind.PENALTY)


def _s_decide_no_penalty(*, case, actor, data, today, **kw):
    _finish_hearing_party(case, actor)
    return _make_decision(case, actor, data, today, Decision.Kind.NO_PENALTY)


def _s_plain(**kw):
    return {}


def _s_extend_decision_period(*, case, actor, data, **kw):
    case.decision_extension_days += data["days"]
    if case.filed_on:
        period = rules.decision_period(case.filed_on, case.decision_extension_days)
        _deadline(case, "decision", _("Decision (90 days from filing, extended)"), period, actor)
        return {"days": data["days"], "decision_due": period.due, "approved_by_head": True}
    return {"days": data["days"]}


def _s_serve_decision(*, case, actor, data, facts, today, **kw):
    served_on = data.get("served_on") or today
    service = Service.objects.create(
        case=case,
        method=data["method"],
        served_on=served_on,
        recipient=data.get("recipient") or "",
        late_reason=data.get("late_reason") or "",
    )
    _meet(case, "service", actor)
    decision = facts.decision
    result = {"service": service.pk, "method": service.method}
    if decision.kind == Decision.Kind.PENALTY and decision.fine > 0:
        period = rules.payment_period(served_on)
        decision.payment_due = period.due
        decision.save(update_fields=["payment_due"])
        _deadline(case, "payment", _("Payment of the fine"), period, actor)
        result["payment_due"] = period.due
    return result


def _suspended_days(case, due: dt.date, until: dt.date) -> int:
    """Days of the surcharge period (after ``due``, up to ``until``) during which reconsideration or
    litigation was pending (《行政处罚法》第七十三条): only the overlap counts, not days before
    the due date."""
    total = 0
    for remedy in case.remedies.all():
        start = max(remedy.filed_on, due)
        end = min(remedy.decided_on or until, until)
        total += max(0, (end - start).days)
    return total


def _s_execute(*, case, actor, data, facts, today, **kw):
    decision = facts.decision
    if decision is None or decision.kind != Decision.Kind.PENALTY:
        raise RuleViolation(
            "nothing_to_execute", _("A decision not to penalise has nothing to execute."), rules.CIT_67
        )
    on = data.get("on") or today
    surcharge = Decimal("0.00")
    amount = data.get("amount") or Decimal("0.00")
    if data["kind"] in (Execution.Kind.PAID, Execution.Kind.COLLECTED_ON_SPOT) and decision.fine > 0:
        if data.get("surcharge") is not None:
            # the payment notice's own figure, which knows an approved deferral or instalments (第六十六条)
            surcharge = rules.money(data["surcharge"])
        elif decision.payment_due:
            surcharge = rules.late_surcharge(
                fine=decision.fine,
                due=decision.payment_due,
                paid_on=on,
                suspended_days=_suspended_days(case, decision.payment_due, on),
            )
        if rules.money(amount) < decision.fine + surcharge:
            raise RuleViolation(
                "payment_short",
                _("The payment must cover the fine of ¥%(fine)s and the late surcharge of ¥%(surcharge)s.")
                % {"fine": decision.fine, "surcharge": surcharge},
                rules.CIT_72_73,
                field="amount",
            )
    Execution.objects.create(
        case=case,
        kind=data["kind"],
        on=on,
        amount=amount,
        surcharge=surcharge,
        receipt_number=data.get("receipt_number") or "",
        note=data.get("note") or "",
    )
    _meet(case, "payment", actor)
    return {"kind": data["kind"], "surcharge": surcharge}


def _s_record_bank_payment(*, data, **kw):
    return _s_execute(data={**data, "kind": Execution.Kind.PAID}, **kw)


def _s_hand_over_cash(*, case, actor, data, today, **kw):
    on = data.get("on") or today
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))
    _meet(case, "cash_handover", actor, at=at)
    return {"on": on}


def _s_close(*, case, facts, today, **kw):
    decision = facts.decision
    executed = case.executions.exists()
    nothing_due = (
        decision is None
        or decision.kind == Decision.Kind.NO_PENALTY
        or (set(decision.penalty_kinds) <= NOTHING_TO_EXECUTE)
        or decision.remedy_outcome == Decision.RemedyOutcome.REVOKED
    )
    if not executed and not nothing_due:
        raise RuleViolation(
            "not_executed",
            _("The decision has not been executed yet: record the payment or performance first."),
            rules.CIT_67,
        )
    case.closed_on = today
    return {}


def _s_file_remedy(*, case, data, today, **kw):
    remedy = Remedy.objects.create(case=case, kind=data["kind"], filed_on=data.get("filed_on") or today)
    return {"remedy": remedy.pk, "kind": remedy.kind}


def _s_remedy_outcome(*, case, data, facts, today, **kw):
    remedy = data["remedy_obj"]
    remedy.outcome = data["outcome"]
    remedy.decided_on = data.get("decided_on") or today
    remedy.save(update_fields=["outcome", "decided_on"])
    decision = facts.decision
    if decision is not None:
        decision.remedy_outcome = data["outcome"]
        fields = ["remedy_outcome"]
        if data["outcome"] == Decision.RemedyOutcome.CHANGED and data.get("fine") is not None:
            decision.fine = rules.money(data["fine"])
            fields.append("fine")
        decision.save(update_fields=fields)
    return {"remedy": remedy.pk, "outcome": remedy.outcome}


STEPS = {
    "file": _s_file,
    "not_file": _s_not_file,
    "assign_handlers": _s_assign_handlers,
    "recuse": _s_recuse,
    "start_investigation": _s_start_investigation,
    "preserve_evidence": _s_preserve_evidence,
    "decide_preservation": _s_decide_preservation,
    "impose_measure": _s_impose_measure,
    "report_measure": _s_report_measure,
    "extend_measure": _s_extend_measure,
    "release_measure": _s_release_measure,
    "exclude_testing_time": _s_exclude_testing_time,
    "serve_advance_notice": _s_serve_advance_notice,
    "record_statement": _s_record_statement,
    "waive_rights": _s_waive_rights,
    "request_hearing": _s_request_hearing,
    "schedule_hearing": _s_schedule_hearing,
    "hold_hearing": _s_hold_hearing,
    "submit_for_review": _s_submit_for_review,
    "review_approve": _review(LegalReview.Outcome.APPROVE),
    "review_return": _review(LegalReview.Outcome.RETURN),
    "review_disapprove": _review(LegalReview.Outcome.DISAPPROVE),
    "submit_for_discussion": _s_submit_for_discussion,
    "discuss": _s_discuss,
    "submit_for_decision": _s_submit_for_decision,
    "decide": _s_decide,
    "decide_no_penalty": _s_decide_no_penalty,
    "return_for_investigation": _s_plain,
    "refer_criminal": _s_plain,
    "withdraw": _s_plain,
    "suspend": _s_plain,
    "resume": _s_plain,
    "extend_decision_period": _s_extend_decision_period,
    "serve_decision": _s_serve_decision,
    "execute": _s_execute,
    "record_bank_payment": _s_record_bank_payment,
    "hand_over_cash": _s_hand_over_cash,
    "close": _s_close,
    "archive": _s_plain,
    "file_remedy": _s_file_remedy,
    "remedy_outcome": _s_remedy_outcome,
}
