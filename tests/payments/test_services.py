"""Notices from case decisions, reconciliation (idempotent, flagged exceptions), execution, deferral,
cash collected on the spot."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.cases.models import Case, Execution, Remedy
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.payments import rules, services
from sunshine.payments.models import Arrangement, BankPayment, CashReceipt, PaymentNotice, ReconciliationFile

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _counts():
    return (
        BankPayment.objects.count(),
        ReconciliationFile.objects.count(),
        list(
            PaymentNotice.objects.order_by("pk").values_list("status", "paid_total", "surcharge", "paid_on")
        ),
        Execution.objects.count(),
    )


def test_serving_a_fine_issues_the_notice(served, team):
    """第六十七条: the notice has the amount, a valid code, the bank and 15 days from service."""
    notice = served()
    case = notice.case
    assert notice.fine == Decimal("1000.00") and rules.payment_code_valid(notice.code)
    assert notice.due == rules.payment_period(notice.served_on).due == case.decision.payment_due
    assert notice.bank_name and notice.account_number and notice.party_name == "张三"
    assert notice.status == PaymentNotice.Status.OPEN


def test_a_summary_fine_not_collected_issues_a_notice_and_collected_cash_is_tracked(post, team):
    """第六十七条 for a summary fine paid at the bank; 第七十条, 第七十一条 for cash collected on the spot."""
    from tests.factories import PartyFactory

    assert post(fine="150.00").status_code == 201
    notice = PaymentNotice.objects.get()
    assert notice.fine == Decimal("150.00")
    assert notice.due == rules.payment_period(timezone.localdate()).due
    assert notice.due >= timezone.localdate() + dt.timedelta(days=15)
    response = post(
        fine="100.00",
        collected_on_spot=True,
        receipt_number="PJ-7",
        document_number="B77",
        party=PartyFactory().pk,
    )
    assert response.status_code == 201, response.json()
    receipt = CashReceipt.objects.get()
    assert receipt.receipt_number == "PJ-7" and receipt.amount == Decimal("100.00")
    assert receipt.handover_due == rules.cash_handover_period(receipt.collected_on).due
    assert PaymentNotice.objects.count() == 1


def test_a_used_receipt_number_is_refused(post, team):
    """第七十条: each official receipt is used once."""
    from tests.factories import PartyFactory

    assert post(fine="100.00", collected_on_spot=True, receipt_number="PJ-8").status_code == 201
    again = post(
        fine="100.00",
        collected_on_spot=True,
        receipt_number="PJ-8",
        document_number="B88",
        party=PartyFactory().pk,
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "cash_receipt_used"
    assert Case.objects.count() == 1


def test_full_payment_is_recorded_as_the_case_execution_by_finance(served, reconcile, finance):
    """罚缴分离: the bank's confirmed payment becomes the case's execution (action record_bank_payment)."""
    notice = served()
    record, created = reconcile(("TX1", notice.code, "1000.00", notice.served_on.isoformat(), "张三"))
    assert created and record.summary["counts"] == {"paid": 1} and record.summary["notices_paid"] == 1
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PAID and notice.paid_on == notice.served_on
    assert notice.execution == PaymentNotice.ExecutionStatus.RECORDED and not notice.execution_note
    execution = notice.case.executions.get()
    assert (execution.kind, execution.receipt_number) == ("paid", notice.code)
    notice.case.refresh_from_db()
    assert notice.case.state == "executed"
    assert notice.case.events.filter(action="record_bank_payment", actor=finance).exists()


def test_execution_is_recorded_through_case_act_when_the_actor_may(served, team):
    """When the case rules let the importing actor execute (here a handler who also holds the finance
    role), the payment is recorded as the case's execution through case_act."""
    from django.contrib.auth.models import Group

    from sunshine.payments.services import reconciliation_import

    notice = served()
    actor = team.officer1
    actor.groups.add(Group.objects.get_or_create(name="finance")[0])
    actor._sunshine_roles = None
    reconciliation_import(
        actor=actor,
        name="bank.csv",
        content=csv_bytes(("TX1", notice.code, "1000.00", notice.served_on.isoformat(), "张三")),
        source="upload",
    )
    notice.refresh_from_db()
    assert notice.execution == PaymentNotice.ExecutionStatus.RECORDED
    execution = notice.case.executions.get()
    assert execution.kind == "paid" and execution.amount == Decimal("1000.00")
    assert execution.receipt_number == notice.code
    notice.case.refresh_from_db()
    assert notice.case.state == "executed"


