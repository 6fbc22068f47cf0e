"""Writes of double-random inspection: directory import, inspector pool, plans, draws and tasks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.identity import is_credit_code
from sunshine.org.models import Staff
from sunshine.org.rules import is_qualified

from . import rules, verifier
from .codes import fast_is_credit_code
from .models import Compliance, Draw, Inspector, Plan, PublicValueEntry, Risk, Target, Task

IMPORT_COLUMNS = ("credit_code", "name", "kind", "address", "area", "category", "risk", "compliance")
BATCH = 5000
_UPDATED = ("name", "kind", "address", "area", "category", "risk", "compliance", "active")
# One statement for SQLite and PostgreSQL: insert, or update the entry with the same credit code.
# Table and column names are constants of this module; the values go in as parameters.
_UPSERT = (
    f"INSERT INTO {Target._meta.db_table} (credit_code, {', '.join(_UPDATED)}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * (len(_UPDATED) + 1))}) "
    f"ON CONFLICT (credit_code) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _UPDATED)}"
)


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You may not do this."))


def _today() -> dt.date:
    return timezone.localdate()


# --- the target directory ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, credit code, reason)

    @property
    def ok(self) -> bool:
        return not self.errors

    def csv(self) -> str:
        """The downloadable report: one line per rejected row."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([gettext("Row"), gettext("Credit code"), gettext("Reason")])
        writer.writerows(self.errors)
        return out.getvalue()


def _columns(header) -> list[int | None]:
    names = [str(h or "").strip().lower() for h in header]
    return [names.index(c) if c in names else None for c in IMPORT_COLUMNS]


