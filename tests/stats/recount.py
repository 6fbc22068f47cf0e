"""An independent recount of every daily figure from the raw rows, in plain Python (no grouping in SQL),
to check the fact tables against."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from sunshine.cases.models import (
    Case,
    CompulsoryMeasure,
    Decision,
    Execution,
    Hearing,
    LegalReview,
    Remedy,
)
from sunshine.evidence.models import Activity
from sunshine.org.models import TrainingRecord
from sunshine.parties.models import FieldContact
from sunshine.service.models import Request


def recount() -> dict[tuple, Decimal]:
    out: dict[tuple, Decimal] = defaultdict(Decimal)

    def add(day, unit, cat, proc, chan, metric, value):
        if value:
            out[(day, unit, cat or "", proc or "", chan or "", metric)] += Decimal(value)

    for c in FieldContact.objects.select_related("matter", "grid"):
        unit = c.recorder_unit_id or (c.grid.squad_id if c.grid else None)
        add(timezone.localdate(c.occurred_at), unit, c.matter.category, "", "", f"contacts.{c.step}", 1)
    for r in Request.objects.select_related("matter"):
        if r.status == "merged":
            continue
        dims = (
            timezone.localdate(r.received_at),
            r.unit_id,
            r.matter.category if r.matter else "",
            "",
            r.channel,
        )
        add(*dims, "requests.received", 1)
        if r.replied_at:
            add(*dims, "requests.replied", 1)
            add(*dims, "requests.on_time", 1 if r.replied_at <= r.due_at else 0)
        if r.satisfaction:
            add(*dims, "requests.rated", 1)
            add(*dims, "requests.satisfaction_sum", r.satisfaction)
            add(*dims, "requests.satisfied", 1 if r.satisfaction >= 4 else 0)
    cases = {c.pk: c for c in Case.objects.select_related("matter_version__matter")}

    def dims(case_id):
        c = cases[case_id]
        return c.unit_id, c.matter_version.matter.category, c.procedure, ""

    for c in cases.values():
        add(c.registered_on, *dims(c.pk), "cases.opened", 1)
        if c.closed_on:
            add(c.closed_on, *dims(c.pk), "cases.closed", 1)
    for d in Decision.objects.all():
        add(d.decided_on, *dims(d.case_id), f"decisions.{d.kind}", 1)
        if d.kind == "penalty":
            add(d.decided_on, *dims(d.case_id), "fines.decided", d.fine)
        if d.kind == "no_penalty" and cases[d.case_id].first_violation:
            add(d.decided_on, *dims(d.case_id), "waivers.first_violation", 1)
    for e in Execution.objects.filter(kind__in=["paid", "collected_on_spot"]):
        add(e.on, *dims(e.case_id), "fines.collected", e.amount)
    for m in CompulsoryMeasure.objects.all():
        add(m.start, *dims(m.case_id), f"measures.{m.kind}", 1)
    for h in Hearing.objects.all():
        add(h.requested_on, *dims(h.case_id), "hearings.requested", 1)
        if h.outcome == "held":
            add(h.hearing_on, *dims(h.case_id), "hearings.held", 1)
    for r in LegalReview.objects.all():
        add(r.reviewed_on, *dims(r.case_id), f"reviews.{r.outcome}", 1)
    for r in Remedy.objects.all():
        add(r.filed_on, *dims(r.case_id), f"remedies.{r.kind}", 1)
        if r.outcome:
            add(r.decided_on, *dims(r.case_id), f"remedies.{r.outcome}", 1)
    for a in Activity.objects.all():
        day, unit = timezone.localdate(a.started_at), cases[a.case_id].unit_id
        add(day, unit, "", "", "", "av.activities", 1)
        if a.status == "done":
            add(day, unit, "", "", "", "av.done", 1)
            add(day, unit, "", "", "", "av.fewer_devices", 1 if a.device_count < 2 else 0)
    for t in TrainingRecord.objects.select_related("staff"):
        add(t.date, t.staff.unit_id, "", "", "", "training.hours", t.hours)
    return dict(out)


def stored() -> dict[tuple, Decimal]:
    from sunshine.stats.models import DailyFact

    return {
        (f.day, f.unit_id, f.category, f.procedure, f.channel, f.metric): f.value
        for f in DailyFact.objects.all()
    }