def test_the_same_file_twice_changes_nothing(served, reconcile):
    notice = served()
    day = notice.served_on.isoformat()
    lines = [
        ("TX1", notice.code, "400.00", day, "张三"),
        ("TX2", "20269999999999999990", "50.00", day, "李四"),
    ]
    first, created = reconcile(*lines)
    assert created
    before = _counts()
    again, created_again = reconcile(*lines, name="renamed.csv")
    assert again.pk == first.pk and not created_again
    assert _counts() == before


def test_a_transaction_seen_before_is_skipped(served, reconcile):
    """Per-line idempotence: a new file repeating an imported transaction adds only the new lines."""
    notice = served()
    day = notice.served_on.isoformat()
    reconcile(("TX1", notice.code, "400.00", day, ""))
    record, _ = reconcile(("TX1", notice.code, "400.00", day, ""), ("TX3", notice.code, "600.00", day, ""))
    assert (
        record.summary["duplicate_count"] == 1 and record.summary["duplicates"][0]["transaction_id"] == "TX1"
    )
    notice.refresh_from_db()
    assert notice.paid_total == Decimal("1000.00") and notice.status == PaymentNotice.Status.PAID
    # the partial line was completed by the later payment
    first = BankPayment.objects.get(transaction_id="TX1")
    assert first.result == BankPayment.Result.PARTIAL and first.resolution == BankPayment.Resolution.ACCEPTED


def test_partial_over_and_unknown_are_flagged(served, reconcile, finance):
    notice = served()
    day = notice.served_on.isoformat()
    valid_unknown = rules.make_payment_code(2026, 999_999)
    typo = notice.code[:-1] + str((int(notice.code[-1]) + 1) % 10)
    reconcile(
        ("TX1", notice.code, "400.00", day, ""),
        ("TX2", notice.code, "700.00", day, ""),
        ("TX3", valid_unknown, "10.00", day, ""),
        ("TX4", typo, "10.00", day, ""),
    )
    results = dict(BankPayment.objects.values_list("transaction_id", "result"))
    assert results == {"TX1": "partial", "TX2": "overpaid", "TX3": "unknown", "TX4": "unknown"}
    over = BankPayment.objects.get(transaction_id="TX2")
    assert over.excess == Decimal("100.00")
    assert "校验位" in BankPayment.objects.get(transaction_id="TX4").note
    open_ = {p.transaction_id for p in services_exceptions(finance)}
    assert open_ == {"TX2", "TX3", "TX4"}  # TX1 was completed by TX2


def services_exceptions(user):
    from sunshine.payments.selectors import exception_list

    return exception_list(user=user)


def test_a_malformed_file_is_refused_whole(served, finance):
    notice = served()
    content = csv_bytes(
        ("TX1", notice.code, "1000.00", "2026-02-30", ""), ("", notice.code, "-5", "2026-01-01", "")
    )
    with pytest.raises(ValidationError) as exc:
        services.reconciliation_import(actor=finance, name="bad.csv", content=content, source="upload")
    text = " ".join(exc.value.messages)
    assert "第2行" in text and "第3行" in text
    assert BankPayment.objects.count() == 0 and ReconciliationFile.objects.count() == 0
    with pytest.raises(ValidationError):
        services.reconciliation_import(actor=finance, name="x.csv", content=b"a,b\n1,2\n", source="upload")
    with pytest.raises(ValidationError):
        services.reconciliation_import(
            actor=finance,
            name="x.csv",
            content=csv_bytes(("T", "1", "1.00", "2026-01-01", ""), ("T", "1", "2.00", "2026-01-01", "")),
            source="upload",
        )