def _rows_from_file(content: bytes, filename: str):
    """Yield lists in IMPORT_COLUMNS order from a CSV (UTF-8, header row) or an Excel (.xlsx) file."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        index = _columns(next(rows, []))
        for values in rows:
            yield [
                "" if i is None or i >= len(values) or values[i] is None else str(values[i]).strip()
                for i in index
            ]
        book.close()
        return
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    index = _columns(next(reader, []))
    if index == list(range(len(IMPORT_COLUMNS))):
        width = len(IMPORT_COLUMNS)
        for values in reader:
            if len(values) < width:
                values = values + [""] * (width - len(values))
            yield values
        return
    for values in reader:
        yield ["" if i is None or i >= len(values) else values[i] for i in index]


def directory_import(*, actor, content: bytes, filename: str, audit: bool = True) -> ImportReport:
    """Import a registry export into the target directory, all or nothing.

    Every row is checked (unified social credit code per GB 32100-2015, name, category, risk and
    compliance values); any rejected row rejects the whole file and the report names each one. A valid
    file is written in one transaction, in batches of one multi-row upsert (existing codes are updated).
    """
    _require(actor, "inspections.manage")
    report = ImportReport()
    risks = set(Risk.values)
    compliances = set(Compliance.values)
    kinds = set(Target.Kind.values)
    seen: set[str] = set()
    rows: list[tuple] = []
    for number, row in enumerate(_rows_from_file(content, filename), start=2):
        report.rows += 1
        code, name, kind, address, area, category, risk, compliance = (v.strip() for v in row[:8])
        code = code.upper()
        kind = kind or "org"
        risk = risk or "medium"
        compliance = compliance or "normal"
        reason = ""
        if not fast_is_credit_code(code):
            reason = gettext("invalid unified social credit code")
        elif code in seen:
            reason = gettext("credit code repeated in the file")
        elif not name:
            reason = gettext("name missing")
        elif not category:
            reason = gettext("category missing")
        elif risk not in risks:
            reason = gettext("unknown risk level")
        elif compliance not in compliances:
            reason = gettext("unknown compliance record")
        elif kind not in kinds:
            reason = gettext("unknown kind")
        if reason:
            report.errors.append((number, code, reason))
            continue
        seen.add(code)
        if not report.errors:  # once a row is bad nothing is written; keep checking to report every one
            rows.append(
                (code, name[:200], kind, address[:200], area[:32], category[:32], risk, compliance, True)
            )
    if report.errors:
        return report
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(_UPSERT, rows[start : start + BATCH])
        report.imported = len(rows)
        if audit:
            audit_append(
                actor=actor,
                action="inspections.directory_import",
                object_type="inspections.target",
                payload={"file": filename[:200], "rows": report.rows},
            )
    return report


TARGET_FIELDS = ("name", "kind", "address", "area", "category", "risk", "compliance")


@transaction.atomic
def target_save(*, actor, data: dict, target: Target | None = None) -> Target:
    """Create or edit one directory entry (credit code checked per GB 32100-2015). Every change is audited
    with the fields it changed; an entry already in a frozen draw snapshot keeps its place there."""
    _require(actor, "inspections.manage")
    code = str(data.get("credit_code") or (target.credit_code if target else "")).strip().upper()
    if not is_credit_code(code):
        raise RuleViolation(
            "inspections.credit_code",
            _("The unified social credit code is not valid."),
            _("GB 32100-2015 unified social credit code"),
            field="credit_code",
        )
    created = target is None
    if target is not None:
        target = Target.objects.select_for_update().get(pk=target.pk)
    target = target or Target()
    before = {name: getattr(target, name) for name in ("credit_code", *TARGET_FIELDS)}
    target.credit_code = code
    for name in TARGET_FIELDS:
        if name in data:
            setattr(target, name, str(data[name] or "").strip())
    target.full_clean()
    changed = sorted(name for name, value in before.items() if getattr(target, name) != value)
    if created or changed:
        target.save()
        audit_append(
            actor=actor,
            action="inspections.target_create" if created else "inspections.target_update",
            obj=target,
            payload={"credit_code": code, "fields": changed},
        )
    return target


@transaction.atomic
def target_set_active(*, actor, target: Target, active: bool) -> Target:
    """Deactivate a directory entry (closed, moved away: no longer drawn) or bring it back; audited."""
    _require(actor, "inspections.manage")
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.active != active:
        target.active = active
        target.save(update_fields=["active"])
        audit_append(
            actor=actor,
            action="inspections.target_activate" if active else "inspections.target_deactivate",
            obj=target,
            payload={"credit_code": target.credit_code},
        )
    return target


# --- the inspector pool -----------------------------------------------------------------------------


@transaction.atomic
def inspector_save(*, actor, staff: Staff, categories: list[str], areas: list[str]) -> Inspector:
    """Put a qualified officer in the pool (foundation check ``org.rules.is_qualified``: an officer in
    service with an enforcement certificate in force), or change their categories and areas."""
    _require(actor, "inspections.manage")
    if staff.kind != Staff.Kind.OFFICER or not is_qualified(staff, on=_today()):
        raise RuleViolation(
            "inspections.unqualified",
            _("Only qualified enforcement officers can be in the inspector pool."),
            _("《行政处罚法》第四十二条: enforcement officers hold enforcement certificates"),
            field="staff",
        )
    inspector, _created = Inspector.objects.update_or_create(
        staff=staff,
        defaults={"categories": sorted(set(categories)), "areas": sorted(set(areas)), "active": True},
    )
    audit_append(
        actor=actor,
        action="inspections.inspector_save",
        obj=inspector,
        payload={"staff": staff.employee_no, "categories": inspector.categories, "areas": inspector.areas},
    )
    return inspector


@transaction.atomic
def inspector_remove(*, actor, inspector: Inspector) -> Inspector:
    """Take an officer out of the pool: no longer drawn (past draws keep them; the entry is kept, inactive,
    with its conflicts of interest)."""
    _require(actor, "inspections.manage")
    inspector = Inspector.objects.select_for_update().select_related("staff").get(pk=inspector.pk)
    if inspector.active:
        inspector.active = False
        inspector.save(update_fields=["active"])
        audit_append(
            actor=actor,
            action="inspections.inspector_remove",
            obj=inspector,
            payload={"staff": inspector.staff.employee_no},
        )
    return inspector


# --- plans -----------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor, data: dict, matters) -> Plan:
    """Draft a plan: matters, target filter, proportion or count, frequency, period, inspectors and exclusions
    (at least two inspectors per target)."""
    _require(actor, "inspections.manage")
    rules.assert_inspectors_per_target(int(data.get("inspectors_per_target", 2)))
    plan = Plan(created_by=actor, **data)
    plan.full_clean(exclude=["created_by"])
    plan.save()
    plan.matters.set(matters)
    audit_append(actor=actor, action="inspections.plan_create", obj=plan, payload={"code": plan.code})
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: Plan) -> Plan:
    """A leader approves a draft plan."""
    _require(actor, "inspections.approve")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise RuleViolation(
            "inspections.not_draft", _("Only a draft plan can be approved."), rules.CITATION_SEED_001
        )
    plan.status = Plan.Status.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    audit_append(actor=actor, action="inspections.plan_approve", obj=plan)
    return plan


def _plan_data(plan: Plan, population: int) -> dict:
    return {
        "code": plan.code,
        "title": plan.title,
        "matters": sorted(plan.matters.values_list("code", flat=True)),
        "categories": sorted(plan.categories),
        "areas": sorted(plan.areas),
        "proportion": str(plan.proportion) if plan.proportion is not None else None,
        "count": rules.target_sample_size(
            proportion=plan.proportion, count=plan.count, population=population
        ),
        "frequency": plan.frequency,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "inspectors_per_target": plan.inspectors_per_target,
        "exclusions": plan.exclusions,
        "public_value_source": plan.public_value_source,
        "public_value_date": plan.public_value_date.isoformat(),
    }


def freeze_inputs(plan: Plan) -> dict:
    """The draw's inputs frozen now: snapshot of the filtered directory, the pool and the conflicts."""
    targets = Target.objects.filter(active=True)
    if plan.categories:
        targets = targets.filter(category__in=plan.categories)
    if plan.areas:
        targets = targets.filter(area__in=plan.areas)
    weight = verifier.weight_for
    rows = [
        (code, weight(risk, compliance), category, area)
        for code, risk, compliance, category, area in targets.values_list(
            "credit_code", "risk", "compliance", "category", "area"
        ).iterator(chunk_size=20000)
    ]
    snapshot = verifier.snapshot_text(rows)
    today = _today()
    pool = [
        i
        for i in Inspector.objects.filter(active=True).select_related("staff")
        if is_qualified(i.staff, on=today)
    ]
    inspectors = verifier.pool_text([(i.staff.employee_no, i.categories, i.areas) for i in pool])
    conflicts = set()
    pool_ids = {i.pk for i in pool}
    codes = {r[0] for r in rows}
    for staff_no, code in Inspector.related_targets.through.objects.filter(
        inspector_id__in=pool_ids
    ).values_list("inspector__staff__employee_no", "target__credit_code"):
        if code in codes:
            conflicts.add((staff_no, code))
    if plan.exclude_inspected_since:
        recent = Task.inspectors.through.objects.filter(
            task__inspected_on__gte=plan.exclude_inspected_since
        ).values_list("staff__employee_no", "task__target__credit_code")
        conflicts.update((s, c) for s, c in recent if c in codes)
    return {
        "algorithm": verifier.ALGORITHM,
        "plan_data": _plan_data(plan, len(rows)),
        "snapshot": snapshot,
        "snapshot_hash": verifier.sha256_hex(snapshot),
        "inspectors": inspectors,
        "conflicts": sorted([list(c) for c in conflicts]),
    }


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Draw:
    """Publish an approved plan and freeze its draw's inputs (snapshot and its hash), before the public
    value's day (seed 001 item 4: published in advance)."""
    _require(actor, "inspections.manage")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.APPROVED:
        raise RuleViolation(
            "inspections.not_approved", _("Only an approved plan can be published."), rules.CITATION_SEED_001
        )
    rules.assert_published_before_public_value(
        published_on=_today(), public_value_date=plan.public_value_date
    )
    draw = Draw.objects.create(plan=plan, frozen_at=timezone.now(), **freeze_inputs(plan))
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    audit_append(
        actor=actor,
        action="inspections.plan_publish",
        obj=plan,
        payload={"snapshot_hash": draw.snapshot_hash},
    )
    return draw


