"""Every change in fine collection: issuing notices, importing the bank's reconciliation files, resolving
their exceptions, deferral and instalments, and cash collected on the spot.

Notices and cash receipts are created from the case's own transaction (:mod:`sunshine.payments.handlers`,
on :data:`sunshine.cases.hooks.case_acted`): the case action has already checked who may act, so
:func:`notice_issue` and :func:`cash_receipt_record` take the case's actor as they are. Everything else
checks its capability here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import Role, has_capability, has_role
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation

from . import rules
from .models import (
    Arrangement,
    BankPayment,
    CashReceipt,
    CodeCounter,
    CollectionAccount,
    Instalment,
    PaymentNotice,
    ReconciliationFile,
)

ZERO = Decimal("0.00")
MAX_FILE_BYTES = 64 * 1024 * 1024
CHUNK = 500
# Column names accepted in a reconciliation file (first row), English or the banks' Chinese headings.
COLUMNS = {
    "transaction_id": ("transaction_id", "流水号", "交易流水号"),
    "code": ("payment_code", "code", "缴款码", "缴款编码"),
    "amount": ("amount", "金额", "缴款金额"),
    "paid_on": ("paid_on", "date", "缴款日期", "交易日期"),
    "payer": ("payer", "缴款人"),
}
REQUIRED = ("transaction_id", "code", "amount", "paid_on")


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("Your role may not do this."))


# --- notices ---------------------------------------------------------------------------------


def _next_code(year: int) -> str:
    counter, _created = CodeCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return rules.make_payment_code(year, counter.last)


def _party_names(case) -> str:
    return "、".join(case.parties.order_by("case_roles__id").values_list("name", flat=True))[:200]


@transaction.atomic
def notice_issue(*, case, served_on: dt.date, actor) -> PaymentNotice | None:
    """Issue the payment notice of a decision with a fine: the amount, a payment code with its check digit,
    the designated bank and the last day to pay, 15 days after the party received the decision
    (《行政处罚法》第六十七条; 国务院令第235号第七条). Called inside the case's transaction; a case has one
    notice, so calling it again returns the one issued."""
    existing = PaymentNotice.objects.filter(case=case).first()
    if existing is not None:
        return existing
    decision = getattr(case, "decision", None)
    if decision is None or decision.kind != "penalty" or decision.fine <= 0:
        return None
    due = decision.payment_due or rules.payment_period(served_on).due
    bank = CollectionAccount.current()
    notice = PaymentNotice.objects.create(
        case=case,
        code=_next_code(served_on.year),
        decision_number=decision.document_number,
        party_name=_party_names(case),
        fine=decision.fine,
        bank_name=bank.bank_name,
        account_name=bank.account_name,
        account_number=bank.account_number,
        served_on=served_on,
        due=due,
        issued_by=actor,
    )
    audit_append(
        actor=actor,
        action="payments.notice_issue",
        obj=notice,
        payload={"case": case.number, "code": notice.code, "fine": str(notice.fine), "due": due.isoformat()},
    )
    return notice


@transaction.atomic
def notice_cancel(*, notice: PaymentNotice, actor, reason: str) -> PaymentNotice:
    """The decision was revoked on reconsideration or litigation: nothing is owed any more; any payment
    received becomes an exception to refund."""
    notice = PaymentNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == PaymentNotice.Status.CANCELLED:
        return notice
    notice.status = PaymentNotice.Status.CANCELLED
    notice.cancel_reason = reason
    notice.save(update_fields=["status", "cancel_reason"])
    BankPayment.objects.filter(notice=notice, resolution="").update(result=BankPayment.Result.CANCELLED)
    audit_append(actor=actor, action="payments.notice_cancel", obj=notice, payload={"reason": reason})
    return notice


@transaction.atomic
def notice_fine_change(*, notice: PaymentNotice, actor) -> PaymentNotice:
    """Reconsideration or litigation changed the fine: the notice follows the decision (a fine changed to
    nothing cancels the notice) and is settled again."""
    from sunshine.cases.models import Decision

    notice = PaymentNotice.objects.select_for_update().get(pk=notice.pk)
    decision = Decision.objects.get(case_id=notice.case_id)
    if decision.fine == notice.fine or notice.status == PaymentNotice.Status.CANCELLED:
        return notice
    if decision.fine <= 0:
        return notice_cancel(notice=notice, actor=actor, reason=gettext("The fine was removed."))
    before = notice.fine
    notice.fine = decision.fine
    notice.save(update_fields=["fine"])
    audit_append(
        actor=actor,
        action="payments.notice_fine_change",
        obj=notice,
        payload={"from": str(before), "to": str(notice.fine)},
    )
    return notice_refresh(notice=notice, actor=actor)


def schedule_of(
    notice: PaymentNotice, arrangement: Arrangement | None = None
) -> list[tuple[dt.date, Decimal]]:
    """The dates and amounts the party owes: the approved arrangement's instalments, else the notice."""
    if arrangement is None:
        arrangement = (
            notice.arrangements.filter(status=Arrangement.Status.APPROVED)
            .order_by("-decided_on", "-id")
            .prefetch_related("instalments")
            .first()
        )
    if arrangement is not None:
        return [(i.due, i.amount) for i in arrangement.instalments.all()]
    return [(notice.due, notice.fine)]


