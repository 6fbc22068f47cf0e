"""City-scale oversight rows for ``manage.py generate_city`` (a load generator: bulk inserts, no services,
no audit events).

For every squad of the generated organisation: a daily conduct check on every working day of the last
three years with each of its officers (the four musts, 3.5% of items not met → findings with their
rectification deadline in working days, all but the last weeks' closed); enforcement faults on 0.2% of the
generated cases, against their handlers, with the two-in-a-year flags that follow (seed 002) and an
approved admonition for each flag; a qualification exam a year per officer.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from sunshine.org.models import Staff
from sunshine.workdays import calendar

from . import rules
from .models import (
    AccountabilityAction,
    CheckEntry,
    ConductCheck,
    EnforcementFault,
    FaultFlag,
    FaultOfficer,
    Finding,
    QualificationExam,
)

YEARS = 3
FAIL_RATE = 0.035
FAULT_SHARE = 0.002
ITEMS = ("uniform", "certificate", "conduct", "recorder")


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def generate(ctx) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    User = get_user_model()
    checker = User.objects.filter(groups__name="squad_leader").order_by("pk").first()
    inspector = User.objects.filter(groups__name="inspector").order_by("pk").first() or checker
    leader = User.objects.filter(groups__name="leader").order_by("pk").first() or checker
    if checker is None:
        ctx.out.write("  oversight: no squad leader, skipped\n")
        return
    squads = list(ctx.squads)
    people = {}
    for staff in Staff.objects.filter(unit__in=squads, kind=Staff.Kind.OFFICER).order_by("pk"):
        people.setdefault(staff.unit_id, []).append(staff.pk)
    start = today - dt.timedelta(days=365 * YEARS)
    days = []
    day = start
    while day < today:
        if calendar.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    due_of = {d: calendar.add_working_days(d, rules.RECTIFY_DEFAULT_WORKING_DAYS) for d in days}
    recent = today - dt.timedelta(days=21)
    checks = entries = findings = 0
    for squad in squads:
        staff_ids = people.get(squad.pk, [])
        if not staff_ids:
            continue
        made = ConductCheck.objects.bulk_create(
            [
                ConductCheck(kind="daily", unit=squad, checked_at=_aware(d, 8), checked_by=checker, place="")
                for d in days
            ],
            batch_size=ctx.batch,
        )
        checks += len(made)
        rows, problems = [], []
        for check, d in zip(made, days, strict=True):
            for sid in staff_ids:
                values = {item: rng.random() >= FAIL_RATE for item in ITEMS}
                rows.append(CheckEntry(conduct_check=check, staff_id=sid, checked_on=d, **values))
                for item, ok in values.items():
                    if ok:
                        continue
                    closed = d < recent
                    problems.append(
                        Finding(
                            conduct_check=check,
                            staff_id=sid,
                            item=item,
                            description="未做到",
                            found_on=d,
                            due=due_of[d],
                            status=Finding.Status.CLOSED if closed else Finding.Status.OPEN,
                            response="已整改" if closed else "",
                            responded_at=_aware(d, 17) if closed else None,
                            closed_by=checker if closed else None,
                            closed_at=_aware(d + dt.timedelta(days=1), 9) if closed else None,
                        )
                    )
        CheckEntry.objects.bulk_create(rows, batch_size=ctx.batch)
        Finding.objects.bulk_create(problems, batch_size=ctx.batch)
        entries += len(rows)
        findings += len(problems)

    # Faults on a share of the generated cases, against their handlers.
    from sunshine.cases.models import Case, CaseHandler

    first, last = ctx.case_range
    n_faults = int((last - first + 1) * FAULT_SHARE) if last else 0
    picked = sorted({rng.randint(first, last) for _ in range(n_faults)}) if n_faults else []
    cases = dict(Case.objects.filter(pk__in=picked).values_list("pk", "registered_on"))
    handlers: dict[int, list[int]] = {}
    for case_id, staff_id in CaseHandler.objects.filter(case_id__in=list(cases)).values_list(
        "case_id", "staff_id"
    ):
        handlers.setdefault(case_id, []).append(staff_id)
    faults = []
    for case_id, registered in cases.items():
        found = min(registered + dt.timedelta(days=rng.randint(30, 200)), today)
        faults.append(
            EnforcementFault(
                case_id=case_id,
                source=rng.choice(EnforcementFault.Source.values),
                found_on=found,
                description="案卷评查发现程序瑕疵",
                recorded_by=inspector,
            )
        )
    EnforcementFault.objects.bulk_create(faults, batch_size=ctx.batch)
    links = [
        FaultOfficer(fault=f, staff_id=sid, year=f.found_on.year)
        for f in faults
        for sid in handlers.get(f.case_id, [])[:2]
    ]
    FaultOfficer.objects.bulk_create(links, batch_size=ctx.batch)
    flagged = (
        FaultOfficer.objects.values("staff_id", "year")
        .annotate(n=Count("id"))
        .filter(n__gte=rules.FAULTS_FLAG_THRESHOLD)
    )
    now = timezone.now()
    flags = []
    for row in flagged:
        action = AccountabilityAction.objects.create(
            staff_id=row["staff_id"],
            kind="admonition",
            basis="国办发〔2005〕37号：一年内有两次以上执法过错的，要依法予以处理",
            reason=f"{row['year']}年执法过错{row['n']}次",
            status=AccountabilityAction.Status.APPROVED,
            proposed_by=inspector,
            proposed_at=now,
            decided_by=leader,
            decided_at=now,
        )
        flags.append(FaultFlag(staff_id=row["staff_id"], year=row["year"], flagged_at=now, action=action))
    FaultFlag.objects.bulk_create(flags, batch_size=ctx.batch, ignore_conflicts=True)
    exams = [
        QualificationExam(
            staff_id=sid,
            sat_on=dt.date(today.year - k, 6, 20),
            passed=True,
            score=rng.randint(62, 98),
            recorded_by=inspector,
        )
        for ids in people.values()
        for sid in ids
        for k in range(YEARS)
    ]
    QualificationExam.objects.bulk_create(exams, batch_size=ctx.batch)
    ctx.out.write(
        f"  oversight: {checks:,} checks, {entries:,} officers checked, {findings:,} findings, "
        f"{len(faults):,} faults, {len(flags):,} flags\n"
    )