def test_gb18030_and_chinese_headers(served, finance):
    notice = served()
    text = (
        f"流水号,缴款码,金额,缴款日期,缴款人\nTX9,{notice.code},1000.00,{notice.served_on.isoformat()},张三\n"
    )
    record, _ = services.reconciliation_import(
        actor=finance, name="工行.csv", content=text.encode("gb18030"), source="command"
    )
    assert record.summary["counts"] == {"paid": 1}


def test_only_finance_imports(served, team):
    with pytest.raises(PermissionDeniedError):
        services.reconciliation_import(actor=team.officer1, name="x.csv", content=b"x", source="upload")
    with pytest.raises(PermissionDeniedError):
        services.reconciliation_import(actor=team.leader, name="x.csv", content=b"x", source="upload")


def test_late_payment_owes_the_surcharge(served, reconcile):
    """第七十二条: paid 2 days late → the fine is not enough; fine + 6% settles it."""
    notice = served()
    late = (notice.due + dt.timedelta(days=2)).isoformat()
    reconcile(("TX1", notice.code, "1000.00", late, ""))
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PARTIAL
    reconcile(("TX2", notice.code, "60.00", late, ""))
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PAID and notice.surcharge == Decimal("60.00")


def test_pending_reconsideration_suspends_the_surcharge(served, reconcile):
    """第七十三条: the days a reconsideration is pending are not counted."""
    notice = served()
    Remedy.objects.create(
        case=notice.case, kind="reconsideration", filed_on=notice.due + dt.timedelta(days=1)
    )
    reconcile(("TX1", notice.code, "1030.00", (notice.due + dt.timedelta(days=20)).isoformat(), ""))
    notice.refresh_from_db()
    assert (
        notice.status == PaymentNotice.Status.OVERPAID if hasattr(PaymentNotice.Status, "OVERPAID") else True
    )
    assert notice.status == PaymentNotice.Status.PAID and notice.surcharge == Decimal("0.00")
    assert BankPayment.objects.get().excess == Decimal("30.00")


def test_revoked_decision_cancels_the_notice(served, act, team, reconcile):
    notice = served()
    assert act(team.officer1, notice.case_id, "file_remedy", kind="reconsideration").status_code == 200
    remedy = Remedy.objects.get()
    response = act(team.squad_leader, notice.case_id, "remedy_outcome", remedy=remedy.pk, outcome="revoked")
    assert response.status_code == 200, response.json()
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.CANCELLED
    reconcile(("TX1", notice.code, "1000.00", notice.served_on.isoformat(), ""))
    assert BankPayment.objects.get().result == BankPayment.Result.CANCELLED


def test_deferral_with_instalments(served, team, reconcile):
    """第六十六条: recorded by an officer, approved by a leader; surcharge from each instalment's date."""
    notice = served()
    first, second = notice.due + dt.timedelta(days=10), notice.due + dt.timedelta(days=40)
    schedule = [(first, Decimal("400.00")), (second, Decimal("600.00"))]
    with pytest.raises(PermissionDeniedError):
        services.arrangement_request(
            actor=team.leader, case=notice.case, kind="instalments", reason="困难", schedule=schedule
        )
    arrangement = services.arrangement_request(
        actor=team.officer1, case=notice.case, kind="instalments", reason="个体经营亏损", schedule=schedule
    )
    with pytest.raises(RuleViolation):
        services.arrangement_request(
            actor=team.officer1, case=notice.case, kind="instalments", reason="again", schedule=schedule
        )
    with pytest.raises(PermissionDeniedError):
        services.arrangement_decide(actor=team.officer2, arrangement=arrangement, approve=True)
    with pytest.raises(ValidationError):
        services.arrangement_decide(actor=team.leader, arrangement=arrangement, approve=False, note="")
    services.arrangement_decide(actor=team.leader, arrangement=arrangement, approve=True)
    arrangement.refresh_from_db()
    assert arrangement.status == Arrangement.Status.APPROVED
    # paid after the original due date but on the first instalment's date: no surcharge
    reconcile(("TX1", notice.code, "400.00", first.isoformat(), ""))
    # the second one a day late: 3% of 600
    reconcile(("TX2", notice.code, "618.00", (second + dt.timedelta(days=1)).isoformat(), ""))
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PAID and notice.surcharge == Decimal("18.00")


