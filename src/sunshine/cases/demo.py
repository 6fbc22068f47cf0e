"""Demo cases in every state of both procedures, made through the services (so every rule, event, audit
entry and deadline is real). Deterministic (fixed scenarios, parties, matters and officers chosen in a
fixed order) and idempotent (a scenario whose reference exists is skipped)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sunshine.core.errors import RuleViolation

REF = "DEMO-{:02d}"
CHECKS = {
    "authority": "执法主体及执法人员资格合法",
    "procedure": "立案、调查、告知程序合法",
    "facts": "违法事实清楚",
    "evidence": "证据确实充分",
    "law_applied": "适用法律依据正确",
    "discretion": "处罚在裁量基准阶次范围内",
    "documents": "执法文书齐全规范",
    "suspected_crime": "不涉嫌犯罪，无需移送",
}

# (reference number, procedure, final step, options). The general steps run in the order of STEPS below.
GENERAL_SCENARIOS = [
    (1, "registered", {}),
    (2, "filed", {}),
    (3, "investigating", {"preserve": True}),
    (4, "notice_served", {}),
    (5, "hearing", {"hearing": True}),
    (6, "review", {"complex": True}),
    (7, "reviewed", {"complex": True}),
    (8, "discussion", {"major": True}),
    (9, "awaiting_decision", {}),
    (10, "decided", {}),
    (11, "served", {}),
    (12, "executed", {}),
    (13, "closed", {}),
    (14, "archived", {}),
    (15, "suspended", {}),
    (16, "withdrawn", {}),
    (17, "referred", {}),
    (18, "no_penalty_closed", {}),
    (19, "investigating", {"measure": True}),
]
SUMMARY_SCENARIOS = [
    (31, "served", {"fine": Decimal("100")}),
    (32, "executed", {"fine": Decimal("50"), "collect": True}),
    (33, "closed", {"warning": True}),
    (34, "archived", {"fine": Decimal("200")}),
]


class _Skip(Exception):
    pass


def _users():
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["officer", "officer2", "squadleader", "leader", "reviewer"]
        )
    }
    if len(users) < 5:
        raise _Skip("demo logins missing (run the org and accounts demos first)")
    return users


def _matter(severity_wanted="minor"):
    """A demo matter whose benchmark has tiers with fines for individuals (first by code)."""
    from sunshine.catalog.models import BenchmarkTier

    today = timezone.localdate()
    tiers = (
        BenchmarkTier.objects.filter(
            fine_individual_min__isnull=False,
            version__effective_from__lte=today - dt.timedelta(days=60),
            version__effective_to__isnull=True,
            version__matter__active=True,
        )
        .select_related("version__matter")
        .order_by("version__matter__code", "fine_individual_min")
    )
    return list(tiers)


def _parties(n):
    from sunshine.parties.models import Party

    parties = list(Party.objects.filter(kind="individual", birth_date__isnull=True).order_by("id")[:n])
    if len(parties) < n:
        parties += list(
            Party.objects.filter(kind="individual", birth_date__lte=dt.date(1990, 1, 1)).order_by("id")[
                : n - len(parties)
            ]
        )
    if len(parties) < n:
        raise _Skip("not enough demo parties (run the parties demo first)")
    return parties


def load(out) -> None:
    # Deadline labels and citations are stored as text: store them in the bureau's language.
    from django.utils import translation

    with translation.override("zh-hans"):
        _load(out)


def _load(out) -> None:
    from sunshine.cases.models import Case

    try:
        users = _users()
        tiers = _matter()
        if not tiers:
            raise _Skip("no matter with a fine benchmark (run the catalog demo first)")
        parties = _parties(len(GENERAL_SCENARIOS) + len(SUMMARY_SCENARIOS))
    except _Skip as exc:
        out.write(f"cases: {exc}; skipped")
        return
    existing = set(Case.objects.filter(source_ref__startswith="DEMO-").values_list("source_ref", flat=True))
    existing |= set(
        Case.objects.filter(procedure="summary", decision__document_number__startswith="DEMO-").values_list(
            "decision__document_number", flat=True
        )
    )
    from sunshine.catalog.models import RegionalSettings

    hearing_threshold = RegionalSettings.current().hearing_threshold("individual")
    made = 0
    for index, (number, target, options) in enumerate(GENERAL_SCENARIOS):
        ref = REF.format(number)
        if ref in existing:
            continue
        try:
            tier = tiers[index % len(tiers)]
            if options.get("hearing"):
                tier = next((t for t in tiers if (t.fine_individual_max or 0) >= hearing_threshold), tier)
            with transaction.atomic():
                _general(users, tier, parties[index], ref, target, options)
            made += 1
        except RuleViolation as exc:
            out.write(f"cases: scenario {ref} ({target}) stopped: {exc}")
    offset = len(GENERAL_SCENARIOS)
    for index, (number, target, options) in enumerate(SUMMARY_SCENARIOS):
        ref = REF.format(number)
        if ref in existing:
            continue
        try:
            with transaction.atomic():
                _summary(users, tiers, parties[offset + index], ref, target, options)
            made += 1
        except RuleViolation as exc:
            out.write(f"cases: scenario {ref} ({target}) stopped: {exc}")
    out.write(f"cases: {made} demo cases created")


def _staff(user):
    return user.staff.pk


def _general(users, tier, party, ref, target, options):
    from sunshine.cases import services
    from sunshine.workdays.calendar import add_working_days

    officer, officer2 = users["officer"], users["officer2"]
    squad, leader, reviewer = users["squadleader"], users["leader"], users["reviewer"]
    version = tier.version
    today = timezone.localdate()
    act_at = timezone.now() - dt.timedelta(days=40)
    case = services.case_create(
        actor=officer,
        data={
            "source": "patrol",
            "source_ref": ref,
            "matter": version.matter.code,
            "parties": [party.pk],
            "handlers": [_staff(officer), _staff(officer2)],
            "act_at": act_at.isoformat(),
            "act_ended_on": timezone.localdate(act_at).isoformat(),
            "place": "新城市解放路与淮海路交叉口东北角",
            "facts": f"{party.name}在{version.matter.name}一事中存在违法行为，经劝导拒不改正。",
            "harm": "harmful",
            "early_reason": "refusal_to_correct",
            "major": options.get("major", False),
            "complex_case": options.get("complex", False),
        },
    )

    def act(user, action, **data):
        return services.case_act(case=case, action=action, actor=user, data=data)

    def filmed(kind):
        # Seed 001: questioning, preservation, seizure ... are filmed first (the evidence app's rule).
        from sunshine.evidence.demo import film_activity

        film_activity(case=case, kind=kind, actor=officer, officers=[officer.staff, officer2.staff])

    if target == "registered":
        return
    if target == "withdrawn":
        act(squad, "not_file", reason="经核查，违法事实不能成立，不予立案。")
        return
    act(squad, "file")
    if target == "filed":
        return
    act(officer, "start_investigation")
    if options.get("preserve"):
        filmed("preservation")
        act(officer, "preserve_evidence", items="烧烤炉一台、木炭两袋")
    if options.get("measure"):
        start = today - dt.timedelta(days=2)
        filmed("seizure")
        act(
            officer,
            "impose_measure",
            kind="seizure",
            items="流动经营三轮车一辆",
            start=start.isoformat(),
            end=(start + dt.timedelta(days=30)).isoformat(),
            officers=[_staff(officer), _staff(officer2)],
            party_present=False,
            witness="王建国（社区网格员）",
            started_at=(timezone.now() - dt.timedelta(days=2)).isoformat(),
        )
    if target == "investigating":
        return
    if target == "suspended":
        act(squad, "suspend", reason="当事人下落不明，中止调查。")
        return
    if target == "referred":
        act(leader, "refer_criminal", reason="涉嫌犯罪，移送公安机关。")
        return
    if target == "no_penalty_closed":
        act(
            leader,
            "decide_no_penalty",
            reasons="违法行为轻微并及时改正，没有造成危害后果（《行政处罚法》第三十三条）。",
        )
        act(officer, "serve_decision", method="direct", recipient=party.name)
        act(squad, "close")
        return
    hearing = options.get("hearing")
    fine = tier.fine_individual_min
    served_on = today - dt.timedelta(days=20) if hearing else today - dt.timedelta(days=10)
    if hearing:
        # a fine at the hearing threshold makes a hearing available (第六十三条); use the top tier
        from sunshine.catalog.models import RegionalSettings

        threshold = RegionalSettings.current().hearing_threshold("individual")
        if tier.fine_individual_max is None or tier.fine_individual_max < threshold:
            raise RuleViolation("demo_no_hearing_tier", "no tier reaches the hearing threshold", "")
        fine = max(threshold, tier.fine_individual_min)
    act(
        officer,
        "serve_advance_notice",
        severity=tier.severity,
        penalty_kinds=["fine"],
        fine=str(fine),
        method="direct",
        served_on=served_on.isoformat(),
        grounds=f"违反{version.violated_citation}，依据{version.penalty_citation}。",
    )
    if target == "notice_served":
        return
    if hearing:
        requested = add_working_days(served_on, 2)
        act(officer, "request_hearing", requested_on=requested.isoformat())
        return
    filmed("questioning")
    act(
        officer,
        "record_statement",
        content="当事人称系初次经营，请求从轻。",
        review="经复核，当事人所述理由不影响违法事实认定。",
    )
    if options.get("complex"):
        act(officer, "submit_for_review")
        if target == "review":
            return
        act(reviewer, "review_approve", opinion="同意承办意见。", checks=CHECKS)
        return
    if options.get("major"):
        act(officer, "submit_for_discussion")
        return
    try:
        act(officer, "submit_for_decision")
    except RuleViolation as exc:
        if exc.code != "legal_review_missing":
            raise
        # the review catalog lists this decision (第五十八条): review first
        act(officer, "submit_for_review")
        act(reviewer, "review_approve", opinion="同意承办意见。", checks=CHECKS)
        act(officer, "submit_for_decision")
    if target == "awaiting_decision":
        return
    act(
        leader,
        "decide",
        severity=tier.severity,
        penalty_kinds=["fine"],
        fine=str(fine),
        reasons="事实清楚，证据确凿。",
    )
    if target == "decided":
        return
    act(officer, "serve_decision", method="direct", recipient=party.name)
    if target == "served":
        return
    act(officer, "execute", kind="paid", amount=str(fine))
    if target == "executed":
        return
    act(squad, "close")
    if target == "closed":
        return
    act(squad, "archive")


def _summary(users, tiers, party, ref, target, options):
    from sunshine.cases import services

    officer, officer2, squad = users["officer"], users["officer2"], users["squadleader"]
    fine = options.get("fine", Decimal("0"))
    tier = next(
        (
            t
            for t in tiers
            if t.fine_individual_min is not None
            and t.fine_individual_min <= fine <= (t.fine_individual_max or 0)
        ),
        None,
    )
    if tier is None and not options.get("warning"):
        raise RuleViolation("demo_no_small_tier", "no benchmark tier allows this summary fine", "")
    tier = tier or tiers[0]
    kinds = ["warning"] if options.get("warning") else ["fine"]
    case = services.case_summary_decide(
        actor=officer,
        data={
            "source": "patrol",
            "matter": tier.version.matter.code,
            "party": party.pk,
            "handlers": [_staff(officer), _staff(officer2)],
            "act_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "place": "新城市人民广场东门",
            "facts": f"{party.name}现场违法，经劝导后仍未改正，当场处罚。",
            "severity": tier.severity,
            "penalty_kinds": kinds,
            "fine": "0" if options.get("warning") else str(fine),
            "document_number": ref,
            "party_informed": True,
            "statement": "当事人无异议。",
            "collected_on_spot": bool(options.get("collect")),
            "receipt_number": f"PJ{ref}" if options.get("collect") else "",
            "early_reason": "refusal_to_correct",
        },
    )
    if target in ("served", "executed"):
        return
    if not options.get("warning") and case.state == "served":
        services.case_act(
            case=case, action="execute", actor=officer, data={"kind": "paid", "amount": str(fine)}
        )
    services.case_act(case=case, action="close", actor=squad, data={})
    if target == "archived":
        services.case_act(case=case, action="archive", actor=squad, data={})