def remedy_periods(case) -> list[tuple[dt.date, dt.date | None]]:
    return [(r.filed_on, r.decided_on) for r in case.remedies.all()]


def settlement_of(notice: PaymentNotice, *, as_of: dt.date | None = None) -> rules.Settlement:
    payments = notice.payments.exclude(resolution=BankPayment.Resolution.REFUNDED).order_by("paid_on", "id")
    return rules.settle(
        schedule=schedule_of(notice),
        payments=[(p.paid_on, p.amount) for p in payments],
        periods=remedy_periods(notice.case),
        as_of=as_of or _today(),
    )


def _apply(notice: PaymentNotice, settlement: rules.Settlement) -> bool:
    """Store the settlement on the notice; True when it has just become paid."""
    was_paid = notice.status == PaymentNotice.Status.PAID
    notice.paid_total = settlement.paid + settlement.excess
    if settlement.settled:
        notice.status = PaymentNotice.Status.PAID
        notice.surcharge = settlement.surcharge
        notice.paid_on = settlement.settled_on
    else:
        notice.status = PaymentNotice.Status.PARTIAL if settlement.paid > 0 else PaymentNotice.Status.OPEN
        notice.surcharge = ZERO
        notice.paid_on = None
    return notice.status == PaymentNotice.Status.PAID and not was_paid


def _record_execution(notice: PaymentNotice, actor) -> None:
    """Record the fine's payment as the case's execution: ``case_act(action="record_bank_payment")`` for
    the finance officer, ``"execute"`` for an officer of the case. When the case refuses (another state, a
    shortfall), the notice says so and the case's handlers see it on the case page.
    """
    from sunshine.cases.models import Execution
    from sunshine.cases.services import case_act

    case = notice.case
    data = {
        "on": notice.paid_on.isoformat(),
        "amount": str(notice.fine + notice.surcharge),
        "surcharge": str(notice.surcharge),
        "receipt_number": notice.code,
        "note": gettext("Paid at the bank, payment code %(code)s.") % {"code": notice.code},
    }
    # Finance records what the bank confirmed (record_bank_payment); an officer of the case records it
    # as the case's execution.
    if has_capability(actor, "cases.record_payment"):
        action = "record_bank_payment"
    else:
        action = "execute"
        data["kind"] = Execution.Kind.PAID
    try:
        with transaction.atomic():
            case_act(case=case, action=action, actor=actor, data=data)
    except (PermissionDeniedError, RuleViolation, ValidationError, Http404) as exc:
        notice.execution = PaymentNotice.ExecutionStatus.PENDING
        message = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [])) or str(exc)
        notice.execution_note = str(message)[:1000]
    else:
        notice.execution = PaymentNotice.ExecutionStatus.RECORDED
        notice.execution_note = ""


NOTICE_FIELDS = ["status", "paid_total", "surcharge", "paid_on", "execution", "execution_note"]