# --- the draw --------------------------------------------------------------------------------------


@transaction.atomic
def public_value_enter(*, actor, draw: Draw, value: str) -> Draw:
    """Record one person's entry of the public value; when two different people have entered the same
    value, the seed is computed, the draw run and its tasks created."""
    _require(actor, "inspections.manage")
    draw = Draw.objects.select_for_update().select_related("plan").get(pk=draw.pk)
    if draw.seed:
        raise RuleViolation(
            "inspections.drawn", _("This draw has already been run."), rules.CITATION_SEED_001
        )
    rules.assert_public_value_known(today=_today(), public_value_date=draw.plan.public_value_date)
    value = " ".join(value.split())
    if not value:
        raise RuleViolation("inspections.value_empty", _("Enter the public value."), rules.CITATION_SEED_001)
    if PublicValueEntry.objects.filter(draw=draw, entered_by=actor).exists():
        raise RuleViolation(
            "inspections.second_person",
            _("The public value is entered by two different people; you have already entered it."),
            rules.CITATION_SEED_001,
        )
    PublicValueEntry.objects.create(draw=draw, entered_by=actor, value=value)
    audit_append(actor=actor, action="inspections.public_value_enter", obj=draw, payload={"value": value})
    if PublicValueEntry.objects.filter(draw=draw, value=value).exclude(entered_by=actor).exists():
        _run(draw, value, actor)
    return draw


