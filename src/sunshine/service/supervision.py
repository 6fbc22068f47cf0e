"""Supervision items (督办) and social supervisors' reports (义务监督员): services and selectors."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.workdays import calendar
from sunshine.workdays import services as deadlines

from . import services
from .models import SocialSupervisor, SupervisionItem, SupervisionProgress, SupervisorReport

REMIND_WORKING_DAYS = 2
ITEM_KEY = "service.supervision"


def _can_report_progress(user, item: SupervisionItem) -> bool:
    return has_capability(user, "service.supervise") or item.responsible_id == user.pk


@transaction.atomic
def supervision_create(
    *, actor, source: str, content: str, deadline: dt.date, unit, responsible, reference: str = ""
) -> SupervisionItem:
    """Register an item handed down for supervision; it appears on the responsible person's board."""
    if not has_capability(actor, "service.supervise"):
        raise PermissionDeniedError(_("Only bureau leaders register supervision items."))
    if deadline < timezone.localdate():
        raise RuleViolation("deadline_past", _("The deadline cannot be in the past."), field="deadline")
    item = SupervisionItem.objects.create(
        source=source,
        reference=reference[:60],
        content=content.strip(),
        deadline=deadline,
        unit=unit,
        responsible=responsible,
        created_by=actor,
    )
    length = max(0, (deadline - timezone.localdate()).days)
    deadlines.deadline_set(
        owner=item,
        key=ITEM_KEY,
        label=_("Supervision item: %(text)s") % {"text": str(item)},
        start=timezone.localdate(),
        length=length,
        kind="calendar",
        roll_forward=False,
        responsible=responsible,
        unit=unit,
        actor=actor,
    )
    audit_append(
        actor=actor, action="service.supervision_create", obj=item, payload={"deadline": str(deadline)}
    )
    return item


@transaction.atomic
def supervision_progress(*, actor, item: SupervisionItem, text: str) -> SupervisionProgress:
    if not _can_report_progress(actor, item):
        raise PermissionDeniedError(_("Only the responsible person or a leader reports progress."))
    if not text.strip():
        raise RuleViolation("text_required", _("Describe the progress."), field="text")
    row = SupervisionProgress.objects.create(item=item, author=actor, text=text.strip())
    audit_append(actor=actor, action="service.supervision_progress", obj=item, payload={})
    return row


@transaction.atomic
def supervision_finish(*, actor, item: SupervisionItem, result: str) -> SupervisionItem:
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if not _can_report_progress(actor, item):
        raise PermissionDeniedError(_("Only the responsible person or a leader reports the result."))
    if item.state == SupervisionItem.State.DONE:
        raise RuleViolation("already_done", _("This item is already done."))
    if not result.strip():
        raise RuleViolation("result_required", _("Record the result."), field="result")
    item.state = SupervisionItem.State.DONE
    item.result = result.strip()
    item.finished_at = timezone.now()
    item.save(update_fields=["state", "result", "finished_at"])
    deadlines.deadline_meet(owner=item, key=ITEM_KEY, actor=actor)
    audit_append(actor=actor, action="service.supervision_finish", obj=item, payload={})
    return item