def _after_paid(notices: list[PaymentNotice], actor) -> None:
    """Notices have just been paid in full: their partial lines are settled and the payment is recorded as
    each case's execution (in bulk: one query per chunk, not per notice)."""
    from sunshine.cases.models import Execution

    recorded: set[int] = set()
    for start in range(0, len(notices), CHUNK):
        chunk = notices[start : start + CHUNK]
        BankPayment.objects.filter(
            notice_id__in=[n.pk for n in chunk], result=BankPayment.Result.PARTIAL, resolution=""
        ).update(
            resolution=BankPayment.Resolution.ACCEPTED,
            resolution_note=gettext("Completed by a later payment."),
            resolved_at=timezone.now(),
        )
        recorded.update(
            Execution.objects.filter(
                case_id__in=[n.case_id for n in chunk], kind=Execution.Kind.PAID
            ).values_list("case_id", flat=True)
        )
    # case_act would refuse an actor without cases.act at its first line; say so without asking it each time
    may_act = has_capability(actor, "cases.act") or has_capability(actor, "cases.record_payment")
    for notice in notices:
        if notice.case_id in recorded:
            notice.execution, notice.execution_note = PaymentNotice.ExecutionStatus.RECORDED, ""
        elif not may_act:
            notice.execution = PaymentNotice.ExecutionStatus.PENDING
            notice.execution_note = gettext(
                "Your role may not record the execution in the case: the case's handlers record it."
            )
        else:
            _record_execution(notice, actor)


