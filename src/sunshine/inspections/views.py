"""Staff pages (desk and phone) and the public portal of double-random inspection."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import rules, selectors, services, verifier
from .forms import InspectorForm, TargetForm, TaskResultForm
from .models import Draw, Inspector, Plan, Target, Task, TaskPhoto


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
    if request.GET.get("inactive") != "1":
        targets = targets.filter(active=True)
    page = Paginator(targets.order_by("credit_code"), 50, allow_empty_first_page=True).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspections/directory.html",
        {
            "page": page,
            "targets": page.object_list,
            "q": q,
            "inactive": request.GET.get("inactive") == "1",
            "total": Target.objects.filter(active=True).count(),
            "can_manage": has_capability(request.user, "inspections.manage"),
        },
    )


@capability_required("inspections.manage")
def target_edit(request, pk: int | None = None):
    """Add a directory entry or edit one (credit code checked against GB 32100-2015; audited)."""
    target = get_object_or_404(Target, pk=pk) if pk else None
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.target_save(actor=request.user, data=form.cleaned_data, target=target)
        except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Directory entry %(code)s saved.") % {"code": saved.credit_code})
            return redirect(f"{reverse('inspections:directory')}?q={saved.credit_code}&inactive=1")
    return render(request, "inspections/target_form.html", {"form": form, "target": target})


@capability_required("inspections.manage")
@require_POST
def target_active(request, pk: int):
    """Deactivate an entry (no longer drawn) or bring it back."""
    target = get_object_or_404(Target, pk=pk)
    active = request.POST.get("active") == "1"
    services.target_set_active(actor=request.user, target=target, active=active)
    if active:
        messages.success(request, _("%(name)s is back in the directory.") % {"name": target.name})
    else:
        messages.success(request, _("%(name)s will no longer be drawn.") % {"name": target.name})
    return redirect(f"{reverse('inspections:directory')}?q={target.credit_code}&inactive=1")


@capability_required("inspections.view")
def inspector_pool(request):
    """The inspector pool (执法检查人员名录库); managers add qualified officers and take them out."""
    can_manage = has_capability(request.user, "inspections.manage")
    form = InspectorForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.inspector_save(actor=request.user, **form.cleaned_data)
            except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is in the inspector pool.") % {"name": form.cleaned_data["staff"].name},
                )
                return redirect("inspections:inspector_pool")
    pool = Inspector.objects.filter(active=True).select_related("staff__unit").order_by("staff__employee_no")
    return render(
        request,
        "inspections/inspector_pool.html",
        {"pool": pool, "form": form, "can_manage": can_manage},
    )


@capability_required("inspections.manage")
@require_POST
def inspector_remove(request, pk: int):
    inspector = get_object_or_404(Inspector.objects.select_related("staff"), pk=pk)
    services.inspector_remove(actor=request.user, inspector=inspector)
    messages.success(request, _("%(name)s is out of the inspector pool.") % {"name": inspector.staff.name})
    return redirect("inspections:inspector_pool")


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


def _errors_to_form(form, exc) -> None:
    """Put a service's error on the form: a field's error under the field, anything else at the top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error if target else f"{name}: {error}")
        return
    if isinstance(exc, ValidationError):
        for error in exc.messages:
            form.add_error(None, error)
        return
    citation = getattr(exc, "citation", "")
    message = f"{getattr(exc, 'message', exc)}{f' ({citation})' if citation else ''}"
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, message)


def _case_by_number(value: str):
    from sunshine.cases.models import Case

    value = value.strip()
    case = Case.objects.filter(number=value).first()
    if case is None and value.isdigit():
        case = Case.objects.filter(pk=int(value)).first()
    return case


@capability_required("inspections.task")
def task_detail(request, pk: int):
    try:
        task = selectors.task_for(request.user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    matters = task.draw.plan.matters.all()
    items = [item for m in matters for item in m.checklist]
    form = TaskResultForm(
        request.POST or None,
        matters=services.plan_case_matters(task.draw.plan),
        initial={"findings": task.findings, "result": task.result, "inspected_on": task.inspected_on},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        checked = request.POST.getlist("checklist")
        case = None
        if d["result"] == Task.Result.VIOLATION and d.get("case_number"):
            case = _case_by_number(d["case_number"])
            if case is None:
                form.add_error("case_number", _("No case with this number."))
        if not form.errors:
            try:
                with transaction.atomic():
                    services.task_record(
                        actor=request.user,
                        task=task,
                        result=d["result"],
                        findings=d.get("findings") or "",
                        checklist=[{"item": i, "ok": i in checked} for i in items],
                        inspected_on=d.get("inspected_on"),
                        case=case,
                        open_case=form.open_case()
                        if d["result"] == Task.Result.VIOLATION and case is None
                        else None,
                        contact=form.contact() if d["result"] == Task.Result.CORRECTED else None,
                    )
                    for photo in request.FILES.getlist("photos")[:10]:
                        TaskPhoto.objects.create(task=task, image=photo)
            except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
                _errors_to_form(form, exc)
            else:
                task.refresh_from_db()
                if task.case_id:
                    messages.success(
                        request,
                        _("Result recorded; case %(number)s is linked.") % {"number": task.case.number},
                    )
                else:
                    messages.success(request, _("Result recorded."))
                return redirect("inspections:my_tasks")
    return render(
        request,
        "inspections/task_detail.html",
        {
            "task": task,
            "items": items,
            "form": form,
            "done": {c["item"] for c in task.checklist if c.get("ok")},
        },
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
