"""Staff pages of oversight (desk and phone): conduct checks, findings, investigations, accountability,
faults, qualification and the officer record. Thin: parse, call a service or a selector, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import Role, has_capability, has_role
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required
from sunshine.org.models import Certificate, Staff, Unit

from . import rules, selectors, services
from .models import (
    FOUR_MUSTS,
    AccountabilityAction,
    CertificateReview,
    ConductCheck,
    EnforcementFault,
    FaultOfficer,
    Finding,
    Investigation,
)
from .record import officer_record

ERRORS = (RuleViolation, PermissionDeniedError, ValidationError)


def _errors_to_form(form, exc) -> None:
    """A service's error on the form: a field's under the field, anything else at the top."""
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
    message = str(exc)
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, message)


def _flash(request, exc) -> None:
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc))


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), timezone.localdate().year + 1)


# --- overview -----------------------------------------------------------------------------------


@capability_required("oversight.view")
def index(request):
    user = request.user
    me = selectors.viewer_staff(user)
    findings = selectors.findings(user)
    counts = findings.aggregate(
        open=Count("id", filter=Q(status=Finding.Status.OPEN)),
        answered=Count("id", filter=Q(status=Finding.Status.ANSWERED)),
        overdue=Count("id", filter=~Q(status=Finding.Status.CLOSED) & Q(due__lt=timezone.localdate())),
    )
    mine = findings.filter(staff=me).exclude(status=Finding.Status.CLOSED)[:20] if me else []
    return render(
        request,
        "oversight/index.html",
        {
            "counts": counts,
            "mine": mine,
            "me": me,
            "recent_checks": selectors.checks(user)[:10],
            "pending_actions": selectors.actions(user).filter(status=AccountabilityAction.Status.PROPOSED)[
                :20
            ]
            if has_capability(user, "oversight.accountability")
            else [],
            "flags": selectors.flags(user).filter(action__isnull=True)[:20],
            "can_check": has_capability(user, "oversight.check"),
        },
    )


# --- conduct checks -----------------------------------------------------------------------------


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ConductCheck.Kind.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit checked"), queryset=Unit.objects.none())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    rectify_days = forms.IntegerField(
        label=gettext_lazy("Working days to rectify"),
        min_value=1,
        max_value=rules.RECTIFY_MAX_WORKING_DAYS,
        initial=rules.RECTIFY_DEFAULT_WORKING_DAYS,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope, path = selectors.scope_of(user)
        units = Unit.objects.filter(kind__in=[Unit.Kind.SQUAD, Unit.Kind.SECTION, Unit.Kind.BRIGADE])
        if scope == "unit":
            units = units.filter(path__startswith=path)
        self.fields["unit"].queryset = units
        allowed = []
        if has_role(user, Role.SQUAD_LEADER):
            allowed.append(ConductCheck.Kind.DAILY)
        if has_role(user, Role.INSPECTOR):
            allowed += [ConductCheck.Kind.OPEN, ConductCheck.Kind.UNANNOUNCED]
        self.fields["kind"].choices = [c for c in ConductCheck.Kind.choices if c[0] in allowed]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


@capability_required("oversight.view")
def check_list(request):
    qs = (
        selectors.checks(request.user)
        .annotate(officers=Count("entries", distinct=True), problems=Count("findings", distinct=True))
        .order_by("-checked_at", "-id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/check_list.html",
        {"page": page, "can_check": has_capability(request.user, "oversight.check")},
    )


@capability_required("oversight.check")
def check_create(request):
    """The mobile checklist: pick the unit, then the four musts for each officer present."""
    user = request.user
    form = CheckForm(
        request.POST or None, user=user, initial={"unit": getattr(selectors.viewer_staff(user), "unit", None)}
    )
    unit_id = (
        request.POST.get("unit")
        or request.GET.get("unit")
        or (form.initial.get("unit") and form.initial["unit"].pk)
    )
    officers = []
    if unit_id:
        unit = form.fields["unit"].queryset.filter(pk=unit_id).first()
        if unit is not None:
            officers = list(
                selectors.staff_visible(user)
                .filter(unit__path__startswith=unit.path, status=Staff.Status.ACTIVE)
                .exclude(kind=Staff.Kind.CIVILIAN)
                .order_by("employee_no")[:200]
            )
    if request.method == "POST" and form.is_valid():
        entries = []
        for staff in officers:
            if not request.POST.get(f"present_{staff.pk}"):
                continue
            entry = {"staff": staff, "photos": request.FILES.getlist(f"photos_{staff.pk}")}
            for item in FOUR_MUSTS:
                entry[item.value] = bool(request.POST.get(f"{item.value}_{staff.pk}"))
            entry["other"] = request.POST.get(f"other_{staff.pk}", "")
            entry["note"] = request.POST.get(f"note_{staff.pk}", "")
            entries.append(entry)
        d = form.cleaned_data
        try:
            check = services.check_record(
                actor=user,
                kind=d["kind"],
                unit=d["unit"],
                entries=entries,
                place=d["place"],
                note=d["note"],
                rectify_days=d["rectify_days"],
            )
        except ERRORS as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Check recorded."))
            return redirect("oversight:check_detail", pk=check.pk)
    return render(
        request,
        "oversight/check_form.html",
        {"form": form, "officers": officers, "items": FOUR_MUSTS, "unit_id": unit_id or ""},
    )


@capability_required("oversight.view")
def check_detail(request, pk: int):
    check = selectors.check_get(request.user, pk)
    visible = selectors.staff_visible(request.user).values("pk")
    entries = check.entries.select_related("staff").filter(staff__in=visible)
    findings = selectors.findings(request.user).filter(conduct_check=check).prefetch_related("photos")
    return render(
        request, "oversight/check_detail.html", {"check": check, "entries": entries, "findings": findings}
    )


# --- findings -----------------------------------------------------------------------------------


class RespondForm(forms.Form):
    response = forms.CharField(
        label=gettext_lazy("How it was rectified"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=5000,
    )


class CloseForm(forms.Form):
    accept = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("1", gettext_lazy("Accept and close")), ("0", gettext_lazy("Send back"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        required=False,
    )


@capability_required("oversight.view")
def finding_list(request):
    qs = selectors.findings(request.user)
    status = request.GET.get("status", "")
    if status in Finding.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/finding_list.html",
        {"page": page, "status": status, "statuses": Finding.Status.choices, "today": timezone.localdate()},
    )


@capability_required("oversight.view")
def finding_detail(request, pk: int):
    user = request.user
    finding = selectors.finding_get(user, pk)
    me = selectors.viewer_staff(user)
    respond_form = RespondForm(prefix="r")
    close_form = CloseForm(prefix="c")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "respond":
                respond_form = RespondForm(request.POST, prefix="r")
                if respond_form.is_valid():
                    services.finding_respond(actor=user, finding=finding, **respond_form.cleaned_data)
                    messages.success(request, _("Rectification reported."))
                    return redirect("oversight:finding_detail", pk=pk)
            elif action == "close":
                close_form = CloseForm(request.POST, prefix="c")
                if close_form.is_valid():
                    services.finding_close(
                        actor=user,
                        finding=finding,
                        accept=close_form.cleaned_data["accept"] == "1",
                        note=close_form.cleaned_data["note"],
                    )
                    messages.success(request, _("Finding updated."))
                    return redirect("oversight:finding_detail", pk=pk)
            elif action == "photo":
                services.finding_photo_add(actor=user, finding=finding, image=request.FILES.get("image"))
                messages.success(request, _("Photo added."))
                return redirect("oversight:finding_detail", pk=pk)
        except ERRORS as exc:
            _flash(request, exc)
    return render(
        request,
        "oversight/finding_detail.html",
        {
            "finding": finding,
            "photos": finding.photos.all(),
            "respond_form": respond_form,
            "close_form": close_form,
            "can_respond": has_capability(user, "oversight.respond")
            and me is not None
            and finding.staff_id == me.pk
            and finding.status == Finding.Status.OPEN,
            "can_close": has_capability(user, "oversight.check")
            and finding.status == Finding.Status.ANSWERED,
            "can_photo": has_capability(user, "oversight.check") and finding.status != Finding.Status.CLOSED,
        },
    )


# --- misconduct investigations ------------------------------------------------------------------


class ConcludeForm(forms.Form):
    findings = forms.CharField(
        label=gettext_lazy("Findings"), widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    conclusion = forms.ChoiceField(
        label=gettext_lazy("Conclusion"), choices=Investigation.Conclusion.choices, widget=forms.RadioSelect
    )
    staff = forms.ModelChoiceField(
        label=gettext_lazy("Staff member concerned"),
        queryset=Staff.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("The staff number (id) if identified."),
    )
    result_for_reporter = forms.CharField(
        label=gettext_lazy("Result for the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=gettext_lazy("What the social supervisor sees; name no one."),
    )


@capability_required("misconduct.view")
def investigation_list(request):
    return render(
        request,
        "oversight/investigation_list.html",
        {
            "awaiting": selectors.misconduct_awaiting(request.user)[:100],
            "investigations": selectors.investigations(request.user)[:200],
            "can_investigate": has_capability(request.user, "oversight.investigate"),
        },
    )


@capability_required("oversight.investigate")
@require_POST
def investigation_open(request):
    from sunshine.service import supervision

    try:
        report = supervision.misconduct_get(request.user, int(request.POST.get("report") or 0))
        investigation = services.investigation_open(actor=request.user, report=report)
    except ERRORS as exc:
        _flash(request, exc)
        return redirect("oversight:investigation_list")
    return redirect("oversight:investigation_detail", pk=investigation.pk)


@capability_required("misconduct.view")
def investigation_detail(request, pk: int):
    user = request.user
    investigation = selectors.investigation_get(user, pk)
    form = ConcludeForm(request.POST or None)
    if request.method == "POST":
        if not has_capability(user, "oversight.investigate"):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.investigation_conclude(actor=user, investigation=investigation, **form.cleaned_data)
            except ERRORS as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Investigation concluded."))
                return redirect("oversight:investigation_detail", pk=pk)
    return render(
        request,
        "oversight/investigation_detail.html",
        {
            "investigation": investigation,
            "form": form,
            "actions": investigation.actions.all(),
            "can_conclude": has_capability(user, "oversight.investigate")
            and investigation.status == Investigation.Status.OPEN,
        },
    )


# --- accountability -----------------------------------------------------------------------------


class ActionForm(forms.Form):
    staff = forms.IntegerField(
        label=gettext_lazy("Staff member (id)"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=AccountabilityAction.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    basis = forms.CharField(
        label=gettext_lazy("Basis (rule cited)"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Facts and reasons"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    finding = forms.IntegerField(
        label=gettext_lazy("Finding (id)"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    fault = forms.IntegerField(
        label=gettext_lazy("Enforcement fault (id)"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    investigation = forms.IntegerField(
        label=gettext_lazy("Investigation (id)"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    flag = forms.IntegerField(label=gettext_lazy("Fault flag (id)"), required=False, widget=forms.HiddenInput)


def resolve_action_links(user, data: dict) -> dict:
    """Turn the ids of an action form or API body into objects the user may see (404 otherwise)."""
    from django.http import Http404

    out = dict(data)
    out["staff"] = selectors.staff_get(user, data["staff"])
    if data.get("finding"):
        out["finding"] = selectors.finding_get(user, data["finding"])
    else:
        out["finding"] = None
    if data.get("fault"):
        fault = selectors.faults(user).filter(pk=data["fault"]).first()
        if fault is None:
            raise Http404
        out["fault"] = fault
    else:
        out["fault"] = None
    out["investigation"] = (
        selectors.investigation_get(user, data["investigation"]) if data.get("investigation") else None
    )
    if data.get("flag"):
        flag = selectors.flags(user).filter(pk=data["flag"]).first()
        if flag is None:
            raise Http404
        out["flag"] = flag
    else:
        out["flag"] = None
    return out


@capability_required("oversight.view")
def action_list(request):
    qs = selectors.actions(request.user)
    status = request.GET.get("status", "")
    if status in AccountabilityAction.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/action_list.html",
        {
            "page": page,
            "status": status,
            "statuses": AccountabilityAction.Status.choices,
            "can_propose": has_capability(request.user, "oversight.accountability"),
        },
    )


@capability_required("oversight.accountability")
def action_create(request):
    initial = {
        k: request.GET.get(k)
        for k in ("staff", "finding", "fault", "investigation", "flag")
        if request.GET.get(k)
    }
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_propose(
                actor=request.user, **resolve_action_links(request.user, form.cleaned_data)
            )
        except ERRORS as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Action proposed for approval."))
            return redirect("oversight:action_detail", pk=action.pk)
    return render(request, "oversight/action_form.html", {"form": form})


@capability_required("oversight.view")
def action_detail(request, pk: int):
    user = request.user
    action = selectors.action_get(user, pk)
    if request.method == "POST":
        if not has_capability(user, "oversight.approve"):
            raise PermissionDenied
        try:
            services.action_decide(
                actor=user,
                action=action,
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("note", ""),
            )
        except ERRORS as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("oversight:action_detail", pk=pk)
    return render(
        request,
        "oversight/action_detail.html",
        {
            "action": action,
            "show_investigation": selectors.may_see_investigation(user, action),
            "can_decide": has_capability(user, "oversight.approve")
            and action.status == AccountabilityAction.Status.PROPOSED,
        },
    )


# --- faults -------------------------------------------------------------------------------------


class FaultForm(forms.Form):
    case = forms.CharField(
        label=gettext_lazy("Case number"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Found by"),
        choices=EnforcementFault.Source.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    found_on = forms.DateField(
        label=gettext_lazy("Found on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    description = forms.CharField(
        label=gettext_lazy("The fault"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    officers = forms.CharField(
        label=gettext_lazy("Officers responsible (employee numbers, comma-separated)"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        required=False,
    )


def resolve_fault_links(case_ref, officer_refs) -> tuple:
    """The case (by number or id) and the officers (by employee number or id); ValidationError if unknown."""
    from sunshine.cases.models import Case

    case = None
    if case_ref not in (None, ""):
        ref = str(case_ref).strip()
        case = Case.objects.filter(number=ref).first()
        if case is None and ref.isdigit():
            case = Case.objects.filter(pk=int(ref)).first()
    if case is None:
        raise ValidationError({"case": [_("No case with this number.")]})
    if isinstance(officer_refs, str):
        officer_refs = [p for p in officer_refs.replace("，", ",").split(",") if p.strip()]
    officers, unknown = [], []
    for ref in officer_refs or []:
        ref = str(ref).strip()
        staff = Staff.objects.filter(employee_no=ref).first()
        if staff is None and ref.isdigit():
            staff = Staff.objects.filter(pk=int(ref)).first()
        (officers if staff else unknown).append(staff or ref)
    if unknown:
        raise ValidationError({"officers": [_("Unknown staff: %(refs)s") % {"refs": ", ".join(unknown)}]})
    return case, officers


@capability_required("oversight.faults")
def fault_list(request):
    user = request.user
    form = FaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case, officers = resolve_fault_links(d["case"], d["officers"])
            services.fault_record(
                actor=user,
                case=case,
                source=d["source"],
                found_on=d["found_on"],
                description=d["description"],
                officers=officers,
            )
        except ERRORS as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Fault recorded."))
            return redirect("oversight:fault_list")
    year = _year(request)
    faults = selectors.faults(user).filter(found_on__year=year)
    return render(
        request,
        "oversight/fault_list.html",
        {
            "form": form,
            "faults": faults[:200],
            "flags": selectors.flags(user).filter(year=year),
            "year": year,
            "threshold": rules.FAULTS_FLAG_THRESHOLD,
            "citation": rules.CITE_FAULTS,
        },
    )


# --- qualification ------------------------------------------------------------------------------


class ExamForm(forms.Form):
    staff = forms.CharField(
        label=gettext_lazy("Employee number"),
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    sat_on = forms.DateField(
        label=gettext_lazy("Sat on"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    passed = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=[("1", gettext_lazy("Passed")), ("0", gettext_lazy("Failed"))],
        widget=forms.RadioSelect,
    )
    score = forms.DecimalField(
        label=gettext_lazy("Score"),
        required=False,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def review_due(user, year: int) -> list[dict]:
    """Officers whose certificate in force has not been reviewed for ``year``, with what to look at
    (training hours, faults, status, expiry) — four queries whatever the number of officers."""
    from sunshine.org.models import TrainingRecord

    visible = (
        selectors.staff_visible(user).filter(kind=Staff.Kind.OFFICER).exclude(status=Staff.Status.DEPARTED)
    )
    reviewed = CertificateReview.objects.filter(year=year).values("certificate_id")
    certs = list(
        Certificate.objects.filter(status=Certificate.Status.VALID, staff__in=visible)
        .exclude(pk__in=reviewed)
        .select_related("staff", "staff__unit")
        .order_by("staff__unit__path", "staff__employee_no")[:500]
    )
    ids = [c.staff_id for c in certs]
    hours = dict(
        TrainingRecord.objects.filter(staff_id__in=ids, date__year=year)
        .values("staff_id")
        .annotate(h=Sum("hours"))
        .values_list("staff_id", "h")
    )
    faults = dict(
        FaultOfficer.objects.filter(staff_id__in=ids, year=year)
        .values("staff_id")
        .annotate(n=Count("id"))
        .values_list("staff_id", "n")
    )
    rows = []
    for cert in certs:
        h = hours.get(cert.staff_id) or 0
        n = faults.get(cert.staff_id, 0)
        rows.append(
            {
                "certificate": cert,
                "staff": cert.staff,
                "hours": h,
                "faults": n,
                "concerns": rules.certificate_review_concerns(
                    training_hours=h,
                    faults=n,
                    status=cert.staff.status,
                    expires_on=cert.expires_on,
                    year=year,
                ),
            }
        )
    return rows


@capability_required("oversight.qualification")
def qualification(request):
    user = request.user
    year = _year(request)
    form = ExamForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "exam" and form.is_valid():
        d = form.cleaned_data
        staff = selectors.staff_visible(user).filter(employee_no=d["staff"].strip()).first()
        if staff is None:
            form.add_error("staff", _("No staff member with this number."))
        else:
            try:
                services.exam_record(
                    actor=user, staff=staff, sat_on=d["sat_on"], passed=d["passed"] == "1", score=d["score"]
                )
            except ERRORS as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Exam recorded."))
                return redirect("oversight:qualification")
    elif request.method == "POST" and request.POST.get("action") == "review":
        cert = Certificate.objects.filter(pk=request.POST.get("certificate") or 0).first()
        try:
            if cert is None:
                raise ValidationError({"certificate": [_("Choose the certificate.")]})
            services.certificate_review_record(
                actor=user,
                certificate=cert,
                year=year,
                result=request.POST.get("result", ""),
                note=request.POST.get("note", ""),
            )
        except ERRORS as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Review recorded."))
        return redirect(f"{request.path}?year={year}")
    on_leave = selectors.staff_visible(user).filter(status=Staff.Status.STUDY_LEAVE)
    return render(
        request,
        "oversight/qualification.html",
        {
            "form": form,
            "year": year,
            "on_leave": on_leave[:200],
            "due": review_due(user, year),
            "results": CertificateReview.Result.choices,
            "citation_exam": rules.CITE_EXAM,
            "citation_review": rules.CITE_ANNUAL_REVIEW,
        },
    )


# --- the officer record -------------------------------------------------------------------------


@capability_required("oversight.view")
def record_index(request):
    user = request.user
    me = selectors.viewer_staff(user)
    scope, _value = selectors.scope_of(user)
    if scope == "self" and me is not None:
        return redirect("oversight:record", pk=me.pk)
    q = request.GET.get("q", "").strip()
    qs = selectors.staff_visible(user).filter(kind=Staff.Kind.OFFICER)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(employee_no__startswith=q))
    page = Paginator(qs.order_by("unit__path", "employee_no"), 50).get_page(request.GET.get("page"))
    return render(request, "oversight/record_index.html", {"page": page, "q": q})


@capability_required("oversight.view")
def record(request, pk: int):
    staff = selectors.staff_get(request.user, pk)
    year = _year(request)
    return render(
        request, "oversight/record.html", officer_record(viewer=request.user, staff=staff, year=year)
    )