def _run(draw: Draw, value: str, actor) -> None:
    draw.public_value = value
    draw.seed = verifier.compute_seed(
        plan=draw.plan_data,
        snapshot=draw.snapshot,
        inspectors=draw.inspectors,
        conflicts=draw.conflicts,
        public_value=value,
    )
    draw.result = verifier.run_draw(
        plan=draw.plan_data,
        snapshot=draw.snapshot,
        inspectors=draw.inspectors,
        conflicts=draw.conflicts,
        seed=draw.seed,
    )
    draw.drawn_at = timezone.now()
    draw.save(update_fields=["public_value", "seed", "result", "drawn_at"])
    plan = draw.plan
    plan.status = Plan.Status.DRAWN
    plan.save(update_fields=["status"])
    _create_tasks(draw)
    audit_append(
        actor=actor,
        action="inspections.draw_run",
        obj=draw,
        payload={"seed": draw.seed, "targets": len(draw.result["targets"])},
    )


def _create_tasks(draw: Draw) -> None:
    targets = draw.result["targets"]
    pairs = draw.result["pairs"]
    target_ids = {}
    for start in range(0, len(targets), 5000):
        target_ids.update(
            Target.objects.filter(credit_code__in=targets[start : start + 5000]).values_list(
                "credit_code", "id"
            )
        )
    staff_ids = dict(Staff.objects.values_list("employee_no", "id"))
    tasks = Task.objects.bulk_create(
        [Task(draw=draw, target_id=target_ids[code], unit_id=draw.plan.unit_id) for code in targets],
        batch_size=BATCH,
    )
    if not tasks or tasks[0].pk is None:
        tasks = list(Task.objects.filter(draw=draw).select_related("target"))
        by_code = {t.target.credit_code: t for t in tasks}
    else:
        by_code = dict(zip(targets, tasks, strict=True))
    through = Task.inspectors.through
    through.objects.bulk_create(
        [through(task_id=by_code[code].pk, staff_id=staff_ids[no]) for code in targets for no in pairs[code]],
        batch_size=BATCH,
    )


# --- tasks -----------------------------------------------------------------------------------------


# Fields of the case form an officer may fill when a violation opens a case; the rest (source, reference,
# matter, parties, handlers, place) come from the task.
CASE_FIELDS = (
    "act_at",
    "act_ended_on",
    "act_continuing",
    "grid",
    "lng",
    "lat",
    "facts",
    "severity",
    "major",
    "complex_case",
    "major_public_interest",
    "limitation_extended",
    "first_violation",
    "harm",
    "corrected_in_time",
    "early_reason",
)
CONTACT_FIELDS = ("step", "outcome", "notes")


def plan_case_matters(plan: Plan):
    """The power-list matters of a plan's inspection matters: those a finding can become a case or a field
    contact under."""
    from sunshine.catalog.models import Matter

    return Matter.objects.filter(inspectionmatter__plan=plan).distinct().order_by("code")