def supervision_remind_and_escalate(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind the responsible person when the deadline is within two working days, and escalate to
    the squad (unit) leader after it; each once (idempotent). Returns (reminded, escalated)."""
    today = today or timezone.localdate()
    now = timezone.now()
    soon = calendar.add_working_days(today, REMIND_WORKING_DAYS)
    reminded = escalated = 0
    open_items = SupervisionItem.objects.filter(state=SupervisionItem.State.OPEN)
    for item in open_items.filter(reminded_at__isnull=True, deadline__lte=soon, deadline__gte=today):
        item.reminded_at = now
        item.save(update_fields=["reminded_at"])
        audit_append(
            actor=None, action="service.supervision_remind", obj=item, payload={"to": item.responsible_id}
        )
        reminded += 1
    for item in open_items.filter(escalated_at__isnull=True, deadline__lt=today).select_related("unit"):
        with transaction.atomic():
            item.escalated_at = now
            item.save(update_fields=["escalated_at"])
            leader = services.squad_leader_of(item.unit)
            if leader is not None:
                deadlines.deadline_set(
                    owner=item,
                    key="service.supervision_escalated",
                    label=_("Overdue supervision item escalated: %(text)s") % {"text": str(item)},
                    start=today,
                    length=1,
                    kind="working",
                    responsible=leader,
                    unit=item.unit,
                    actor=None,
                )
            audit_append(actor=None, action="service.supervision_escalate", obj=item, payload={})
            escalated += 1
    return reminded, escalated


def supervision_register(user) -> QuerySet:
    """Leaders and bureau-wide roles see every item; others their squad's and the ones they answer for."""
    from sunshine.org.selectors import scope_path

    qs = SupervisionItem.objects.select_related("unit", "responsible")
    if not has_capability(user, "service.view"):
        return qs.none()
    prefix = scope_path(user)
    if prefix == "" or has_capability(user, "service.supervise"):
        return qs
    cond = Q(responsible=user)
    if prefix is not None:
        cond |= Q(unit__path__startswith=prefix)
    return qs.filter(cond)


# --- social supervisors ------------------------------------------------------------------------------


def _supervisor(user) -> SocialSupervisor:
    sup = SocialSupervisor.objects.filter(user=user, active=True).first()
    if sup is None or not has_capability(user, "supervisors.report"):
        raise PermissionDeniedError(_("Only appointed social supervisors report here."))
    return sup


@transaction.atomic
def supervisor_report(
    *,
    actor,
    kind: str,
    content: str,
    place: str,
    occurred_at: dt.datetime,
    photo=None,
    staff_description: str = "",
    staff_reported=None,
) -> SupervisorReport:
    """A social supervisor reports. A problem becomes a citizen request (channel "web", kind complaint);
    misconduct goes to the inspection office only."""
    sup = _supervisor(actor)
    if not content.strip() or not place.strip():
        raise RuleViolation("report_incomplete", _("Say what happened and where."), field="content")
    report = SupervisorReport(
        supervisor=sup,
        kind=kind,
        content=content.strip(),
        place=place.strip()[:200],
        occurred_at=occurred_at,
        staff_description=staff_description[:100],
        staff_reported=staff_reported,
    )
    if photo:
        report.photo = photo
    if kind == SupervisorReport.Kind.PROBLEM:
        report.request = services.request_register(
            actor=None,
            channel="web",
            kind="complaint",
            content=_("Social supervisor %(name)s reports: %(text)s")
            % {"name": sup.name, "text": content.strip()},
            address=place,
        )
    report.save()
    audit_append(actor=actor, action="service.supervisor_report", obj=report, payload={"kind": kind})
    return report


def my_reports(user) -> QuerySet:
    return SupervisorReport.objects.filter(supervisor__user=user).select_related("request")


def misconduct_reports(user) -> QuerySet:
    """Misconduct reports for the inspection office: inspectors and leaders only, and never the reports
    about the viewing user themselves."""
    if not has_capability(user, "misconduct.view"):
        return SupervisorReport.objects.none()
    return (
        SupervisorReport.objects.filter(kind=SupervisorReport.Kind.MISCONDUCT)
        .exclude(Q(staff_reported__user=user))
        .select_related("supervisor", "staff_reported")
    )


def misconduct_get(user, pk: int) -> SupervisorReport:
    report = misconduct_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


@transaction.atomic
def misconduct_result(*, actor, report: SupervisorReport, result: str) -> SupervisorReport:
    """The inspection office records the result; the supervisor sees it among their reports."""
    report = misconduct_get(actor, report.pk)
    if not result.strip():
        raise RuleViolation("result_required", _("Record the result."), field="result")
    report.result = result.strip()
    report.result_at = timezone.now()
    report.save(update_fields=["result", "result_at"])
    audit_append(actor=actor, action="service.misconduct_result", obj=report, payload={})
    return report


# --- photos of reports -------------------------------------------------------------------------------

THUMBNAIL_PX = 320


def own_report(user, pk: int) -> SupervisorReport:
    """A report of the acting supervisor (anyone else's is a 404)."""
    report = my_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def request_report(user, request_pk: int) -> SupervisorReport:
    """The supervisor's report behind a citizen request the user may see (a problem report)."""
    from .selectors import visible_requests

    report = (
        SupervisorReport.objects.filter(request__in=visible_requests(user).filter(pk=request_pk))
        .select_related("supervisor")
        .first()
    )
    if report is None:
        raise Http404
    return report


def photo_response(report: SupervisorReport, *, thumbnail: bool = False):
    """The report's photo (the caller has checked who may see the report), or a JPEG thumbnail; 404 when
    it has none or the file is gone. Private: never cached by shared caches."""
    from django.http import FileResponse, HttpResponse

    if not report.photo:
        raise Http404
    try:
        handle = report.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if thumbnail:
        import io

        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            with handle, Image.open(handle) as image:
                image = ImageOps.exif_transpose(image).convert("RGB")
                image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
                out = io.BytesIO()
                image.save(out, "JPEG", quality=80)
        except (UnidentifiedImageError, OSError) as exc:
            raise Http404 from exc
        response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    else:
        response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
