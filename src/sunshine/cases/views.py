"""The cases pages under /work/cases/: list with filters, new case (general or summary), the case page with
its timeline, deadlines and one form per action the user may take now. Thin: parse, call a service or a
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required
from sunshine.parties.rules import EarlyPenaltyReason

from . import hooks, selectors, services
from .forms import ACTION_FORMS, CaseCreateForm, SummaryForm
from .models import Source
from .workflow import Procedure, State


def _rule_message(request, exc: RuleViolation) -> None:
    messages.error(request, force_str(exc))


def _apply_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@capability_required("cases.view")
def case_list(request):
    filters = request.GET
    qs = selectors.case_list(user=request.user, filters=filters)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page_obj": page,
            "states": State.choices,
            "procedures": Procedure.choices,
            "sources": Source.choices,
            "filters": filters,
            "query": query.urlencode(),
        },
    )


def _create(request, form_class, service, template, title):
    form = form_class(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = service(actor=request.user, data=request.POST)
        except RuleViolation as exc:
            _rule_message(request, exc)
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, force_str(exc.message))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied(force_str(exc.message)) from exc
        else:
            messages.success(request, _("Case %(number)s saved.") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, template, {"form": form, "title": title})


@capability_required("cases.create")
def case_new(request):
    return _create(
        request, CaseCreateForm, services.case_create, "cases/case_form.html", _("Register a case")
    )


@capability_required("cases.create")
def case_new_summary(request):
    return _create(
        request,
        SummaryForm,
        services.case_summary_decide,
        "cases/case_form.html",
        _("Decide on the spot (summary procedure)"),
    )


def _detail_context(request, case, bound_action: str = "", bound_form=None):
    staff = selectors.user_staff(request.user)
    transitions = services.allowed_actions(case, request.user, staff=staff)
    actions = []
    for t in transitions:
        form = bound_form if t.action == bound_action else ACTION_FORMS[t.action](auto_id=f"id_{t.action}_%s")
        actions.append({"action": t.action, "label": t.label, "form": form, "open": t.action == bound_action})
    return {
        "case": case,
        "deadlines": selectors.case_deadlines(case),
        "events": case.events.select_related("actor").order_by("at", "id"),
        "notices": case.notices.all(),
        "statements": case.statements.all(),
        "hearings": case.hearings.select_related("chair"),
        "reviews": case.reviews.select_related("reviewer"),
        "discussions": case.discussions.prefetch_related("participants"),
        "decision": getattr(case, "decision", None) if hasattr(case, "decision") else None,
        "services": case.services.all(),
        "executions": case.executions.all(),
        "preservations": case.preservations.all(),
        "measures": case.measures.all(),
        "recusals": case.recusals.select_related("staff"),
        "remedies": case.remedies.all(),
        "actions": actions,
        "panels": hooks.case_panels(request, case),
    }


@capability_required("cases.view")
def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@capability_required("cases.act")
def case_action(request, pk: int, action: str):
    case = selectors.case_get(user=request.user, pk=pk)
    if request.method != "POST" or action not in ACTION_FORMS:
        return redirect("cases:case_detail", pk=pk)
    form = ACTION_FORMS[action](data=request.POST, auto_id=f"id_{action}_%s")
    if form.is_valid():
        try:
            with transaction.atomic():
                services.case_act(case=case, action=action, actor=request.user, data=request.POST)
        except RuleViolation as exc:
            _rule_message(request, exc)
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, force_str(exc.message))
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied(force_str(exc.message)) from exc
        else:
            messages.success(request, _("Done."))
            return redirect("cases:case_detail", pk=pk)
    case = selectors.case_get(user=request.user, pk=pk)
    context = _detail_context(request, case, bound_action=action, bound_form=form)
    return render(request, "cases/case_detail.html", context, status=422 if form.is_bound else 200)


@capability_required("cases.view")
def case_list_mine(request):
    """The cases waiting for the user's step (handled by them, or waiting for their approval)."""
    qs = selectors.case_list(user=request.user, filters={}).filter(
        pk__in=selectors.my_cases_needing_action(request.user).values("pk")
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page_obj": page,
            "mine": True,
            "states": State.choices,
            "procedures": Procedure.choices,
            "sources": Source.choices,
            "filters": {},
            "query": "",
        },
    )


@capability_required("cases.view")
def case_list_early(request):
    """The report of penalty cases opened before the five-step ladder reached "penalise", with the
    recorded reason (seed 000 文明执法五步走)."""
    qs = selectors.case_list(user=request.user, filters={"early": "1"})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page_obj": page,
            "early": True,
            "early_reasons": dict(EarlyPenaltyReason.choices),
            "states": State.choices,
            "procedures": Procedure.choices,
            "sources": Source.choices,
            "filters": {},
            "query": "",
        },
    )
