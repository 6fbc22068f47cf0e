"""Staff pages (desk and phone) and the public portal of double-random inspection."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import rules, selectors, services, verifier
from .models import Draw, Plan, Target, Task, TaskPhoto


def _fail(request, exc) -> None:
    citation = getattr(exc, "citation", "")
    messages.error(
        request, f"{exc.message if hasattr(exc, 'message') else exc} {f'({citation})' if citation else ''}"
    )


@capability_required("inspections.view")
def index(request):
    plans = Plan.objects.select_related("unit").prefetch_related("matters")
    return render(
        request,
        "inspections/index.html",
        {
            "plans": plans,
            "stats": selectors.statistics(),
            "can_manage": has_capability(request.user, "inspections.manage"),
        },
    )


@capability_required("inspections.view")
def directory(request):
    q = request.GET.get("q", "").strip()
    targets = Target.objects.all()
    if q:
        targets = targets.filter(credit_code__startswith=q.upper()) | targets.filter(name__contains=q)
    return render(
        request,
        "inspections/directory.html",
        {
            "targets": targets[:100],
            "q": q,
            "total": Target.objects.count(),
            "can_manage": has_capability(request.user, "inspections.manage"),
        },
    )


@capability_required("inspections.manage")
@require_POST
def directory_import(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or Excel file."))
        return redirect("inspections:directory")
    report = services.directory_import(actor=request.user, content=upload.read(), filename=upload.name)
    if report.ok:
        messages.success(request, _("%(count)d rows imported.") % {"count": report.imported})
        return redirect("inspections:directory")
    response = HttpResponse(report.csv(), content_type="text/csv; charset=utf-8", status=422)
    response["Content-Disposition"] = 'attachment; filename="import-report.csv"'
    return response


@capability_required("inspections.view")
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("unit").prefetch_related("matters"), pk=pk)
    draw = Draw.objects.filter(plan=plan).defer("snapshot").first()
    tasks = (
        Task.objects.filter(draw=draw).select_related("target").prefetch_related("inspectors")[:200]
        if draw
        else []
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "draw": draw,
            "tasks": tasks,
            "can_manage": has_capability(request.user, "inspections.manage"),
            "can_approve": has_capability(request.user, "inspections.approve"),
        },
    )


@capability_required("inspections.manage")
@require_POST
def plan_action(request, pk: int, action: str):
    plan = get_object_or_404(Plan, pk=pk)
    try:
        if action == "approve":
            services.plan_approve(actor=request.user, plan=plan)
        elif action == "publish":
            services.plan_publish(actor=request.user, plan=plan)
        elif action == "value":
            services.public_value_enter(
                actor=request.user,
                draw=get_object_or_404(Draw, plan=plan),
                value=request.POST.get("value", ""),
            )
        else:
            raise Http404
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
    return redirect("inspections:plan_detail", pk=pk)


@capability_required("inspections.task")
def my_tasks(request):
    return render(request, "inspections/my_tasks.html", {"tasks": selectors.my_tasks(request.user)[:200]})


@capability_required("inspections.task")
def task_detail(request, pk: int):
    try:
        task = selectors.task_for(request.user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    matters = task.draw.plan.matters.all()
    items = [item for m in matters for item in m.checklist]
    if request.method == "POST":
        checked = request.POST.getlist("checklist")
        case = None
        if request.POST.get("case"):
            from sunshine.cases.models import Case

            case = Case.objects.filter(pk=request.POST["case"]).first()
        try:
            day = (
                dt.date.fromisoformat(request.POST.get("inspected_on") or "")
                if request.POST.get("inspected_on")
                else None
            )
            services.task_record(
                actor=request.user,
                task=task,
                result=request.POST.get("result", ""),
                findings=request.POST.get("findings", "")[:5000],
                checklist=[{"item": i, "ok": i in checked} for i in items],
                inspected_on=day,
                case=case,
            )
            for photo in request.FILES.getlist("photos")[:10]:
                TaskPhoto.objects.create(task=task, image=photo)
        except ValueError:
            messages.error(request, _("Enter a valid date."))
        except (RuleViolation, PermissionDeniedError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Result recorded."))
            return redirect("inspections:my_tasks")
    return render(
        request,
        "inspections/task_detail.html",
        {"task": task, "items": items, "results": Task.Result.choices},
    )


# --- public portal -------------------------------------------------------------------------------


def portal_index(request):
    """Public: the procedure, every drawn plan with its hashes and seed, and published results."""
    return render(
        request,
        "inspections/portal_index.html",
        {
            "draws": selectors.published_draws().defer("snapshot", "inspectors")[:50],
            "results": selectors.published_results(),
            "risk_factors": verifier.RISK_FACTORS,
            "compliance_factors": verifier.COMPLIANCE_FACTORS,
            "algorithm": verifier.ALGORITHM,
        },
    )


portal_index.public = True


def portal_verify(request, pk: int):
    """Public: re-run one draw live from its published inputs with the stand-alone verifier."""
    draw = get_object_or_404(selectors.published_draws(), pk=pk)
    problems = verifier.verify(draw.published())
    return render(
        request,
        "inspections/portal_verify.html",
        {
            "draw": draw,
            "problems": problems,
            "targets": draw.result["targets"][:100],
            "pairs": draw.result["pairs"],
        },
    )


portal_verify.public = True


@capability_required("inspections.manage")
@require_POST
def task_publish(request, pk: int):
    task = get_object_or_404(Task, pk=pk)
    try:
        services.task_publish(actor=request.user, task=task)
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
    return redirect("inspections:plan_detail", pk=task.draw.plan_id)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "code",
            "title",
            "unit",
            "matters",
            "proportion",
            "count",
            "frequency",
            "period_start",
            "period_end",
            "inspectors_per_target",
            "exclusions",
            "exclude_inspected_since",
            "public_value_source",
            "public_value_date",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "exclude_inspected_since": forms.DateInput(attrs={"type": "date"}),
            "public_value_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_inspectors_per_target(self):
        value = self.cleaned_data["inspectors_per_target"]
        try:
            rules.assert_inspectors_per_target(value)
        except RuleViolation as exc:
            raise forms.ValidationError(f"{exc.message} ({exc.citation})") from exc
        return value


@capability_required("inspections.manage")
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "matters"}
        try:
            plan = services.plan_create(actor=request.user, data=data, matters=form.cleaned_data["matters"])
        except RuleViolation as exc:
            form.add_error(None, f"{exc.message} ({exc.citation})")
        else:
            return redirect("inspections:plan_detail", pk=plan.pk)
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")
    return render(request, "inspections/plan_form.html", {"form": form})
