"""Demo data: a year of conduct checks (a weekly daily check of 一中队 by its squad leader, a monthly
unannounced inspection of another squad by the inspection office), their findings (older ones rectified
and closed, recent ones open), enforcement faults (two for ``officer2``: flagged and handled by an
approved admonition), an exam failure (study leave), this year's certificate reviews for half of 一中队,
and the investigation of the demo misconduct report.

Deterministic (seeded) and idempotent: nothing is added when conduct checks exist. Checks, faults,
exams, actions and investigations go through the services; the rectification of past findings (by
officers without a login) is written directly with its dates, like the inspections demo's past results.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from sunshine.org.models import Certificate, Staff, Unit
from sunshine.workdays import services as deadlines

from . import services
from .models import FOUR_MUSTS, ConductCheck, FaultFlag, Finding, Investigation

SEED = 20261108
FAIL_RATE = 0.035
RESPONSES = {
    "uniform": "已按规定着制式服装，佩戴标志标识。",
    "certificate": "已随身携带执法证件，执法时主动出示。",
    "conduct": "已作书面检查，今后做到语言文明、举止规范。",
    "recorder": "已检查执法记录仪电量并全程开启。",
    "other": "已按要求整改。",
}
PLACES = ["新安路夜市", "人民路菜市场", "钟吾路学校门口", "北京路商业街", "沭河路广场"]


def _users() -> dict:
    User = get_user_model()
    names = ["squadleader", "inspector", "leader", "reviewer", "officer", "officer2"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def _entries(rng: random.Random, people, force_fail: Staff | None = None) -> list[dict]:
    out = []
    for staff in people:
        entry = {"staff": staff}
        for item in FOUR_MUSTS:
            entry[item.value] = rng.random() >= FAIL_RATE
        if force_fail is not None and staff.pk == force_fail.pk:
            entry["recorder"] = False
        out.append(entry)
    return out


def _rectify_history(today: dt.date) -> int:
    """Findings older than two weeks: answered and closed by the checker (written with their dates)."""
    old = Finding.objects.filter(found_on__lt=today - dt.timedelta(days=14), status=Finding.Status.OPEN)
    count = 0
    for finding in old.select_related("conduct_check"):
        responded = _at(finding.found_on + dt.timedelta(days=1), 17)
        finding.response = RESPONSES.get(finding.item, RESPONSES["other"])
        finding.responded_at = responded
        finding.status = Finding.Status.CLOSED
        finding.closed_by_id = finding.conduct_check.checked_by_id
        finding.closed_at = responded + dt.timedelta(hours=20)
        finding.close_note = "经复查已整改到位。"
        finding.save(
            update_fields=["response", "responded_at", "status", "closed_by", "closed_at", "close_note"]
        )
        deadlines.deadline_meet(owner=finding, key=services.RECTIFY_KEY, actor=None, at=finding.closed_at)
        count += 1
    return count


def load(out) -> None:
    if ConductCheck.objects.exists():
        out.write("  oversight: already loaded\n")
        return
    users = _users()
    lead, inspector = users.get("squadleader"), users.get("inspector")
    leader, reviewer = users.get("leader"), users.get("reviewer")
    officer, officer2 = users.get("officer"), users.get("officer2")
    if not all((lead, inspector, leader, reviewer, officer, officer2)):
        out.write("  oversight: demo logins missing, skipped\n")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    z1 = lead.staff.unit
    squads = list(Unit.objects.filter(kind=Unit.Kind.SQUAD).exclude(pk=z1.pk).order_by("code"))
    officers = lambda unit: list(  # noqa: E731 - a short local helper
        Staff.objects.filter(unit=unit, kind=Staff.Kind.OFFICER, status=Staff.Status.ACTIVE)
        .exclude(user=lead)
        .order_by("employee_no")
    )
    z1_people = officers(z1)
    checks = 0
    # A weekly daily check of 一中队 for a year (Mondays), the latest one three days ago.
    start = today - dt.timedelta(days=364)
    for week in range(52):
        day = start + dt.timedelta(days=7 * week)
        force = officer.staff if week == 50 else (officer2.staff if week == 51 else None)
        services.check_record(
            actor=lead,
            kind=ConductCheck.Kind.DAILY,
            unit=z1,
            entries=_entries(rng, z1_people, force_fail=force),
            place=rng.choice(PLACES),
            checked_at=_at(day, 8),
        )
        checks += 1
    # A monthly unannounced inspection by the inspection office, squads in turn.
    for month in range(12):
        if not squads:
            break
        unit = squads[month % len(squads)]
        people = officers(unit)[:8]
        if not people:
            continue
        day = start + dt.timedelta(days=30 * month + 10)
        services.check_record(
            actor=inspector,
            kind=ConductCheck.Kind.UNANNOUNCED,
            unit=unit,
            entries=_entries(rng, people),
            place=rng.choice(PLACES),
            checked_at=_at(day, 15),
            note="暗访：执法现场随机抽查“四个做到”落实情况。",
        )
        checks += 1
    closed = _rectify_history(today)
    # officer2 answers the latest finding about them; the squad leader has it to close.
    answered = (
        Finding.objects.filter(staff=officer2.staff, status=Finding.Status.OPEN).order_by("-found_on").first()
    )
    if answered is not None:
        services.finding_respond(actor=officer2, finding=answered, response="已检查执法记录仪并全程开启。")

    # Faults this year: two for officer2 (flagged), one for officer.
    from sunshine.cases.models import Case

    def case_of(staff: Staff, skip: int = 0):
        found = (
            Case.objects.filter(Q(case_handlers__staff=staff) | Q(unit=staff.unit))
            .order_by("pk")
            .distinct()[skip : skip + 1]
        )
        return found[0] if found else None

    year_start = dt.date(today.year, 1, 1)
    span = max((today - year_start).days, 2)
    faults = 0
    for staff, skip, offset, source, text in (
        (
            officer2.staff,
            0,
            span // 3,
            "review",
            "未依法告知当事人陈述、申辩权利即作出处罚决定，法制审核时发现。",
        ),
        (
            officer2.staff,
            1,
            2 * span // 3,
            "reconsideration",
            "现场笔录未记载检查时间，证据不足，被复议机关撤销。",
        ),
        (officer.staff, 2, span // 2, "inspection", "扣押物品清单未经当事人签字，案卷评查中发现。"),
    ):
        case = case_of(staff, skip)
        if case is None:
            continue
        services.fault_record(
            actor=reviewer,
            case=case,
            source=source,
            found_on=year_start + dt.timedelta(days=offset),
            description=text,
            officers=[staff],
        )
        faults += 1
    flag = FaultFlag.objects.filter(staff=officer2.staff, year=today.year).first()
    if flag is not None:
        action = services.action_propose(
            actor=inspector,
            staff=officer2.staff,
            kind="admonition",
            basis="《国务院办公厅关于推行行政执法责任制的若干意见》：一年内有两次以上执法过错的，要依法予以处理",
            reason="本年度两次执法过错（法制审核、行政复议），由督查室约谈并组织学习。",
            flag=flag,
        )
        services.action_decide(actor=leader, action=action, approve=True, note="同意约谈，并安排专题学习。")
    # A circulated criticism awaiting the leader's approval.
    services.action_propose(
        actor=inspector,
        staff=officer.staff,
        kind="circulated_criticism",
        basis="《城市管理执法人员“十严禁”》",
        reason="暗访中发现执法时未开启执法记录仪，经提醒后仍未整改。",
    )

    # An exam failure puts an officer of 二中队 on study leave; another passes.
    others = officers(squads[0]) if squads else []
    if len(others) >= 2:
        services.exam_record(
            actor=inspector, staff=others[0], sat_on=today - dt.timedelta(days=20), passed=False, score="51"
        )
        services.exam_record(
            actor=inspector, staff=others[1], sat_on=today - dt.timedelta(days=20), passed=True, score="86"
        )
    # This year's certificate review for half of 一中队.
    for staff in z1_people[: len(z1_people) // 2]:
        cert = Certificate.objects.filter(staff=staff, status=Certificate.Status.VALID).first()
        if cert is not None:
            services.certificate_review_record(
                actor=inspector, certificate=cert, year=today.year, result="passed"
            )

    # The demo misconduct report goes under investigation.
    from sunshine.service import supervision

    report = (
        supervision.misconduct_reports(inspector)
        .exclude(pk__in=Investigation.objects.filter(report__isnull=False).values("report_id"))
        .first()
    )
    if report is not None:
        services.investigation_open(actor=inspector, report=report)
    out.write(f"  oversight: {checks} conduct checks ({closed} findings rectified), {faults} faults\n")