def _plan_matter(task: Task, code: str | None):
    """The plan's power-list matter named ``code`` (or its only one when ``code`` is empty)."""
    from django.core.exceptions import ValidationError

    matters = list(plan_case_matters(task.draw.plan))
    if code:
        found = [m for m in matters if m.code == code]
        if not found:
            raise ValidationError({"matter": [gettext("Choose one of the plan's matters.")]})
        return found[0]
    if len(matters) == 1:
        return matters[0]
    raise ValidationError(
        {
            "matter": [
                gettext("Choose one of the plan's matters.")
                if matters
                else gettext("The plan's inspection matters name no power-list matter; link one first.")
            ]
        }
    )


def target_party(*, actor, target: Target):
    """The party of a directory entry, found by its unified social credit code or registered from the row.

    An individual business (个体工商户) also holds a credit code, so it is registered under that code like an
    organisation: the code is what identifies it in the directory and in the registry."""
    from sunshine.parties.models import Party
    from sunshine.parties.services import party_create

    party = Party.objects.filter(credit_code=target.credit_code).first()
    if party is not None:
        return party
    return party_create(
        actor=actor,
        kind=Party.Kind.ORGANISATION,
        name=target.name[:100],
        credit_code=target.credit_code,
        address=target.address,
    ).party


def _open_case(*, actor, task: Task, data: dict, inspected_on: dt.date, findings: str):
    """Register the violation's case with ``cases.services.case_create``: the target as party, source
    "patrol" (found by the bureau's own inspection, 巡查发现) with reference ``INSP-<task id>``, the plan's
    matter and the drawn inspectors as handlers. Its errors reach the caller unchanged."""
    from sunshine.cases.models import Source
    from sunshine.cases.services import case_create

    matter = _plan_matter(task, data.get("matter"))
    party = target_party(actor=actor, target=task.target)
    form = {name: data[name] for name in CASE_FIELDS if data.get(name) not in (None, "")}
    form.setdefault(
        "act_at", timezone.make_aware(dt.datetime.combine(inspected_on, dt.time(9, 0))).isoformat()
    )
    form.setdefault("facts", findings)
    form.update(
        {
            "source": Source.PATROL,
            "source_ref": f"INSP-{task.pk}",
            "matter": matter.code,
            "parties": [party.pk],
            "handlers": list(task.inspectors.order_by("employee_no").values_list("pk", flat=True)),
            "place": (data.get("place") or task.target.address or task.target.name)[:200],
        }
    )
    for key, value in list(form.items()):
        if isinstance(value, dt.datetime | dt.date):
            form[key] = value.isoformat()
    return case_create(actor=actor, data=form)


def _record_contact(*, actor, task: Task, data: dict, inspected_on: dt.date):
    """A minor finding handled on the five-step ladder: a field contact with the target's party and the drawn
    inspectors, under the plan's matter (``parties.services.contact_record`` and its rules)."""
    from sunshine.parties.services import contact_record

    matter = _plan_matter(task, data.get("matter"))
    occurred = (
        timezone.now()
        if inspected_on == _today()
        else timezone.make_aware(dt.datetime.combine(inspected_on, dt.time(9, 0)))
    )
    return contact_record(
        actor=actor,
        matter=matter,
        step=data.get("step") or "",
        officers=list(task.inspectors.all()),
        outcome=data.get("outcome") or "",
        party=target_party(actor=actor, target=task.target),
        address=task.target.address,
        occurred_at=occurred,
        notes=(data.get("notes") or "")[:2000],
    )