def test_other_squad_cannot_request(served, team):
    from django.http import Http404

    notice = served()
    with pytest.raises(Http404):
        services.arrangement_request(
            actor=team.other_officer,
            case=notice.case,
            kind="deferral",
            reason="困难",
            schedule=[(notice.due + dt.timedelta(days=5), notice.fine)],
        )


def test_exception_resolution(served, reconcile, finance):
    notice = served()
    day = notice.served_on.isoformat()
    reconcile(("TX1", rules.make_payment_code(2026, 999_999), "1000.00", day, ""))
    payment = BankPayment.objects.get()
    with pytest.raises(ValidationError):
        services.exception_resolve(
            actor=finance, payment=payment, resolution="assigned", code=notice.code, note=""
        )
    with pytest.raises(RuleViolation):
        services.exception_resolve(
            actor=finance, payment=payment, resolution="assigned", code="123", note="电话核实"
        )
    services.exception_resolve(
        actor=finance, payment=payment, resolution="assigned", code=notice.code, note="电话核实"
    )
    notice.refresh_from_db()
    assert notice.status == PaymentNotice.Status.PAID
    with pytest.raises(RuleViolation):
        services.exception_resolve(actor=finance, payment=payment, resolution="refunded", note="x")


def test_cash_hand_in_tracking(post, team, finance, act):
    """第七十一条: hand-in within 2 working days, deposit within 2 more; late ones stay visible."""
    from sunshine.payments.selectors import cash_list

    assert post(fine="100.00", collected_on_spot=True, receipt_number="PJ-1").status_code == 201
    receipt = CashReceipt.objects.get()
    case_id = receipt.case_id
    assert act(team.officer1, case_id, "hand_over_cash").status_code == 200
    receipt.refresh_from_db()
    assert receipt.handed_in_on == timezone.localdate()
    with pytest.raises(RuleViolation):
        services.cash_deposit(actor=finance, receipt=receipt, reference="DEP-1")
    services.cash_confirm(actor=finance, receipt=receipt)
    receipt.refresh_from_db()
    assert receipt.deposit_due == rules.bank_deposit_period(receipt.received_on).due
    services.cash_deposit(actor=finance, receipt=receipt, reference="DEP-1")
    assert not cash_list(user=finance, filters={"state": "overdue"}).exists()
    # an old one never handed in is overdue
    CashReceipt.objects.filter(pk=receipt.pk).update(
        handed_in_on=None,
        received_on=None,
        deposit_due=None,
        deposited_on=None,
        handover_due=dt.date(2026, 1, 5),
    )
    assert list(cash_list(user=finance, filters={"state": "overdue"})) == [receipt]


def test_management_command_imports_once(served, finance, tmp_path):
    from django.core.management import CommandError, call_command

    notice = served()
    path = tmp_path / "bank.csv"
    path.write_bytes(csv_bytes(("TXC", notice.code, "1000.00", notice.served_on.isoformat(), "")))
    out = __import__("io").StringIO()
    call_command("payments_reconcile", str(path), "--user", finance.username, stdout=out)
    assert "paid 1" in out.getvalue()
    call_command("payments_reconcile", str(path), "--user", finance.username, stdout=out)
    assert "already imported" in out.getvalue() and BankPayment.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"transaction_id,payment_code,amount,paid_on\nT,1,abc,2026-01-01\n")
    with pytest.raises(CommandError):
        call_command("payments_reconcile", str(bad), "--user", finance.username, stdout=out)
