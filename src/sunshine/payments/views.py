"""Staff pages of fine collection: for finance and leaders (notices, reconciliation, exceptions, deferral
approvals, cash tracking), and the officer's deferral request form on a case of their squad. There are no
per-officer figures anywhere (《行政处罚法》第七十四条)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.money import amount_in_chinese_capitals
from sunshine.core.permissions import capability_required

from . import rules, selectors, services
from .forms import ArrangementForm, CashConfirmForm, CashDepositForm, DecideForm, ResolveForm, UploadForm
from .models import Arrangement, CashReceipt, PaymentNotice

ERRORS = (RuleViolation, PermissionDeniedError, ValidationError)


def _fail(request, exc) -> None:
    if isinstance(exc, ValidationError):
        text = "; ".join(exc.messages)
    else:
        text = str(getattr(exc, "message", exc))
        citation = getattr(exc, "citation", "")
        if citation:
            text = f"{text}（{citation}）"
    messages.error(request, text)


def _page(request, qs, size=50):
    return Paginator(qs, size, allow_empty_first_page=True).get_page(request.GET.get("page"))


@capability_required("payments.view")
def index(request):
    """Payment notices with filters; bureau totals only (never per officer, 第七十四条)."""
    filters = {key: request.GET.get(key, "") for key in selectors.NOTICE_FILTERS}
    page = _page(request, selectors.notice_list(user=request.user, filters=filters))
    today = timezone.localdate()
    overdue = [n.pk for n in page.object_list if n.status in ("open", "partial") and n.due < today]
    return render(
        request,
        "payments/index.html",
        {
            "page": page,
            "notices": page.object_list,
            "filters": filters,
            "statuses": PaymentNotice.Status.choices,
            "overdue_ids": overdue,
            "exceptions": selectors.exception_list(user=request.user).count(),
        },
    )


def _notice_context(request, notice):
    settlement = services.settlement_of(notice)
    owed = settlement.outstanding if notice.status != PaymentNotice.Status.CANCELLED else 0
    return {
        "notice": notice,
        "settlement": settlement,
        "owed": owed,
        "fine_capitals": amount_in_chinese_capitals(notice.fine),
        "owed_capitals": amount_in_chinese_capitals(owed),
        "schedule": services.schedule_of(notice),
        "today": timezone.localdate(),
    }


@capability_required("payments.view")
def notice_detail(request, pk: int):
    notice = selectors.notice_get(user=request.user, pk=pk)
    context = _notice_context(request, notice)
    context.update(
        {
            "payments": notice.payments.select_related("file").order_by("paid_on", "id"),
            "arrangements": notice.arrangements.select_related("recorded_by", "decided_by").prefetch_related(
                "instalments"
            ),
        }
    )
    return render(request, "payments/notice_detail.html", context)


@capability_required("payments.view")
def notice_print(request, pk: int):
    """The printable payment notice (缴款通知书): amounts in figures and in capitals, the bank, the code,
    the last day, the surcharge and the remedies (第六十七条, 第七十二条; 国务院令第235号第七条)."""
    notice = selectors.notice_get(user=request.user, pk=pk)
    context = _notice_context(request, notice)
    context["rate"] = "3%"
    context["remedies"] = getattr(getattr(notice.case, "decision", None), "remedies_text", "")
    return render(request, "payments/print_notice.html", context)


@capability_required("payments.view")
def reconciliation(request):
    """Imported files, and the upload form (finance)."""
    form = UploadForm()
    can_import = has_capability(request.user, "payments.reconcile")
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_FILE_BYTES:
                messages.error(request, _("The file is larger than 64 MB: split it."))
            else:
                try:
                    record, created = services.reconciliation_import(
                        actor=request.user, name=upload.name, content=upload.read(), source="upload"
                    )
                except ERRORS as exc:
                    _fail(request, exc)
                else:
                    if created:
                        messages.success(request, _("File imported."))
                    else:
                        messages.warning(request, _("This file was already imported: nothing was changed."))
                    return redirect("payments:file_detail", pk=record.pk)
    page = _page(request, selectors.file_list(user=request.user), 20)
    return render(
        request,
        "payments/reconciliation.html",
        {"form": form, "page": page, "files": page.object_list, "can_import": can_import},
    )


@capability_required("payments.view")
def file_detail(request, pk: int):
    """The per-line result report of one file."""
    record = selectors.file_get(user=request.user, pk=pk)
    page = _page(request, record.payments.select_related("notice").order_by("line_no"), 100)
    return render(
        request, "payments/file_detail.html", {"record": record, "page": page, "lines": page.object_list}
    )


@capability_required("payments.view")
def exceptions(request):
    include = request.GET.get("all") == "1"
    page = _page(request, selectors.exception_list(user=request.user, include_resolved=include))
    return render(
        request,
        "payments/exceptions.html",
        {
            "page": page,
            "lines": page.object_list,
            "include": include,
            "form": ResolveForm(),
            "can_resolve": has_capability(request.user, "payments.reconcile"),
        },
    )


@capability_required("payments.reconcile")
@require_POST
def exception_resolve(request, pk: int):
    payment = selectors.exception_get(user=request.user, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.exception_resolve(actor=request.user, payment=payment, **form.cleaned_data)
        except ERRORS as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Payment %(tx)s dealt with.") % {"tx": payment.transaction_id})
    return redirect("payments:exceptions")


@capability_required("payments.view")
def arrangements(request):
    status = request.GET.get("status", "pending")
    page = _page(request, selectors.arrangement_list(user=request.user, status=status))
    return render(
        request,
        "payments/arrangements.html",
        {
            "page": page,
            "arrangements": page.object_list,
            "status": status,
            "statuses": Arrangement.Status.choices,
            "form": DecideForm(),
            "can_decide": has_capability(request.user, "payments.approve"),
        },
    )


@capability_required("payments.approve")
@require_POST
def arrangement_decide(request, pk: int):
    arrangement = selectors.arrangement_get(user=request.user, pk=pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.arrangement_decide(actor=request.user, arrangement=arrangement, **form.cleaned_data)
        except ERRORS as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("payments:arrangements")


@capability_required("payments.request")
def arrangement_request(request, case_pk: int):
    """An officer records the party's request for deferral or instalments (第六十六条)."""
    from sunshine.cases.selectors import case_queryset

    case = case_queryset(request.user).filter(pk=case_pk).first()
    if case is None:
        raise Http404
    status = selectors.case_payment_status(user=request.user, case=case)
    form = ArrangementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.arrangement_request(actor=request.user, case=case, **form.cleaned_data)
        except ERRORS as exc:
            if isinstance(exc, RuleViolation) and exc.field in form.fields:
                form.add_error(exc.field, f"{exc.message}（{exc.citation}）")
            else:
                _fail(request, exc)
        else:
            messages.success(request, _("The request was recorded and awaits a leader's approval."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "payments/arrangement_form.html", {"case": case, "form": form, "status": status})


@capability_required("payments.view")
def cash(request):
    """Cash collected on the spot: hand-in within 2 working days, deposit within 2 more (第七十一条)."""
    state = request.GET.get("state", "")
    page = _page(request, selectors.cash_list(user=request.user, filters={"state": state}))
    today = timezone.localdate()
    rows = [
        {
            "receipt": r,
            "handover_late": rules.is_late(due=r.handover_due, done_on=r.handed_in_on, today=today),
            "deposit_late": rules.is_late(due=r.deposit_due, done_on=r.deposited_on, today=today),
        }
        for r in page.object_list
    ]
    return render(
        request,
        "payments/cash.html",
        {
            "page": page,
            "rows": rows,
            "state": state,
            "overdue": CashReceipt.objects.filter(selectors.overdue_q(today)).count(),
            "can_act": has_capability(request.user, "payments.reconcile"),
            "confirm_form": CashConfirmForm(),
            "deposit_form": CashDepositForm(),
        },
    )


@capability_required("payments.reconcile")
@require_POST
def cash_confirm(request, pk: int):
    receipt = selectors.cash_get(user=request.user, pk=pk)
    form = CashConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.cash_confirm(actor=request.user, receipt=receipt, **form.cleaned_data)
        except ERRORS as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Cash received."))
    return redirect("payments:cash")


@capability_required("payments.reconcile")
@require_POST
def cash_deposit(request, pk: int):
    receipt = selectors.cash_get(user=request.user, pk=pk)
    form = CashDepositForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.cash_deposit(actor=request.user, receipt=receipt, **form.cleaned_data)
        except ERRORS as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Deposit recorded."))
    return redirect("payments:cash")


@capability_required("payments.view")
def cash_receipt(request, pk: int):
    """The printable record of the official receipt: amount in figures and capitals (第七十条)."""
    receipt = selectors.cash_get(user=request.user, pk=pk)
    return render(
        request,
        "payments/print_receipt.html",
        {"receipt": receipt, "capitals": amount_in_chinese_capitals(receipt.amount)},
    )
