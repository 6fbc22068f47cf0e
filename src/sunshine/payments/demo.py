"""Demo data of fine collection, after the cases demo (whose fined decisions already issued their notices
through the case hook). Deterministic and idempotent:

- notices for any fined, served decision still without one (a database filled before this app existed);
- two decisions served in the past ("history": the case rows are written directly, dated 40 and 10 days
  ago, then the case's ``serve_decision`` hook is sent as ``case_act`` sends it) — the first is overdue and
  owes the late surcharge, the second is partly paid;
- one bank reconciliation file: the summary fine paid, the executed case's fine paid, a partial payment,
  a payment with an unknown code (the exceptions queue);
- a deferral request on the served demo case, waiting for a leader.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

DEMO_FILE = "演示-工商银行对账单.csv"
HISTORY = (("HIST-1", 40, Decimal("2000.00")), ("HIST-2", 10, Decimal("1500.00")))


def load(out) -> None:
    from django.utils import translation

    with translation.override("zh-hans"):
        _load(out)


def _users():
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["finance", "officer", "leader"])
    }
    if len(users) != 3:
        return None
    finance = users["finance"]
    if not finance.groups.exists():
        # accounts/migrations/0002_roles.py predates the finance role and creates no "finance" group, so the
        # accounts demo could not give the demo login its role (reported to the lead: a migration adding
        # the group fixes it). Give it here so that `make run` shows the finance pages.
        from django.contrib.auth.models import Group

        from sunshine.accounts.roles import Role

        finance.groups.add(Group.objects.get_or_create(name=Role.FINANCE)[0])
        finance._sunshine_roles = None
    return users


def _backfill(out) -> int:
    from sunshine.cases.models import Case

    from . import services

    made = 0
    cases = (
        Case.objects.filter(decision__kind="penalty", decision__fine__gt=0, payment_notice__isnull=True)
        .exclude(executions__kind="collected_on_spot")
        .select_related("decision")
    )
    for case in cases:
        service = case.services.order_by("-served_on").first()
        if service is None:
            continue
        services.notice_issue(case=case, served_on=service.served_on, actor=case.decision.approved_by)
        made += 1
    return made


def _history(ref: str, days_ago: int, fine: Decimal):
    """A general-procedure decision served ``days_ago`` days ago, modelled on the served demo case."""
    from sunshine.cases import hooks, rules
    from sunshine.cases.models import Case, CaseHandler, CaseParty, Decision, Service

    from .models import PaymentNotice

    existing = Case.objects.filter(source_ref=f"DEMO-{ref}").first()
    if existing is not None:
        return PaymentNotice.objects.filter(case=existing).first()
    model = Case.objects.filter(source_ref="DEMO-11").select_related("decision").first()
    if model is None:
        return None
    served_on = timezone.localdate() - dt.timedelta(days=days_ago)
    decided_on = served_on - dt.timedelta(days=2)
    prefix = model.number.split("立")[0]
    case = Case.objects.create(
        number=f"{prefix}立〔{decided_on.year}〕9{days_ago:04d}号",
        source=model.source,
        source_ref=f"DEMO-{ref}",
        procedure=model.procedure,
        state="served",
        unit=model.unit,
        matter_version=model.matter_version,
        act_at=model.act_at - dt.timedelta(days=days_ago + 30),
        act_ended_on=decided_on - dt.timedelta(days=30),
        place=model.place,
        facts=model.facts,
        severity=model.severity,
        proposed_kinds=["fine"],
        proposed_fine=fine,
        registered_on=decided_on - dt.timedelta(days=30),
        filed_on=decided_on - dt.timedelta(days=29),
        decided_on=decided_on,
        created_by=model.created_by,
    )
    for party in model.parties.all():
        CaseParty.objects.create(case=case, party=party)
    for handler in CaseHandler.objects.filter(case=model):
        CaseHandler.objects.create(case=case, staff=handler.staff, lead=handler.lead)
    Decision.objects.create(
        case=case,
        kind="penalty",
        document_number=f"{model.decision.document_number}-{ref}",
        penalty_kinds=["fine"],
        fine=fine,
        decided_on=decided_on,
        approved_by=model.decision.approved_by,
        remedies_text=model.decision.remedies_text,
        payment_due=rules.payment_period(served_on).due,
    )
    service = Service.objects.create(case=case, method="direct", served_on=served_on, recipient="当事人本人")
    hooks.send_acted(
        case=case,
        action="serve_decision",
        actor=model.created_by,
        from_state="decided",
        to_state="served",
        data={"service": service.pk, "method": "direct"},
    )
    return PaymentNotice.objects.filter(case=case).first()


def _load(out) -> None:
    from . import rules, services
    from .models import Arrangement, CollectionAccount, PaymentNotice, ReconciliationFile

    users = _users()
    if users is None:
        out.write("payments: demo logins missing (run the accounts demo first); skipped")
        return
    CollectionAccount.current()
    backfilled = _backfill(out)
    overdue = _history(*HISTORY[0])
    partial = _history(*HISTORY[1])
    if not ReconciliationFile.objects.filter(name=DEMO_FILE).exists():
        lines = []
        today = timezone.localdate()
        summary = (
            PaymentNotice.objects.filter(case__source_ref="", case__procedure="summary")
            .order_by("id")
            .first()
        )
        summary = summary or PaymentNotice.objects.filter(case__procedure="summary").order_by("id").first()
        executed = PaymentNotice.objects.filter(case__source_ref="DEMO-12").first()
        if summary is not None:
            lines.append(("DEMO-TX-0001", summary.code, summary.fine, today, summary.party_name))
        if executed is not None:
            lines.append(
                ("DEMO-TX-0002", executed.code, executed.fine, executed.served_on, executed.party_name)
            )
        if partial is not None:
            lines.append(
                ("DEMO-TX-0003", partial.code, partial.fine / 2, partial.served_on, partial.party_name)
            )
        lines.append(
            ("DEMO-TX-0004", rules.make_payment_code(today.year, 900_001), Decimal("50.00"), today, "王五")
        )
        rows = ["流水号,缴款码,金额,缴款日期,缴款人"]
        rows += [
            f"{tx},{code},{amount:.2f},{day.isoformat()},{payer}" for tx, code, amount, day, payer in lines
        ]
        services.reconciliation_import(
            actor=users["finance"], name=DEMO_FILE, content=("\n".join(rows) + "\n").encode(), source="upload"
        )
    served = PaymentNotice.objects.filter(case__source_ref="DEMO-11").first()
    if served is not None and not served.arrangements.exists() and served.status == PaymentNotice.Status.OPEN:
        half = (served.fine / 2).quantize(Decimal("0.01"))
        services.arrangement_request(
            actor=users["officer"],
            case=served.case,
            kind=Arrangement.Kind.INSTALMENTS,
            reason="当事人系个体经营者，近期停业，一次缴清确有困难，申请分两期缴纳。",
            schedule=[
                (served.due + dt.timedelta(days=30), half),
                (served.due + dt.timedelta(days=60), served.fine - half),
            ],
        )
    out.write(
        f"payments: {PaymentNotice.objects.count()} notices ({backfilled} backfilled), "
        f"overdue {overdue.code if overdue else '-'}, partial {partial.code if partial else '-'}"
    )