@transaction.atomic
def task_record(
    *,
    actor,
    task: Task,
    result: str,
    findings: str = "",
    checklist: list | None = None,
    inspected_on: dt.date | None = None,
    case=None,
    open_case: dict | None = None,
    contact: dict | None = None,
) -> Task:
    """Record an inspection's result.

    A violation becomes a case: either an existing ``case`` is linked, or ``open_case`` (the case form's
    facts, time, severity ...) registers a new one through ``cases.services.case_create`` with the target as
    party and the drawn inspectors as handlers. A problem corrected on the spot may record a field contact on
    the five-step ladder (``contact``: step, outcome, notes). The link is kept both ways (``Task.case`` /
    ``case.inspection_task``, ``Task.contact`` / ``contact.inspection_task``); all of it is one transaction,
    so an error of the case or the contact leaves nothing saved. Sets the publication deadline: 20 working
    days (setting ``INSPECTION_RESULT_PUBLISH_WORKING_DAYS``)."""
    from sunshine.workdays.calendar import add_working_days

    _require(actor, "inspections.task")
    task = Task.objects.select_for_update().select_related("draw__plan", "target").get(pk=task.pk)
    if not task.inspectors.filter(user=actor).exists():
        raise PermissionDeniedError(_("Only the drawn inspectors record this inspection."))
    if result not in Task.Result.values:
        raise RuleViolation(
            "inspections.result", _("Choose a result."), rules.CITATION_RESULTS, field="result"
        )
    if task.published_at is not None:
        raise RuleViolation(
            "inspections.published",
            _("This result has been published; it can no longer be changed."),
            rules.CITATION_RESULTS,
        )
    if result == Task.Result.VIOLATION and case is None and open_case is None and task.case_id is None:
        raise RuleViolation(
            "inspections.case_needed",
            _("A violation found in an inspection becomes a case: open one or link an existing one."),
            rules.CITATION_RESULTS,
            field="case",
        )
    if contact is not None and result != Task.Result.CORRECTED:
        raise RuleViolation(
            "inspections.contact_result",
            _("A field contact records a minor problem corrected on the spot; choose that result."),
            rules.CITATION_RESULTS,
            field="result",
        )
    inspected_on = inspected_on or _today()
    if inspected_on > _today():
        raise RuleViolation(
            "inspections.future", _("The inspection day cannot be in the future."), rules.CITATION_RESULTS
        )
    if result == Task.Result.VIOLATION:
        if open_case is not None and task.case_id is None and case is None:
            case = _open_case(
                actor=actor, task=task, data=open_case, inspected_on=inspected_on, findings=findings
            )
        task.case = case or task.case
    elif task.case_id is not None:
        raise RuleViolation(
            "inspections.case_linked",
            _("This inspection has opened a case; its result stays a violation."),
            rules.CITATION_RESULTS,
            field="result",
        )
    if contact is not None:
        if task.contact_id is not None:
            raise RuleViolation(
                "inspections.contact_done",
                _("A field contact is already recorded for this inspection."),
                rules.CITATION_RESULTS,
            )
        task.contact = _record_contact(actor=actor, task=task, data=contact, inspected_on=inspected_on)
    task.result = result
    task.findings = findings
    task.checklist = checklist or []
    task.inspected_on = inspected_on
    task.publish_due = add_working_days(inspected_on, rules.publish_working_days())
    task.save()
    audit_append(
        actor=actor,
        action="inspections.task_record",
        obj=task,
        payload={"result": result, "case": task.case_id, "contact": task.contact_id},
    )
    return task


@transaction.atomic
def task_publish(*, actor, task: Task) -> Task:
    """Publish a recorded result on the portal (masked), due within 20 working days of the inspection."""
    _require(actor, "inspections.manage")
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not task.result:
        raise RuleViolation(
            "inspections.no_result", _("Record the result before publishing it."), rules.CITATION_RESULTS
        )
    rules.assert_result_publishable(inspected_on=task.inspected_on, due=task.publish_due, today=_today())
    if task.published_at is None:
        task.published_at = timezone.now()
        task.save(update_fields=["published_at"])
        audit_append(actor=actor, action="inspections.task_publish", obj=task)
    return task


def results_publish_due(*, today: dt.date | None = None) -> int:
    """Publish every recorded result whose deadline has come (``publish_due`` on or before ``today``) and
    that nobody has published yet: results are public within 20 working days of the inspection (LEGAL.md,
    double-random inspection; setting ``INSPECTION_RESULT_PUBLISH_WORKING_DAYS``). Idempotent: a published
    result is never published again. Returns how many were published now."""
    today = today or _today()
    published = 0
    due = (
        Task.objects.filter(published_at__isnull=True, publish_due__lte=today)
        .exclude(result="")
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    ids = list(due)
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            now = timezone.now()
            batch = list(
                Task.objects.select_for_update()
                .filter(pk__in=ids[start : start + 500], published_at__isnull=True)
                .order_by("pk")
            )
            for task in batch:
                task.published_at = now
                audit_append(
                    actor=None,
                    action="inspections.task_publish",
                    obj=task,
                    payload={"automatic": True, "due": task.publish_due.isoformat()},
                )
            Task.objects.bulk_update(batch, ["published_at"])
            published += len(batch)
    return published
