"""Every write of oversight (STYLE.md 2): keyword-only, one transaction, permission and rules checked,
the audit event appended in the same transaction.

Malformed input raises Django's ``ValidationError`` (HTTP 400); a broken rule ``RuleViolation`` (422);
a missing permission ``PermissionDeniedError`` (403). Objects outside the actor's scope are 404s: the
services re-read every object through :mod:`.selectors`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import Role, has_capability, has_role
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org import services as org_services
from sunshine.org.models import Certificate, Staff, Unit
from sunshine.parties.validators import validate_photo
from sunshine.workdays import calendar
from sunshine.workdays import services as deadlines

from . import rules, selectors
from .models import (
    FOUR_MUSTS,
    AccountabilityAction,
    CertificateReview,
    CheckEntry,
    CheckItem,
    ConductCheck,
    EnforcementFault,
    FaultFlag,
    FaultOfficer,
    Finding,
    FindingPhoto,
    Investigation,
    QualificationExam,
)

RECTIFY_KEY = "rectify"


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You may not do this."))


def _today() -> dt.date:
    return timezone.localdate()


def _actor_staff_id(actor) -> int | None:
    staff = selectors.viewer_staff(actor)
    return staff.pk if staff else None


def _text(value, field: str, message: str, limit: int = 5000) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value[:limit]


# --- conduct checks and findings ----------------------------------------------------------------


def _set_rectify_deadline(*, finding: Finding, days: int, actor) -> None:
    deadlines.deadline_set(
        owner=finding,
        key=RECTIFY_KEY,
        label=_("Rectify: %(item)s") % {"item": finding.get_item_display()},
        start=finding.found_on,
        length=days,
        kind="working",
        citation=rules.CITE_FOUR_MUSTS,
        rule="oversight.rectify",
        responsible=finding.staff.user,
        unit=finding.staff.unit,
        actor=actor,
    )


@transaction.atomic
def check_record(
    *,
    actor,
    kind: str,
    unit,
    entries: list[dict],
    place: str = "",
    note: str = "",
    checked_at: dt.datetime | None = None,
    rectify_days: int | str | None = None,
) -> ConductCheck:
    """Record a conduct check of officers of ``unit``: for each officer the four musts of seed 004
    (uniform, certificate shown, civil conduct, recording device on), each failure a finding with its
    rectification deadline in working days.

    ``entries``: ``[{"staff": Staff, "uniform": bool, "certificate": bool, "conduct": bool,
    "recorder": bool, "other": str, "note": str, "photos": [files]}]``. A daily check is a squad
    leader's, of their own squad; open and unannounced inspections are the inspection office's.
    """
    _require(actor, "oversight.check")
    if kind not in ConductCheck.Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of check.")]})
    if kind == ConductCheck.Kind.DAILY and not has_role(actor, Role.SQUAD_LEADER):
        raise PermissionDeniedError(_("Daily checks are made by squad leaders."))
    if kind != ConductCheck.Kind.DAILY and not has_role(actor, Role.INSPECTOR):
        raise PermissionDeniedError(_("Open and unannounced inspections are made by the inspection office."))
    days = rules.rectification_days(rectify_days)
    if unit is None:
        raise ValidationError({"unit": [_("Choose the unit checked.")]})
    unit = Unit.objects.get(pk=unit.pk)
    scope, path = selectors.scope_of(actor)
    if scope == "unit" and not unit.path.startswith(path):
        raise Http404
    if scope not in ("all", "unit"):
        raise PermissionDeniedError(_("You may not do this."))
    visible = selectors.staff_visible(actor)
    if not entries:
        raise RuleViolation(rules.Code.NO_OFFICERS, _("Check at least one officer."), rules.CITE_FOUR_MUSTS)
    ids = [getattr(e.get("staff"), "pk", e.get("staff")) for e in entries]
    if len(set(ids)) != len(ids):
        raise ValidationError({"entries": [_("An officer appears twice in the check.")]})
    people = {
        s.pk: s
        for s in visible.filter(pk__in=ids, unit__path__startswith=unit.path)
        .exclude(kind=Staff.Kind.CIVILIAN)
        .select_related("user", "unit")
    }
    missing = [i for i in ids if i not in people]
    if missing:
        raise RuleViolation(
            rules.Code.OUT_OF_SQUAD,
            _("Only officers of the unit checked can be in the check."),
            rules.CITE_FOUR_MUSTS,
            field="entries",
        )
    for entry in entries:
        for photo in entry.get("photos") or []:
            try:
                validate_photo(photo)
            except ValidationError as exc:
                raise ValidationError({"photos": exc.messages}) from None
    when = checked_at or timezone.now()
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"checked_at": [_("A check cannot be in the future.")]})
    day = timezone.localdate(when)
    check = ConductCheck.objects.create(
        kind=kind, unit=unit, place=(place or "")[:200], checked_at=when, checked_by=actor, note=note or ""
    )
    due = calendar.add_working_days(day, days)
    made = 0
    for entry in entries:
        staff = people[getattr(entry["staff"], "pk", entry["staff"])]
        values = {item.value: bool(entry.get(item.value, True)) for item in FOUR_MUSTS}
        CheckEntry.objects.create(conduct_check=check, staff=staff, checked_on=day, **values)
        problems = [(item, "") for item in FOUR_MUSTS if not values[item.value]]
        other = (entry.get("other") or "").strip()
        if other:
            problems.append((CheckItem.OTHER, other))
        note_text = (entry.get("note") or "").strip()
        first = None
        for item, text in problems:
            finding = Finding.objects.create(
                conduct_check=check,
                staff=staff,
                item=item,
                description=(text or note_text or _("Not met: %(item)s") % {"item": item.label})[:5000],
                found_on=day,
                due=due,
            )
            _set_rectify_deadline(finding=finding, days=days, actor=actor)
            first = first or finding
            made += 1
        for photo in entry.get("photos") or []:
            if first is None:
                raise ValidationError({"photos": [_("Photos are attached to a problem found.")]})
            FindingPhoto.objects.create(finding=first, image=photo)
    audit_append(
        actor=actor,
        action="oversight.check_record",
        obj=check,
        payload={"kind": kind, "unit": unit.pk, "officers": ids, "findings": made, "rectify_days": days},
    )
    return check


@transaction.atomic
def finding_photo_add(*, actor, finding: Finding, image) -> FindingPhoto:
    """Add a photo to a finding (the checker); the content must be a JPEG, PNG or WebP image."""
    _require(actor, "oversight.check")
    finding = Finding.objects.select_for_update().get(pk=selectors.finding_get(actor, finding.pk).pk)
    if image is None:
        raise ValidationError({"image": [_("Choose a photo.")]})
    try:
        validate_photo(image)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from None
    photo = FindingPhoto.objects.create(finding=finding, image=image)
    audit_append(actor=actor, action="oversight.finding_photo_add", obj=finding, payload={"photo": photo.pk})
    return photo


@transaction.atomic
def finding_respond(*, actor, finding: Finding, response: str) -> Finding:
    """The officer reports how they rectified the problem (seed 004: 抓好整改落实)."""
    _require(actor, "oversight.respond")
    finding = Finding.objects.select_for_update().get(pk=selectors.finding_get(actor, finding.pk).pk)
    if finding.staff_id != _actor_staff_id(actor):
        raise RuleViolation(
            rules.Code.NOT_YOUR_FINDING,
            _("Only the officer concerned reports the rectification."),
            rules.CITE_FOUR_MUSTS,
        )
    if finding.status != Finding.Status.OPEN:
        raise RuleViolation(
            rules.Code.FINDING_STATE, _("This finding is not awaiting rectification."), rules.CITE_FOUR_MUSTS
        )
    finding.response = _text(response, "response", _("Say how the problem was rectified."))
    finding.responded_at = timezone.now()
    finding.status = Finding.Status.ANSWERED
    finding.save(update_fields=["response", "responded_at", "status"])
    audit_append(actor=actor, action="oversight.finding_respond", obj=finding, payload={})
    return finding


@transaction.atomic
def finding_close(*, actor, finding: Finding, accept: bool = True, note: str = "") -> Finding:
    """The checker (or the inspection office) accepts the rectification and closes the finding, or sends
    it back to the officer. The rectification deadline is met when the finding closes."""
    _require(actor, "oversight.check")
    finding = Finding.objects.select_for_update().get(pk=selectors.finding_get(actor, finding.pk).pk)
    check = finding.conduct_check
    if check.checked_by_id != actor.pk and not has_role(actor, Role.INSPECTOR):
        raise RuleViolation(
            rules.Code.NOT_CHECKER,
            _("The finding is closed by the one who made the check, or by the inspection office."),
            rules.CITE_FOUR_MUSTS,
        )
    if finding.status != Finding.Status.ANSWERED:
        raise RuleViolation(
            rules.Code.FINDING_STATE,
            _("The officer has not reported the rectification yet."),
            rules.CITE_FOUR_MUSTS,
        )
    if accept:
        finding.status = Finding.Status.CLOSED
        finding.closed_by = actor
        finding.closed_at = timezone.now()
        finding.close_note = (note or "").strip()
        finding.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
        deadlines.deadline_meet(owner=finding, key=RECTIFY_KEY, actor=actor)
    else:
        finding.status = Finding.Status.OPEN
        finding.close_note = _text(note, "note", _("Say what is still to be rectified."))
        finding.save(update_fields=["status", "close_note"])
    audit_append(
        actor=actor, action="oversight.finding_close", obj=finding, payload={"accepted": bool(accept)}
    )
    return finding


# --- misconduct investigations ------------------------------------------------------------------


@transaction.atomic
def investigation_open(*, actor, report=None, request=None, staff: Staff | None = None) -> Investigation:
    """Open the investigation of a misconduct report (a social supervisor's) or of a citizen's complaint.
    The staff member concerned never sees it (nor the report)."""
    _require(actor, "oversight.investigate")
    _require(actor, "misconduct.view")
    if (report is None) == (request is None):
        raise ValidationError({"report": [_("Investigate one report or one complaint.")]})
    if report is not None:
        from sunshine.service import supervision

        report = supervision.misconduct_get(actor, report.pk)
        if staff is None:
            staff = report.staff_reported
        if Investigation.objects.filter(report=report).exists():
            raise ValidationError({"report": [_("This report is already under investigation.")]})
    else:
        from sunshine.service.models import Kind

        if request.kind != Kind.COMPLAINT:
            raise RuleViolation(
                rules.Code.REPORT_KIND, _("Only complaints are investigated."), rules.CITE_HIDDEN
            )
        if Investigation.objects.filter(request=request).exists():
            raise ValidationError({"request": [_("This complaint is already under investigation.")]})
    rules.assert_not_subject(_actor_staff_id(actor), staff.pk if staff else None)
    if report is not None and report.staff_reported_id:
        rules.assert_not_subject(_actor_staff_id(actor), report.staff_reported_id)
    investigation = Investigation.objects.create(
        report=report, request=request, staff=staff, investigator=actor, opened_at=timezone.now()
    )
    audit_append(
        actor=actor,
        action="oversight.investigation_open",
        obj=investigation,
        payload={"report": getattr(report, "pk", None), "request": getattr(request, "pk", None)},
    )
    return investigation


@transaction.atomic
def investigation_conclude(
    *,
    actor,
    investigation: Investigation,
    findings: str,
    conclusion: str,
    staff: Staff | None = None,
    result_for_reporter: str = "",
) -> Investigation:
    """Record the findings and the conclusion. For a social supervisor's report the result they see
    (without names) is recorded on the report through the service app."""
    _require(actor, "oversight.investigate")
    investigation = Investigation.objects.select_for_update().get(
        pk=selectors.investigation_get(actor, investigation.pk).pk
    )
    if investigation.status != Investigation.Status.OPEN:
        raise RuleViolation(
            rules.Code.INVESTIGATION_STATE, _("This investigation is already concluded."), rules.CITE_HIDDEN
        )
    if conclusion not in Investigation.Conclusion.values:
        raise ValidationError({"conclusion": [_("Choose the conclusion.")]})
    if staff is not None:
        rules.assert_not_subject(_actor_staff_id(actor), staff.pk)
        investigation.staff = staff
    investigation.findings = _text(findings, "findings", _("Record what the investigation found."))
    investigation.conclusion = conclusion
    investigation.status = Investigation.Status.CONCLUDED
    investigation.concluded_at = timezone.now()
    investigation.save(update_fields=["staff", "findings", "conclusion", "status", "concluded_at"])
    if investigation.report_id:
        from sunshine.service import supervision

        supervision.misconduct_result(
            actor=actor,
            report=investigation.report,
            result=(result_for_reporter or "").strip() or investigation.get_conclusion_display(),
        )
    audit_append(
        actor=actor,
        action="oversight.investigation_conclude",
        obj=investigation,
        payload={"conclusion": conclusion, "staff": investigation.staff_id},
    )
    return investigation


# --- accountability -----------------------------------------------------------------------------


@transaction.atomic
def action_propose(
    *,
    actor,
    staff: Staff,
    kind: str,
    basis: str,
    reason: str,
    finding: Finding | None = None,
    fault: EnforcementFault | None = None,
    investigation: Investigation | None = None,
    flag: FaultFlag | None = None,
) -> AccountabilityAction:
    """Propose an accountability action (seed 004: 纠正、约谈、通报批评、调离岗位; seed 002: 停止执法) with
    the rule it rests on; a leader approves it."""
    _require(actor, "oversight.accountability")
    staff = selectors.staff_get(actor, staff.pk)
    rules.assert_not_subject(_actor_staff_id(actor), staff.pk)
    if kind not in AccountabilityAction.Kind.values:
        raise ValidationError({"kind": [_("Choose the action.")]})
    basis = (basis or "").strip()
    if not basis:
        raise RuleViolation(
            rules.Code.NO_BASIS,
            _("Cite the rule the action rests on."),
            rules.CITE_ACCOUNTABILITY,
            field="basis",
        )
    reason = _text(reason, "reason", _("State the facts and reasons."))
    if finding is not None and finding.staff_id != staff.pk:
        raise ValidationError({"finding": [_("The finding concerns another officer.")]})
    if fault is not None and not fault.responsible.filter(staff=staff).exists():
        raise ValidationError({"fault": [_("The officer is not responsible for this fault.")]})
    if investigation is not None:
        investigation = selectors.investigation_get(actor, investigation.pk)
        if investigation.staff_id != staff.pk:
            raise ValidationError({"investigation": [_("The investigation concerns someone else.")]})
    if flag is not None and flag.staff_id != staff.pk:
        raise ValidationError({"flag": [_("The flag concerns another officer.")]})
    action = AccountabilityAction.objects.create(
        staff=staff,
        kind=kind,
        basis=basis[:300],
        reason=reason,
        finding=finding,
        fault=fault,
        investigation=investigation,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    if flag is not None:
        FaultFlag.objects.filter(pk=flag.pk, action__isnull=True).update(action=action)
    audit_append(
        actor=actor,
        action="oversight.action_propose",
        obj=action,
        payload={"staff": staff.pk, "kind": kind, "basis": action.basis},
    )
    return action


@transaction.atomic
def action_decide(
    *, actor, action: AccountabilityAction, approve: bool, note: str = ""
) -> AccountabilityAction:
    """A leader (not the proposer, not the person concerned) approves or rejects the action. An approved
    suspension takes the officer off duty (no case handling, 《行政处罚法》第四十二条)."""
    _require(actor, "oversight.approve")
    action = AccountabilityAction.objects.select_for_update().get(
        pk=selectors.action_get(actor, action.pk).pk
    )
    if action.status != AccountabilityAction.Status.PROPOSED:
        raise RuleViolation(
            rules.Code.ACTION_STATE, _("This action has already been decided."), rules.CITE_ACCOUNTABILITY
        )
    rules.assert_other_approver(action.proposed_by_id, actor.pk)
    rules.assert_not_subject(_actor_staff_id(actor), action.staff_id)
    action.status = AccountabilityAction.Status.APPROVED if approve else AccountabilityAction.Status.REJECTED
    action.decided_by = actor
    action.decided_at = timezone.now()
    action.decision_note = (note or "").strip()
    action.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve and action.kind == AccountabilityAction.Kind.SUSPENSION:
        org_services.staff_set_status(
            actor=None,
            staff=action.staff,
            status=Staff.Status.SUSPENDED,
            reason=_("Accountability action #%(pk)s") % {"pk": action.pk},
        )
    if not approve:
        FaultFlag.objects.filter(action=action).update(action=None)
    audit_append(
        actor=actor, action="oversight.action_decide", obj=action, payload={"approved": bool(approve)}
    )
    return action


# --- enforcement faults -------------------------------------------------------------------------


@transaction.atomic
def fault_record(
    *, actor, case, source: str, found_on: dt.date, description: str, officers: list[Staff]
) -> EnforcementFault:
    """Record an enforcement fault found by legal review, reconsideration, litigation or inspection,
    with the officers responsible. An officer reaching two faults in the calendar year is flagged for
    handling (seed 002: 一年内有两次以上执法过错的，要依法予以处理)."""
    _require(actor, "oversight.faults")
    if source not in EnforcementFault.Source.values:
        raise ValidationError({"source": [_("Choose how the fault was found.")]})
    if case is None:
        raise ValidationError({"case": [_("Choose the case.")]})
    if not isinstance(found_on, dt.date):
        raise ValidationError({"found_on": [_("Enter the date the fault was found.")]})
    rules.assert_fault_date(found_on, today=_today())
    description = _text(description, "description", _("Describe the fault."))
    officers = list({s.pk: s for s in officers}.values())
    if not officers:
        raise RuleViolation(
            rules.Code.NO_OFFICERS_RESPONSIBLE,
            _("Name the officers responsible."),
            rules.CITE_FAULTS,
            field="officers",
        )
    me = _actor_staff_id(actor)
    for staff in officers:
        rules.assert_not_subject(me, staff.pk)
    fault = EnforcementFault.objects.create(
        case=case, source=source, found_on=found_on, description=description, recorded_by=actor
    )
    year = found_on.year
    FaultOfficer.objects.bulk_create([FaultOfficer(fault=fault, staff=s, year=year) for s in officers])
    flagged = []
    for staff in officers:
        count = FaultOfficer.objects.filter(staff=staff, year=year).count()
        if rules.flagged_for_faults(count):
            _flag, created = FaultFlag.objects.get_or_create(
                staff=staff, year=year, defaults={"flagged_at": timezone.now()}
            )
            if created:
                flagged.append(staff.pk)
    audit_append(
        actor=actor,
        action="oversight.fault_record",
        obj=fault,
        payload={
            "case": case.pk,
            "source": source,
            "found_on": found_on,
            "officers": [s.pk for s in officers],
            "flagged": flagged,
        },
    )
    return fault


# --- qualification ------------------------------------------------------------------------------


@transaction.atomic
def exam_record(
    *, actor, staff: Staff, sat_on: dt.date, passed: bool, score: Decimal | str | None = None
) -> QualificationExam:
    """Record a qualification exam. A failure puts the officer on study leave (seed 002: 对考试不合格的，
    要离岗学习), which the qualification check refuses for case handling (《行政处罚法》第四十二条,
    ``org.rules.assert_can_handle_cases``); a pass while on study leave puts them back on duty."""
    _require(actor, "oversight.qualification")
    staff = Staff.objects.select_for_update().get(pk=selectors.staff_get(actor, staff.pk).pk)
    rules.assert_not_subject(_actor_staff_id(actor), staff.pk)
    if staff.kind != Staff.Kind.OFFICER:
        raise RuleViolation(
            rules.Code.NOT_AN_OFFICER,
            _("Only enforcement officers sit the qualification exam."),
            rules.CITE_EXAM,
        )
    if not isinstance(sat_on, dt.date) or sat_on > _today():
        raise ValidationError({"sat_on": [_("Enter the day of the exam (not in the future).")]})
    if score not in (None, ""):
        try:
            score = Decimal(str(score))
        except InvalidOperation:
            raise ValidationError({"score": [_("Enter a number.")]}) from None
        if not Decimal("0") <= score <= Decimal("100"):
            raise ValidationError({"score": [_("A score is between 0 and 100.")]})
    else:
        score = None
    failures_on_leave = 0
    if staff.status == Staff.Status.STUDY_LEAVE:
        last_pass = (
            QualificationExam.objects.filter(staff=staff, passed=True)
            .order_by("-sat_on")
            .values("sat_on")
            .first()
        )
        since = last_pass["sat_on"] if last_pass else dt.date.min
        failures_on_leave = QualificationExam.objects.filter(
            staff=staff, passed=False, sat_on__gte=since
        ).count()
    exam = QualificationExam.objects.create(
        staff=staff, sat_on=sat_on, passed=bool(passed), score=score, recorded_by=actor
    )
    if rules.exam_leads_to_study_leave(bool(passed)):
        if staff.status == Staff.Status.ACTIVE:
            org_services.staff_set_status(
                actor=None,
                staff=staff,
                status=Staff.Status.STUDY_LEAVE,
                reason=_("Failed the qualification exam on %(day)s") % {"day": sat_on.isoformat()},
            )
    elif staff.status == Staff.Status.STUDY_LEAVE:
        org_services.staff_set_status(
            actor=None,
            staff=staff,
            status=Staff.Status.ACTIVE,
            reason=_("Passed the qualification exam on %(day)s") % {"day": sat_on.isoformat()},
        )
    audit_append(
        actor=actor,
        action="oversight.exam_record",
        obj=exam,
        payload={
            "staff": staff.pk,
            "passed": bool(passed),
            "score": score,
            "reassignment_due": rules.exam_failed_again(failures_on_leave, bool(passed)),
        },
    )
    return exam


@transaction.atomic
def certificate_review_record(
    *, actor, certificate: Certificate, year: int, result: str, note: str = ""
) -> CertificateReview:
    """Record the annual review of a certificate (seed 002: 对已取得执法资格的人员，也要进行年度审核). A
    failed review suspends the certificate through the organisation's service."""
    _require(actor, "oversight.qualification")
    certificate = Certificate.objects.select_related("staff").get(pk=certificate.pk)
    selectors.staff_get(actor, certificate.staff_id)
    rules.assert_not_subject(_actor_staff_id(actor), certificate.staff_id)
    if result not in CertificateReview.Result.values:
        raise ValidationError({"result": [_("Choose the result.")]})
    if certificate.status != Certificate.Status.VALID:
        raise ValidationError({"certificate": [_("Only a certificate in force is reviewed.")]})
    if CertificateReview.objects.filter(certificate=certificate, year=year).exists():
        raise RuleViolation(
            rules.Code.ALREADY_REVIEWED,
            _("This certificate has already been reviewed for %(year)s.") % {"year": year},
            rules.CITE_ANNUAL_REVIEW,
        )
    if result == CertificateReview.Result.FAILED and not (note or "").strip():
        raise ValidationError({"note": [_("Say why the review failed.")]})
    review = CertificateReview.objects.create(
        certificate=certificate,
        staff=certificate.staff,
        year=year,
        result=result,
        note=(note or "").strip(),
        reviewed_by=actor,
    )
    if result == CertificateReview.Result.FAILED:
        org_services.certificate_suspend(
            actor=None,
            certificate=certificate,
            reason=_("Failed the annual review %(year)s") % {"year": year},
        )
    audit_append(
        actor=actor,
        action="oversight.certificate_review",
        obj=review,
        payload={"certificate": certificate.pk, "year": year, "result": result},
    )
    return review
