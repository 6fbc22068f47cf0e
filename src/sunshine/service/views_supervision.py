"""Pages of supervision items, social supervisors' reports and the inspection office's misconduct list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import supervision
from .forms import ProgressForm, ResultForm, SupervisionForm, SupervisorReportForm


def _error(form, exc):
    form.add_error(
        getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, str(exc)
    )


@capability_required("service.view")
def supervision_list(request):
    items = supervision.supervision_register(request.user)
    form = None
    from sunshine.accounts.roles import has_capability

    if has_capability(request.user, "service.supervise"):
        form = SupervisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                supervision.supervision_create(actor=request.user, **form.cleaned_data)
            except (RuleViolation, PermissionDeniedError) as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("service:supervision_list")
    return render(request, "service/supervision_list.html", {"items": items[:500], "form": form})


@capability_required("service.view")
def supervision_detail(request, pk):
    item = supervision.supervision_register(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    progress_form = ProgressForm()
    result_form = ResultForm()
    if request.method == "POST":
        try:
            if "result" in request.POST:
                result_form = ResultForm(request.POST)
                if result_form.is_valid():
                    supervision.supervision_finish(actor=request.user, item=item, **result_form.cleaned_data)
                    return redirect("service:supervision_detail", pk=pk)
            else:
                progress_form = ProgressForm(request.POST)
                if progress_form.is_valid():
                    supervision.supervision_progress(
                        actor=request.user, item=item, **progress_form.cleaned_data
                    )
                    return redirect("service:supervision_detail", pk=pk)
        except (RuleViolation, PermissionDeniedError) as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "service/supervision_detail.html",
        {
            "item": item,
            "progress": item.progress.select_related("author"),
            "progress_form": progress_form,
            "result_form": result_form,
        },
    )


@capability_required("supervisors.report")
def supervisor_home(request):
    """Phone-first page of a social supervisor: report, and see the result of every report."""
    form = SupervisorReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            supervision.supervisor_report(actor=request.user, **form.cleaned_data)
        except (RuleViolation, PermissionDeniedError) as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Thank you; your report is received."))
            return redirect("service:supervisor_home")
    return render(
        request,
        "service/supervisor_home.html",
        {"form": form, "reports": supervision.my_reports(request.user)[:100]},
    )


@capability_required("misconduct.view")
def misconduct_list(request):
    return render(
        request,
        "service/misconduct_list.html",
        {"reports": supervision.misconduct_reports(request.user)[:500]},
    )


@capability_required("misconduct.view")
def misconduct_detail(request, pk):
    report = supervision.misconduct_get(request.user, pk)
    form = ResultForm(request.POST or None, initial={"result": report.result})
    if request.method == "POST" and form.is_valid():
        try:
            supervision.misconduct_result(actor=request.user, report=report, **form.cleaned_data)
        except RuleViolation as exc:
            _error(form, exc)
        else:
            return redirect("service:misconduct_detail", pk=pk)
    return render(request, "service/misconduct_detail.html", {"report": report, "form": form})


# --- photos of reports (thumbnail with ?size=thumb, full view without) -------------------------------


def _thumb(request) -> bool:
    return request.GET.get("size") == "thumb"


@capability_required("supervisors.report")
def own_report_photo(request, pk):
    return supervision.photo_response(supervision.own_report(request.user, pk), thumbnail=_thumb(request))


@capability_required("misconduct.view")
def misconduct_photo(request, pk):
    return supervision.photo_response(supervision.misconduct_get(request.user, pk), thumbnail=_thumb(request))


@capability_required("service.view")
def request_photo(request, pk):
    return supervision.photo_response(supervision.request_report(request.user, pk), thumbnail=_thumb(request))
