"""Staff pages (reviewers, leaders, officers, the inspection office) and the public rating page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.masking import scrub
from sunshine.core.permissions import capability_required
from sunshine.org.models import Unit

from . import exports, forms, rules, selectors, services
from .models import CaseFileReview, Group, PartyEvaluation, Rating, Rubric, SamplingDraw


def _fail(request, exc) -> None:
    citation = getattr(exc, "citation", "")
    text = str(getattr(exc, "message", exc))
    messages.error(request, f"{text}（{citation}）" if citation else text)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    this = timezone.localdate().year
    return year if 2000 <= year <= this + 1 else this


# --- leaders: rankings and the unit evaluation --------------------------------------------------------


@capability_required("evaluation.view")
def rankings(request):
    year = _year(request)
    rows = selectors.rankings(year)
    visible = set(selectors.visible_units(request.user).values_list("pk", flat=True))
    for row in rows:
        row["visible"] = row["unit"].pk in visible
    return render(
        request,
        "evaluation/rankings.html",
        {"year": year, "years": selectors.years(), "rows": rows, "weight": rules.party_weight()},
    )


def _unit(request, pk: int) -> Unit:
    try:
        return selectors.unit_get(request.user, pk)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc


@capability_required("evaluation.view")
def unit_detail(request, pk: int, year: int):
    unit = _unit(request, pk)
    data = selectors.unit_year(unit, year)
    return render(
        request,
        "evaluation/unit.html",
        {"data": data, "years": selectors.years(), "citation": rules.CITE_FINES},
    )


@capability_required("evaluation.view")
def unit_export(request, pk: int, year: int):
    unit = _unit(request, pk)
    data = selectors.unit_year(unit, year)
    if request.GET.get("as") == "csv":
        return exports.as_csv(data)
    return exports.as_xlsx(data)


# --- officers: their own scores -------------------------------------------------------------------


@capability_required("evaluation.own")
def mine(request):
    staff = selectors.user_staff(request.user)
    if staff is None:
        raise Http404
    year = _year(request)
    data = selectors.officer_year(staff, year)
    for entry in data["entries"]:
        if entry.evaluation_id:
            entry.evaluation.comment = scrub(entry.evaluation.comment)
    return render(request, "evaluation/mine.html", {"data": data, "years": selectors.years()})


# --- reviewers: the queue, the review, the scoring form --------------------------------------------


@capability_required("evaluation.review")
def review_queue(request):
    status = "done" if request.GET.get("status") == "done" else "pending"
    queue = selectors.review_queue(request.user, status=status)
    return render(
        request,
        "evaluation/queue.html",
        {
            "reviews": queue[:200],
            "total": queue.count(),
            "status": status,
            "can_manage": has_capability(request.user, "evaluation.manage"),
        },
    )


def _review(request, pk: int) -> CaseFileReview:
    try:
        return selectors.review_get(request.user, pk)
    except CaseFileReview.DoesNotExist as exc:
        raise Http404 from exc


@capability_required("evaluation.view_reviews")
def review_detail(request, pk: int):
    review = _review(request, pk)
    return render(
        request,
        "evaluation/review_detail.html",
        {
            "review": review,
            **selectors.review_detail(review),
            "can_score": has_capability(request.user, "evaluation.review") and review.status == "pending",
        },
    )


@capability_required("evaluation.review")
def review_score(request, pk: int):
    review = _review(request, pk)
    if review.status == CaseFileReview.Status.DONE:
        return redirect("evaluation:review_detail", pk=review.pk)
    rubric = services.rubric_current()
    items = list(rubric.items.all())
    posted = {}
    if request.method == "POST":
        deductions, posted = forms.deductions_from_post(request.POST, items)
        try:
            services.review_score(
                actor=request.user,
                review=review,
                deductions=deductions,
                comments=request.POST.get("comments", ""),
            )
        except (RuleViolation, PermissionDeniedError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The case file has been scored."))
            return redirect("evaluation:review_detail", pk=review.pk)
    groups = [(value, label, [i for i in items if i.group == value]) for value, label in Group.choices]
    return render(
        request,
        "evaluation/score_form.html",
        {
            "review": review,
            "rubric": rubric,
            "groups": groups,
            "posted": posted,
            "comments": request.POST.get("comments", ""),
            **selectors.review_detail(review),
        },
    )


# --- the legal section: sampling draws and rubric versions ---------------------------------------------


@capability_required("evaluation.manage")
def draws(request):
    if request.method == "POST":
        form = forms.DrawForm(request.POST)
        if form.is_valid():
            try:
                draw = services.draw_run(actor=request.user, **form.cleaned_data)
            except (RuleViolation, PermissionDeniedError) as exc:
                _fail(request, exc)
            else:
                messages.success(
                    request,
                    _("%(rule)d cases selected by rule and %(random)d at random.")
                    % {"rule": len(draw.rule_ids), "random": len(draw.random_ids)},
                )
                return redirect("evaluation:draw_detail", pk=draw.pk)
    else:
        today = timezone.localdate()
        first = today.replace(day=1)
        previous_end = first - dt.timedelta(days=1)
        form = forms.DrawForm(
            initial={"period_start": previous_end.replace(day=1), "period_end": previous_end, "percentage": 5}
        )
    add_form = forms.ManualForm()
    return render(
        request,
        "evaluation/draws.html",
        {"form": form, "add_form": add_form, "draws": SamplingDraw.objects.select_related("unit")[:100]},
    )


@capability_required("evaluation.manage")
@require_POST
def review_add(request):
    from sunshine.cases.models import Case

    form = forms.ManualForm(request.POST)
    if form.is_valid():
        case = Case.objects.filter(number=form.cleaned_data["number"].strip()).first()
        if case is None:
            messages.error(request, _("No case has this number."))
        else:
            try:
                review = services.review_add(actor=request.user, case=case)
            except (RuleViolation, PermissionDeniedError) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("The case is on the review list."))
                return redirect("evaluation:review_detail", pk=review.pk)
    return redirect("evaluation:draws")


@capability_required("evaluation.manage")
def draw_detail(request, pk: int):
    draw = get_object_or_404(SamplingDraw.objects.select_related("unit", "drawn_by"), pk=pk)
    reviews = draw.reviews.select_related("case").order_by("reason", "case_id")
    return render(
        request,
        "evaluation/draw_detail.html",
        {
            "draw": draw,
            "reviews": reviews,
            "verified": services.draw_verify(draw),
            "algorithm": rules.ALGORITHM,
        },
    )


@capability_required("evaluation.view_reviews")
def rubric_list(request):
    current = services.rubric_current()
    return redirect("evaluation:rubric_detail", pk=current.pk)


@capability_required("evaluation.view_reviews")
def rubric_detail(request, pk: int):
    rubric = get_object_or_404(Rubric, pk=pk)
    items = list(rubric.items.all())
    groups = [
        (
            label,
            [i for i in items if i.group == value],
            sum((i.max_points for i in items if i.group == value), Decimal(0)),
        )
        for value, label in Group.choices
    ]
    return render(
        request,
        "evaluation/rubric_detail.html",
        {
            "rubric": rubric,
            "groups": groups,
            "total": sum((i.max_points for i in items), Decimal(0)),
            "versions": Rubric.objects.all(),
            "can_manage": has_capability(request.user, "evaluation.manage"),
        },
    )


@capability_required("evaluation.manage")
def rubric_new(request):
    current = services.rubric_current()
    if request.method == "POST":
        form = forms.RubricForm(request.POST)
        if form.is_valid():
            try:
                rubric = services.rubric_create(actor=request.user, **form.cleaned_data)
            except (RuleViolation, PermissionDeniedError) as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("Rubric version %(v)d is in force.") % {"v": rubric.version})
                return redirect("evaluation:rubric_detail", pk=rubric.pk)
    else:
        form = forms.RubricForm(initial=forms.rubric_initial(current))
    return render(request, "evaluation/rubric_form.html", {"form": form, "current": current})


# --- the inspection office: dissatisfied ratings ---------------------------------------------------------


@capability_required("evaluation.follow_up")
def party_queue(request):
    done = request.GET.get("done") == "1"
    rows = list(selectors.follow_up_queue(done=done)[:200])
    for row in rows:
        row.masked_comment = scrub(row.comment)
        row.masked_note = scrub(row.follow_up_note)
    return render(request, "evaluation/party_queue.html", {"rows": rows, "done": done})


@capability_required("evaluation.follow_up")
@require_POST
def party_follow_up(request, pk: int):
    evaluation = get_object_or_404(PartyEvaluation, pk=pk)
    try:
        services.evaluation_follow_up(
            actor=request.user, evaluation=evaluation, note=request.POST.get("note", "")
        )
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The follow-up has been recorded."))
    return redirect("evaluation:party_queue")


# --- the link and QR code of a case (for the party, printed or shown on a phone) ------------------------


def _link_page(request, *, invite, subject: str):
    import segno

    url = request.build_absolute_uri(services.evaluation_path(invite))
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2)
    return render(
        request, "evaluation/link.html", {"subject": subject, "invite": invite, "url": url, "qr": qr}
    )


@capability_required("evaluation.link")
def case_link(request, case_pk: int):
    from sunshine.cases.selectors import case_queryset

    case = case_queryset(request.user).filter(pk=case_pk).first()
    if case is None:
        raise Http404
    return _link_page(
        request, invite=services.invite_issue(case=case, actor=request.user), subject=case.number
    )


@capability_required("evaluation.request_link")
def request_link(request, request_pk: int):
    from sunshine.service.selectors import request_get

    citizen_request = request_get(request.user, request_pk)
    try:
        invite = services.invite_issue(request=citizen_request, actor=request.user)
    except RuleViolation as exc:
        _fail(request, exc)
        return redirect("service:detail", pk=citizen_request.pk)
    return _link_page(request, invite=invite, subject=citizen_request.tracking_no)


# --- the public rating page (no login) ----------------------------------------------------------------


def rate(request, token: str):
    """The party's rating page, opened from the link or QR code on a document."""
    problem = None
    invite = None
    try:
        invite = services.invite_from_token(token)
        rules.assert_invite_usable(used_at=invite.used_at, expires_at=invite.expires_at, now=timezone.now())
        rules.assert_rateable(**services.invite_subject_state(invite))
    except RuleViolation as exc:
        problem = exc
    if request.method == "POST" and problem is None:
        try:
            services.evaluation_submit(
                token=token, rating=request.POST.get("rating", ""), comment=request.POST.get("comment", "")
            )
        except RuleViolation as exc:
            problem = exc if exc.code != "evaluation.rating" else None
            if problem is None:
                messages.error(request, str(exc))
        else:
            return render(request, "evaluation/portal_thanks.html", {})
    subject = None
    if invite is not None and problem is None:
        subject = invite.case.number if invite.case_id else invite.request.tracking_no
    return render(
        request,
        "evaluation/portal_rate.html",
        {
            "problem": problem,
            "subject": subject,
            "unit": invite.unit.name if invite is not None and problem is None else "",
            "ratings": Rating.choices,
            "citation": rules.CITE_PARTY,
        },
        status=_STATUS.get(problem.code, 200) if problem else 200,
    )


# A used or expired link is gone (410); a forged one names nothing (404); "not yet" is a normal page.
_STATUS = {"evaluation.link_used": 410, "evaluation.link_expired": 410, "evaluation.link_invalid": 404}


rate.public = True