def _save_notices(notices: list[PaymentNotice]) -> None:
    """Write the settled fields of many notices with one prepared statement (``bulk_update`` builds a CASE
    expression per field and row, far slower for thousands of rows)."""
    from django.db import connection

    table = PaymentNotice._meta.db_table
    columns = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in NOTICE_FIELDS)
    sql = f"UPDATE {connection.ops.quote_name(table)} SET {columns} WHERE id = %s"  # noqa: S608 - fixed names
    ops = connection.ops
    rows = [
        [
            n.status,
            ops.adapt_decimalfield_value(n.paid_total, 14, 2),
            ops.adapt_decimalfield_value(n.surcharge, 14, 2),
            ops.adapt_datefield_value(n.paid_on),
            n.execution,
            n.execution_note,
            n.pk,
        ]
        for n in notices
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


@transaction.atomic
def notice_refresh(*, notice: PaymentNotice, actor) -> PaymentNotice:
    """Settle the notice again (after an arrangement or a payment matched by hand)."""
    notice = PaymentNotice.objects.select_for_update().select_related("case").get(pk=notice.pk)
    if notice.status == PaymentNotice.Status.CANCELLED:
        return notice
    became_paid = _apply(notice, settlement_of(notice))
    if became_paid:
        _after_paid([notice], actor)
    notice.save(update_fields=NOTICE_FIELDS)
    return notice


# --- reconciliation --------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError({"file": [gettext("The file is neither UTF-8 nor GB18030 text.")]})


def _header_map(header: list[str]) -> dict[str, int]:
    found = {}
    names = [h.strip().lower() for h in header]
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias.lower() in names:
                found[key] = names.index(alias.lower())
                break
    missing = [key for key in REQUIRED if key not in found]
    if missing:
        raise ValidationError(
            {
                "file": [
                    gettext("The first row must name the columns; missing: %(cols)s.")
                    % {"cols": ", ".join(COLUMNS[k][0] for k in missing)}
                ]
            }
        )
    return found


def parse_reconciliation(content: bytes) -> list[dict]:
    """The lines of a reconciliation file (CSV: transaction_id, payment_code, amount, paid_on[, payer]).

    A malformed line (no transaction id, an amount that is not a positive yuan amount with at most two
    decimals, a date that is not YYYY-MM-DD, the same transaction twice with different content) rejects
    the whole file with every problem listed, so nothing is half-imported.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": [gettext("The file is larger than 64 MB: split it.")]})
    reader = csv.reader(io.StringIO(_decode(content)))
    rows = [row for row in reader]
    if not rows:
        raise ValidationError({"file": [gettext("The file is empty.")]})
    cols = _header_map(rows[0])
    lines, errors, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            index = cols.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        problems = []
        txid = cell("transaction_id")
        if not txid or len(txid) > 64:
            problems.append(gettext("no bank transaction id (at most 64 characters)"))
        code = cell("code")
        if not code or len(code) > 40:
            problems.append(gettext("no payment code"))
        try:
            amount = Decimal(cell("amount").replace(",", ""))
            if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
            if amount >= Decimal("1e12"):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            amount = None
            problems.append(gettext("“%(value)s” is not an amount in yuan") % {"value": cell("amount")})
        try:
            paid_on = dt.date.fromisoformat(cell("paid_on").replace("/", "-"))
        except ValueError:
            paid_on = None
            problems.append(gettext("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": cell("paid_on")})
        if problems:
            errors.append(
                gettext("line %(n)s: %(problems)s") % {"n": number, "problems": "; ".join(problems)}
            )
            continue
        line = {
            "line_no": number,
            "transaction_id": txid,
            "code": code,
            "amount": amount.quantize(Decimal("0.01")),
            "paid_on": paid_on,
            "payer": cell("payer")[:200],
        }
        key = (line["code"], line["amount"], line["paid_on"])
        if txid in seen:
            if seen[txid] != key:
                errors.append(
                    gettext("line %(n)s: transaction %(tx)s appears twice with different content")
                    % {"n": number, "tx": txid}
                )
            continue
        seen[txid] = key
        lines.append(line)
    if errors:
        raise ValidationError({"file": errors[:200]})
    if not lines:
        raise ValidationError({"file": [gettext("The file has no payment lines.")]})
    return lines


@transaction.atomic
def reconciliation_import(
    *, actor, name: str, content: bytes, source: str
) -> tuple[ReconciliationFile, bool]:
    """Import a bank reconciliation file: each payment is matched to its notice by payment code.

    Idempotent: a file already imported (same SHA-256) returns the first import and changes nothing, and a
    line whose bank transaction id was imported before is skipped (listed as a duplicate). Partial and
    over-payments and unknown codes are flagged as exceptions for finance. A notice paid in full (the fine
    and the late surcharge, 《行政处罚法》第七十二条) has its case's execution recorded. Returns
    ``(file, created)``.
    """
    _require(actor, "payments.reconcile")
    digest = hashlib.sha256(content).hexdigest()
    earlier = ReconciliationFile.objects.filter(sha256=digest).first()
    if earlier is not None:
        audit_append(
            actor=actor,
            action="payments.reconciliation_repeat",
            obj=earlier,
            payload={"name": name, "sha256": digest},
        )
        return earlier, False
    lines = parse_reconciliation(content)
    known = set()
    txids = [line["transaction_id"] for line in lines]
    for start in range(0, len(txids), CHUNK):
        known.update(
            BankPayment.objects.filter(transaction_id__in=txids[start : start + CHUNK]).values_list(
                "transaction_id", flat=True
            )
        )
    duplicates = [
        {"line": line["line_no"], "transaction_id": line["transaction_id"]}
        for line in lines
        if line["transaction_id"] in known
    ]
    fresh = [line for line in lines if line["transaction_id"] not in known]
    codes = sorted({line["code"] for line in fresh})
    notices: dict[str, PaymentNotice] = {}
    for start in range(0, len(codes), CHUNK):
        for notice in (
            PaymentNotice.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(code__in=codes[start : start + CHUNK])
        ):
            notices[notice.code] = notice
    record = ReconciliationFile.objects.create(
        name=name[:200], sha256=digest, source=source, imported_by=actor, lines=len(lines)
    )
    rows: list[BankPayment] = []
    by_notice: dict[int, list[BankPayment]] = defaultdict(list)
    for line in fresh:
        notice = notices.get(line["code"])
        row = BankPayment(file=record, notice=notice, **line)
        if notice is None:
            row.result = BankPayment.Result.UNKNOWN
            row.note = (
                gettext("No notice has this payment code.")
                if rules.payment_code_valid(line["code"])
                else gettext("The check digit is wrong: probably mistyped.")
            )
        elif notice.status == PaymentNotice.Status.CANCELLED:
            row.result = BankPayment.Result.CANCELLED
            row.note = gettext("The notice was cancelled: refund the payer.")
        else:
            by_notice[notice.pk].append(row)
        rows.append(row)
    touched = [n for n in notices.values() if n.pk in by_notice]
    earlier_payments: dict[int, list] = defaultdict(list)
    periods: dict[int, list] = defaultdict(list)
    schedules: dict[int, list] = {}
    ids = [n.pk for n in touched]
    case_ids = [n.case_id for n in touched]
    from sunshine.cases.models import Remedy

    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for p in (
            BankPayment.objects.filter(notice_id__in=chunk)
            .exclude(resolution=BankPayment.Resolution.REFUNDED)
            .order_by("paid_on", "id")
            .values("notice_id", "paid_on", "amount")
        ):
            earlier_payments[p["notice_id"]].append((p["paid_on"], p["amount"]))
        for arrangement in (
            Arrangement.objects.filter(notice_id__in=chunk, status=Arrangement.Status.APPROVED)
            .order_by("decided_on", "id")
            .prefetch_related("instalments")
        ):
            schedules[arrangement.notice_id] = [(i.due, i.amount) for i in arrangement.instalments.all()]
        for r in Remedy.objects.filter(case_id__in=case_ids[start : start + CHUNK]).values(
            "case_id", "filed_on", "decided_on"
        ):
            periods[r["case_id"]].append((r["filed_on"], r["decided_on"]))
    today = _today()
    paid_now = []
    for notice in touched:
        new = sorted(by_notice[notice.pk], key=lambda r: (r.paid_on, r.line_no))
        old = earlier_payments[notice.pk]
        merged = sorted(
            [(day, amount, None) for day, amount in old] + [(r.paid_on, r.amount, r) for r in new],
            key=lambda item: (item[0], item[2] is not None),
        )
        settlement = rules.settle(
            schedule=schedules.get(notice.pk) or [(notice.due, notice.fine)],
            payments=[(day, amount) for day, amount, _row in merged],
            periods=periods[notice.case_id],
            as_of=today,
        )
        running = ZERO
        for (day, amount, row), excess in zip(merged, settlement.excess_by_payment, strict=True):
            running += amount - excess
            if row is None:
                continue
            if excess > 0:
                row.result = BankPayment.Result.OVERPAID
                row.excess = excess
                row.note = gettext("¥%(excess)s more than owed: refund it.") % {"excess": excess}
            elif settlement.settled and day >= settlement.settled_on and running >= settlement.paid:
                row.result = BankPayment.Result.PAID
            else:
                row.result = BankPayment.Result.PARTIAL
                row.note = gettext("Not yet the full amount owed.")
        if _apply(notice, settlement):
            paid_now.append(notice)
    BankPayment.objects.bulk_create(rows, batch_size=CHUNK)
    _after_paid(paid_now, actor)
    _save_notices(touched)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.result] += 1
    record.summary = {
        "counts": dict(counts),
        "duplicates": duplicates[:1000],
        "duplicate_count": len(duplicates),
        "notices_paid": len(paid_now),
        "total": str(sum((row.amount for row in rows), ZERO)),
    }
    record.save(update_fields=["summary"])
    audit_append(
        actor=actor,
        action="payments.reconciliation_import",
        obj=record,
        payload={
            "name": record.name,
            "sha256": digest,
            "source": source,
            **record.summary,
            "duplicates": None,
        },
    )
    return record, True


@transaction.atomic
def exception_resolve(
    *, actor, payment: BankPayment, resolution: str, code: str = "", note: str = ""
) -> BankPayment:
    """Deal with a flagged line: match an unknown payment to the right notice (``assigned``, with the
    code), record that it was refunded to the payer (``refunded``), or that it was checked and needs
    nothing more (``accepted``). A note is required; matching by hand settles the notice again."""
    _require(actor, "payments.reconcile")
    payment = BankPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.resolution:
        raise RuleViolation(
            "exception_resolved", _("This payment has already been dealt with."), rules.CIT_67
        )
    if payment.result not in BankPayment.EXCEPTIONS:
        raise ValidationError({"resolution": [gettext("This payment was matched normally.")]})
    if not (note or "").strip():
        raise ValidationError({"note": [gettext("Say what was done and why.")]})
    if resolution == BankPayment.Resolution.ASSIGNED:
        if payment.result != BankPayment.Result.UNKNOWN:
            raise ValidationError(
                {"resolution": [gettext("Only a payment with an unknown code is matched by hand.")]}
            )
        rules.check_payment_code(code)
        notice = (
            PaymentNotice.objects.filter(code=code).exclude(status=PaymentNotice.Status.CANCELLED).first()
        )
        if notice is None:
            raise ValidationError({"code": [gettext("No open notice has this payment code.")]})
        payment.notice = notice
    elif resolution not in (BankPayment.Resolution.REFUNDED, BankPayment.Resolution.ACCEPTED):
        raise ValidationError({"resolution": [gettext("Choose how the payment was dealt with.")]})
    payment.resolution = resolution
    payment.resolution_note = note.strip()
    payment.resolved_by = actor
    payment.resolved_at = timezone.now()
    payment.save(update_fields=["notice", "resolution", "resolution_note", "resolved_by", "resolved_at"])
    if payment.notice_id and resolution in (BankPayment.Resolution.ASSIGNED, BankPayment.Resolution.REFUNDED):
        notice_refresh(notice=payment.notice, actor=actor)
    audit_append(
        actor=actor,
        action="payments.exception_resolve",
        obj=payment,
        payload={"transaction": payment.transaction_id, "resolution": resolution, "code": code, "note": note},
    )
    return payment


# --- deferral and instalments (第六十六条) ----------------------------------------------------


@transaction.atomic
def arrangement_request(
    *, actor, case, kind: str, reason: str, schedule, requested_on: dt.date | None = None
) -> Arrangement:
    """Record the party's request to defer the fine or pay it in instalments (《行政处罚法》第六十六条);
    recorded by an officer of the case's squad, decided by a bureau leader."""
    _require(actor, "payments.request")
    from sunshine.cases.selectors import case_queryset

    if not case_queryset(actor).filter(pk=case.pk).exists():
        raise Http404
    notice = PaymentNotice.objects.select_for_update().filter(case=case).first()
    if notice is None:
        raise RuleViolation("no_notice", _("This case has no fine to pay."), rules.CIT_66)
    if notice.arrangements.filter(status=Arrangement.Status.PENDING).exists():
        raise RuleViolation(
            "arrangement_pending", _("A request for this fine is already awaiting approval."), rules.CIT_66
        )
    requested_on = requested_on or _today()
    if requested_on > _today():
        raise ValidationError({"requested_on": [gettext("The request date cannot be in the future.")]})
    current = schedule_of(notice)
    rules.check_arrangement(
        kind=kind,
        fine=notice.fine,
        schedule=schedule,
        requested_on=requested_on,
        current_due=min(due for due, _a in current),
        reason=reason,
        already_paid=notice.status in (PaymentNotice.Status.PAID, PaymentNotice.Status.CANCELLED),
    )
    arrangement = Arrangement.objects.create(
        notice=notice, kind=kind, reason=reason.strip(), requested_on=requested_on, recorded_by=actor
    )
    Instalment.objects.bulk_create(
        [
            Instalment(arrangement=arrangement, seq=n, due=due, amount=rules.money(amount))
            for n, (due, amount) in enumerate(sorted(schedule), start=1)
        ]
    )
    audit_append(
        actor=actor,
        action="payments.arrangement_request",
        obj=arrangement,
        payload={
            "case": case.number,
            "kind": kind,
            "schedule": [[d.isoformat(), str(a)] for d, a in sorted(schedule)],
        },
    )
    return arrangement


@transaction.atomic
def arrangement_decide(*, actor, arrangement: Arrangement, approve: bool, note: str = "") -> Arrangement:
    """A bureau leader approves or refuses the request (《行政处罚法》第六十六条). From approval, the new
    dates replace the notice's due date and the late surcharge runs from each instalment's own date."""
    _require(actor, "payments.approve")
    arrangement = Arrangement.objects.select_for_update().select_related("notice").get(pk=arrangement.pk)
    if arrangement.status != Arrangement.Status.PENDING:
        raise RuleViolation("arrangement_decided", _("This request has already been decided."), rules.CIT_66)
    rules.check_arrangement_decider(
        decider_id=actor.pk, recorder_id=arrangement.recorded_by_id, is_leader=has_role(actor, Role.LEADER)
    )
    if not approve and not (note or "").strip():
        raise ValidationError({"note": [gettext("Give the reason for refusing.")]})
    arrangement.status = Arrangement.Status.APPROVED if approve else Arrangement.Status.REFUSED
    arrangement.decided_by = actor
    arrangement.decided_on = _today()
    arrangement.decision_note = (note or "").strip()
    arrangement.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    if approve:
        notice_refresh(notice=arrangement.notice, actor=actor)
    audit_append(
        actor=actor,
        action="payments.arrangement_decide",
        obj=arrangement,
        payload={"approved": approve, "note": note},
    )
    return arrangement


# --- cash collected on the spot (第七十条, 第七十一条) ------------------------------------------


@transaction.atomic
def cash_receipt_record(*, case, receipt_number: str, amount, collected_on: dt.date, actor) -> CashReceipt:
    """Track cash an officer collected on the spot against the official receipt (《行政处罚法》第七十条):
    it is due at the agency within 2 working days (第七十一条, ``cases.rules.cash_handover_period``).
    Called inside the case's transaction."""
    rules.check_cash_receipt(receipt_number=receipt_number, amount=amount)
    receipt = CashReceipt.objects.create(
        case=case,
        receipt_number=receipt_number.strip(),
        amount=rules.money(amount),
        party_name=_party_names(case),
        collected_on=collected_on,
        handover_due=rules.cash_handover_period(collected_on).due,
    )
    audit_append(
        actor=actor,
        action="payments.cash_collected",
        obj=receipt,
        payload={"case": case.number, "receipt": receipt.receipt_number, "amount": str(receipt.amount)},
    )
    return receipt


def cash_handed_in(*, case, on: dt.date) -> None:
    """The officer recorded the hand-over in the case (action ``hand_over_cash``)."""
    CashReceipt.objects.filter(case=case, handed_in_on__isnull=True).update(handed_in_on=on)


@transaction.atomic
def cash_confirm(*, actor, receipt: CashReceipt, received_on: dt.date | None = None) -> CashReceipt:
    """Finance confirms it received the cash; the bank deposit is then due within 2 working days
    (《行政处罚法》第七十一条). A hand-in after its last day stays visible as late."""
    _require(actor, "payments.reconcile")
    receipt = CashReceipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.received_on:
        raise RuleViolation("cash_already_received", _("This cash has already been received."), rules.CIT_71)
    received_on = received_on or _today()
    if received_on > _today() or received_on < receipt.collected_on:
        raise ValidationError(
            {"received_on": [gettext("The date must be between the collection and today.")]}
        )
    receipt.received_on = received_on
    receipt.received_by = actor
    receipt.handed_in_on = receipt.handed_in_on or received_on
    receipt.deposit_due = rules.bank_deposit_period(received_on).due
    receipt.save(update_fields=["received_on", "received_by", "handed_in_on", "deposit_due"])
    audit_append(
        actor=actor,
        action="payments.cash_received",
        obj=receipt,
        payload={
            "receipt": receipt.receipt_number,
            "received_on": received_on.isoformat(),
            "late": rules.is_late(due=receipt.handover_due, done_on=receipt.handed_in_on, today=received_on),
        },
    )
    return receipt


@transaction.atomic
def cash_deposit(
    *, actor, receipt: CashReceipt, deposited_on: dt.date | None = None, reference: str
) -> CashReceipt:
    """Finance records the deposit of the cash at the designated bank (《行政处罚法》第七十一条)."""
    _require(actor, "payments.reconcile")
    receipt = CashReceipt.objects.select_for_update().get(pk=receipt.pk)
    if not receipt.received_on:
        raise RuleViolation("cash_not_received", _("Confirm receiving the cash first."), rules.CIT_71)
    if receipt.deposited_on:
        raise RuleViolation(
            "cash_already_deposited", _("This cash has already been deposited."), rules.CIT_71
        )
    deposited_on = deposited_on or _today()
    if deposited_on > _today() or deposited_on < receipt.received_on:
        raise ValidationError(
            {"deposited_on": [gettext("The date must be between receiving the cash and today.")]}
        )
    if not (reference or "").strip():
        raise ValidationError({"reference": [gettext("Give the bank's deposit reference.")]})
    receipt.deposited_on = deposited_on
    receipt.bank_reference = reference.strip()[:64]
    receipt.save(update_fields=["deposited_on", "bank_reference"])
    audit_append(
        actor=actor,
        action="payments.cash_deposited",
        obj=receipt,
        payload={"receipt": receipt.receipt_number, "deposited_on": deposited_on.isoformat()},
    )
    return receipt
