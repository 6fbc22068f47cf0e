"""Every change to a publication: made when a penalty decision is, published on its deadline (or earlier by
a legal reviewer), held back, released, withdrawn, taken down at the end of its period.

Each service is keyword-only and atomic, checks the capability and the rule (rules.py), writes one audit
event and, after commit, invalidates the cached public pages (cache.py).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.cases.models import Case
from sunshine.catalog.models import RegionalSettings
from sunshine.core.errors import PermissionDeniedError

from . import cache, freeze, rules
from .models import HoldGround, Publication, Status, WithdrawalCause


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You do not have permission to do this."))


def _changed() -> None:
    # Now (nothing stale is served from here on in this transaction's requests) and after commit (a
    # page cached by another request between now and the commit holds the old rows).
    cache.invalidate()
    transaction.on_commit(cache.invalidate)


def _principal_parties(case) -> list:
    links = sorted(case.case_parties.all(), key=lambda cp: (cp.role != "principal", cp.pk))
    return [cp.party for cp in links]


def _locked(pk: int) -> Publication:
    return Publication.objects.select_for_update().get(pk=pk)


def _ends_on(pub: Publication, published_on: dt.date, settings: RegionalSettings | None = None) -> dt.date:
    settings = settings or RegionalSettings.current()
    return rules.publication_ends(
        published_on=published_on,
        organisation=pub.party_kind == "organisation",
        years_individual=settings.publication_years_individual,
        years_org=settings.publication_years_org,
    )


def _publish(pub: Publication, *, on: dt.date, settings: RegionalSettings | None = None) -> None:
    pub.status = Status.PUBLISHED
    pub.listed = True
    pub.published_on = on
    pub.published_late = rules.is_late(on, pub.due_on)
    pub.ends_on = _ends_on(pub, on, settings)


@transaction.atomic
def publication_prepare(*, decision, actor=None) -> Publication | None:
    """Make the publication of a penalty decision: the masked public text frozen now, the deadline
    7 working days after the decision (国办发〔2018〕118号 (二)3). A decision whose party was under 18 at
    the time of the act is recorded as excluded, without any of its text (《未成年人保护法》第一百零三条).
    A decision not to penalise is not a penalty decision and is not published. Idempotent: a decision
    that already has its publication gets it back unchanged."""
    if decision.kind != "penalty":
        return None
    existing = Publication.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    case = (
        Case.objects.select_related("unit", "matter_version__matter")
        .prefetch_related("case_parties__party")
        .get(pk=decision.case_id)
    )
    parties = _principal_parties(case)
    settings = RegionalSettings.current()
    act_day = timezone.localdate(case.act_at)
    due = rules.publication_due(decision.decided_on, settings.decision_publication_working_days)
    minor = rules.involves_minor(
        birth_dates=[p.birth_date for p in parties if p.kind == "individual"], act_date=act_day
    )
    common = {
        "decision": decision,
        "case_id_ref": case.pk,
        "unit": case.unit,
        "unit_path": case.unit.path,
        "matter_id": case.matter_version.matter_id,
        "due_on": due,
        "decided_on": decision.decided_on,
    }
    if minor:
        pub = Publication.objects.create(
            **common,
            status=Status.EXCLUDED,
            document_number=decision.document_number,
            party_kind="individual",
            party_display="",
            act="",
            legal_basis="",
            penalty="",
            unit_name=case.unit.name,
        )
    else:
        text = freeze.public_text(decision=decision, case=case, parties=parties)
        pub = Publication.objects.create(
            **common,
            status=Status.PENDING,
            document_number=text.document_number,
            party_kind=text.party_kind,
            party_display=text.party_display,
            act=text.act,
            facts=text.facts,
            legal_basis=text.legal_basis,
            penalty=text.penalty,
            fine=text.fine,
            unit_name=text.unit_name,
        )
    audit_append(
        actor=actor,
        action="disclosure.prepare",
        obj=pub,
        payload={"decision": decision.document_number, "status": pub.status, "due_on": due.isoformat()},
    )
    return pub


@transaction.atomic
def publications_publish_due(*, today: dt.date | None = None) -> int:
    """The scheduled job: publish every pending decision whose deadline has come (its last legal day is
    today or has passed; a missed run publishes late and says so). Reviewers hold back what must not be
    published before then. Idempotent."""
    today = today or _today()
    settings = RegionalSettings.current()
    due = list(Publication.objects.select_for_update().filter(status=Status.PENDING, due_on__lte=today))
    for pub in due:
        _publish(pub, on=today, settings=settings)
    if due:
        Publication.objects.bulk_update(
            due, ["status", "listed", "published_on", "published_late", "ends_on", "updated_at"]
        )
        audit_append(
            actor=None,
            action="disclosure.publish_due",
            payload={"count": len(due), "day": today.isoformat(), "ids": [p.pk for p in due][:1000]},
        )
        _changed()
    return len(due)


@transaction.atomic
def publications_expire(*, today: dt.date | None = None) -> int:
    """The scheduled job: take down every publication whose period ended before today (regional
    settings; 国办发〔2018〕118号). Withdrawal notices are taken down at the same time."""
    today = today or _today()
    qs = Publication.objects.filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], listed=True, ends_on__lt=today
    )
    ids = list(qs.values_list("pk", flat=True)[:50_000])
    if not ids:
        return 0
    Publication.objects.filter(pk__in=ids, status=Status.PUBLISHED).update(
        status=Status.EXPIRED, listed=False, updated_at=timezone.now()
    )
    Publication.objects.filter(pk__in=ids).update(listed=False, updated_at=timezone.now())
    audit_append(
        actor=None, action="disclosure.expire", payload={"count": len(ids), "day": today.isoformat()}
    )
    _changed()
    return len(ids)


@transaction.atomic
def publication_publish(*, actor, pk: int) -> Publication:
    """A legal reviewer publishes a pending decision before its deadline (国办发〔2018〕118号 (二)3 sets
    the latest day only)."""
    _require(actor, "disclosure.review")
    pub = _locked(pk)
    rules.check_publish_now(status=pub.status)
    today = _today()
    _publish(pub, on=today)
    pub.save(update_fields=["status", "listed", "published_on", "published_late", "ends_on", "updated_at"])
    audit_append(actor=actor, action="disclosure.publish", obj=pub, payload={"day": today.isoformat()})
    _changed()
    return pub


@transaction.atomic
def publication_hold_back(*, actor, pk: int, ground: str, reason: str) -> Publication:
    """A legal reviewer holds back a pending decision: state secret or public safety
    (《政府信息公开条例》第十四条), commercial secret or personal privacy (第十五条), with the reason."""
    _require(actor, "disclosure.review")
    pub = _locked(pk)
    reason = rules.check_hold_back(status=pub.status, ground=ground, reason=reason, grounds=HoldGround.values)
    pub.status = Status.HELD_BACK
    pub.hold_ground = ground
    pub.hold_reason = reason
    pub.held_by = actor
    pub.held_on = _today()
    pub.save(update_fields=["status", "hold_ground", "hold_reason", "held_by", "held_on", "updated_at"])
    audit_append(
        actor=actor, action="disclosure.hold_back", obj=pub, payload={"ground": ground, "reason": reason}
    )
    _changed()
    return pub


@transaction.atomic
def publication_release(*, actor, pk: int, reason: str) -> Publication:
    """A legal reviewer lifts a hold-back whose ground has gone (《政府信息公开条例》第十五条: the third
    party agreed, or the public interest outweighs it); the decision is published at once."""
    _require(actor, "disclosure.review")
    pub = _locked(pk)
    reason = rules.check_release(status=pub.status, reason=reason)
    _publish(pub, on=_today())
    pub.save(update_fields=["status", "listed", "published_on", "published_late", "ends_on", "updated_at"])
    audit_append(actor=actor, action="disclosure.release", obj=pub, payload={"reason": reason})
    _changed()
    return pub


def _withdraw(
    pub: Publication, *, actor, cause: str, reason: str, changed_on: dt.date, today: dt.date
) -> None:
    due = rules.withdrawal_due(changed_on)
    was_public = pub.status == Status.PUBLISHED
    pub.status = Status.WITHDRAWN
    pub.listed = was_public  # a never-published decision stays off the public list
    pub.withdrawal_cause = cause
    pub.withdrawal_reason = reason
    pub.withdrawal_due = due
    pub.withdrawn_on = today
    pub.withdrawn_late = was_public and rules.is_late(today, due)
    pub.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    pub.save(
        update_fields=[
            "status",
            "listed",
            "withdrawal_cause",
            "withdrawal_reason",
            "withdrawal_due",
            "withdrawn_on",
            "withdrawn_late",
            "withdrawn_by",
            "updated_at",
        ]
    )


@transaction.atomic
def publication_withdraw(*, actor, pk: int, reason: str) -> Publication:
    """A legal reviewer withdraws a decision published in error (or not yet published), with the reason
    shown to the public (《行政处罚法》第四十八条第二款)."""
    _require(actor, "disclosure.review")
    pub = _locked(pk)
    reason = rules.check_withdraw(status=pub.status, reason=reason)
    today = _today()
    _withdraw(
        pub, actor=actor, cause=WithdrawalCause.CORRECTION, reason=reason, changed_on=today, today=today
    )
    audit_append(actor=actor, action="disclosure.withdraw", obj=pub, payload={"reason": reason})
    _changed()
    return pub


REMEDY_KIND_LABELS = {
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
}
OUTCOME_LABELS = {"changed": "变更", "revoked": "撤销"}


def remedy_reason(*, kind: str, outcome: str, decided_on: dt.date) -> str:
    """The public reason for a withdrawal after reconsideration or litigation, in the record's language."""
    via = REMEDY_KIND_LABELS.get(kind, "复议或诉讼")
    what = OUTCOME_LABELS.get(outcome, "变更")
    return (
        f"该行政处罚决定已于{decided_on.year}年{decided_on.month}月{decided_on.day}日经{via}被依法{what}，"
        "依据《行政处罚法》第四十八条第二款撤回公示。"
    )


@transaction.atomic
def publication_withdraw_for_remedy(
    *, case, actor, remedy_kind: str, outcome: str, decided_on: dt.date
) -> Publication | None:
    """A decision changed or revoked on reconsideration or litigation is withdrawn at once, the reason
    shown; the deadline is three working days after the change (《行政处罚法》第四十八条第二款, 第八十五条)
    and a withdrawal recorded later than that is marked late. Called from the cases signal."""
    if outcome not in (WithdrawalCause.CHANGED, WithdrawalCause.REVOKED):
        return None
    pub = Publication.objects.select_for_update().filter(decision__case=case).first()
    if pub is None or pub.status not in (Status.PUBLISHED, Status.PENDING, Status.HELD_BACK):
        return pub
    reason = remedy_reason(kind=remedy_kind, outcome=outcome, decided_on=decided_on)
    was = pub.status
    _withdraw(pub, actor=actor, cause=outcome, reason=reason, changed_on=decided_on, today=_today())
    audit_append(
        actor=actor,
        action="disclosure.withdraw",
        obj=pub,
        payload={
            "cause": outcome,
            "was": was,
            "due": pub.withdrawal_due.isoformat(),
            "late": pub.withdrawn_late,
        },
    )
    _changed()
    return pub
