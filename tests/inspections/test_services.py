"""Directory import, inspector pool, plans, the two-person seed, draws and tasks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from sunshine.accounts.roles import Role
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.inspections import services, verifier
from sunshine.inspections.codes import make_credit_code
from sunshine.inspections.models import Draw, Plan, Target, Task
from sunshine.org.models import Staff

from ..factories import CaseFactory, StaffFactory

HEADER = "credit_code,name,kind,address,area,category,risk,compliance\n"


def _csv(rows):
    return (HEADER + "".join(",".join(r) + "\n" for r in rows)).encode("utf-8")


def _row(n, **kw):
    values = {
        "credit_code": make_credit_code(10_000 + n),
        "name": f"商户{n}",
        "kind": "org",
        "address": "人民路1号",
        "area": "A1",
        "category": "市容",
        "risk": "medium",
        "compliance": "normal",
    }
    values.update(kw)
    return list(values.values())


@pytest.fixture
def today(monkeypatch):
    def set_day(day):
        monkeypatch.setattr(services, "_today", lambda: day)

    set_day(dt.date(2026, 11, 20))
    return set_day


def test_import_all_rows(people):
    report = services.directory_import(
        actor=people["legal"], content=_csv([_row(i) for i in range(50)]), filename="a.csv"
    )
    assert report.ok and report.imported == 50
    assert Target.objects.count() == 50


def test_import_rejects_bad_rows_with_a_report_and_imports_nothing(people):
    rows = [_row(i) for i in range(20)]
    bad_code = make_credit_code(99)[:-1] + ("0" if make_credit_code(99)[-1] != "0" else "1")
    rows[3][0] = bad_code
    rows[7][0] = rows[6][0]  # repeated
    rows[9][6] = "extreme"
    report = services.directory_import(actor=people["legal"], content=_csv(rows), filename="a.csv")
    assert not report.ok
    assert [e[0] for e in report.errors] == [5, 9, 11]  # file rows (header is row 1)
    assert Target.objects.count() == 0
    text = report.csv()
    assert bad_code in text and text.count("\n") == 4


def test_import_excel_and_update_existing(people):
    services.directory_import(actor=people["legal"], content=_csv([_row(1)]), filename="a.csv")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(_row(1, risk="high"))
    sheet.append(_row(2))
    buffer = io.BytesIO()
    book.save(buffer)
    report = services.directory_import(actor=people["legal"], content=buffer.getvalue(), filename="b.xlsx")
    assert report.ok and report.imported == 2
    assert Target.objects.get(credit_code=make_credit_code(10_001)).risk == "high"


def test_import_needs_the_capability(make_user):
    with pytest.raises(PermissionDeniedError):
        services.directory_import(actor=make_user(Role.OFFICER), content=_csv([_row(1)]), filename="a.csv")


def test_only_qualified_officers_join_the_pool(people, bureau):
    auxiliary = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.AUXILIARY)
    with pytest.raises(RuleViolation) as exc:
        services.inspector_save(actor=people["legal"], staff=auxiliary, categories=[], areas=[])
    assert exc.value.code == "inspections.unqualified"


def test_two_inspectors_per_target_boundary(make_plan):
    """LEGAL.md double-random inspection: at least two inspectors per target (1 refused, 2 accepted)."""
    with pytest.raises(RuleViolation) as exc:
        make_plan(code="X1", inspectors_per_target=1)
    assert exc.value.code == "inspections.two_inspectors"
    assert make_plan(code="X2", inspectors_per_target=2).inspectors_per_target == 2


def _drawn(people, make_plan, today, **fields):
    plan = make_plan(**fields)
    services.plan_approve(actor=people["leader"], plan=plan)
    draw = services.plan_publish(actor=people["legal"], plan=plan)
    today(plan.public_value_date)
    services.public_value_enter(actor=people["legal"], draw=draw, value="03 11 15 22 27 31 + 09")
    services.public_value_enter(actor=people["leader"], draw=draw, value="03  11 15 22 27 31 + 09")
    draw.refresh_from_db()
    return draw


def test_publication_before_the_public_value_day(people, make_plan, today):
    """Seed 001 item 4 (published in advance): refused on the value's day, accepted the day before."""
    plan = make_plan()
    services.plan_approve(actor=people["leader"], plan=plan)
    today(plan.public_value_date)
    with pytest.raises(RuleViolation) as exc:
        services.plan_publish(actor=people["legal"], plan=plan)
    assert exc.value.code == "inspections.publish_late"
    today(plan.public_value_date - dt.timedelta(days=1))
    assert services.plan_publish(actor=people["legal"], plan=plan).snapshot_hash


def test_unapproved_plan_cannot_be_published(people, make_plan):
    with pytest.raises(RuleViolation):
        services.plan_publish(actor=people["legal"], plan=make_plan())


def test_seed_needs_two_people_who_agree_on_or_after_the_day(people, make_plan, today):
    plan = make_plan()
    services.plan_approve(actor=people["leader"], plan=plan)
    draw = services.plan_publish(actor=people["legal"], plan=plan)
    today(plan.public_value_date - dt.timedelta(days=1))
    with pytest.raises(RuleViolation) as exc:
        services.public_value_enter(actor=people["legal"], draw=draw, value="1 2 3")
    assert exc.value.code == "inspections.value_not_yet"
    today(plan.public_value_date)
    services.public_value_enter(actor=people["legal"], draw=draw, value="1 2 3")
    with pytest.raises(RuleViolation) as exc:
        services.public_value_enter(actor=people["legal"], draw=draw, value="1 2 3")
    assert exc.value.code == "inspections.second_person"
    services.public_value_enter(actor=people["leader"], draw=draw, value="1 2 4")  # disagrees: no draw
    draw.refresh_from_db()
    assert draw.seed == "" and draw.result is None
    services.public_value_enter(actor=people["legal2"], draw=draw, value="1 2 3")
    draw.refresh_from_db()
    assert draw.seed and draw.public_value == "1 2 3"
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAWN


def test_draw_is_reproduced_by_the_verifier_and_tasks_follow_it(people, make_plan, today):
    draw = _drawn(people, make_plan, today)
    assert verifier.verify(draw.published()) == []
    assert len(draw.result["targets"]) == 5
    tasks = Task.objects.filter(draw=draw).prefetch_related("inspectors").select_related("target")
    assert sorted(t.target.credit_code for t in tasks) == sorted(draw.result["targets"])
    for task in tasks:
        assert sorted(s.employee_no for s in task.inspectors.all()) == sorted(
            draw.result["pairs"][task.target.credit_code]
        )
    # the snapshot is the directory in credit-code order, whatever the database's collation
    rows = [
        (t.credit_code, verifier.weight_for(t.risk, t.compliance), t.category, t.area)
        for t in Target.objects.all()
    ]
    assert draw.snapshot_hash == verifier.sha256_hex(verifier.snapshot_text(rows))


def test_related_and_recently_inspected_inspectors_are_excluded(people, make_plan, today, setup):
    staff = [Staff.objects.get(user=u) for u in people["officers"]]
    inspector = staff[0].inspector
    inspector.related_targets.set(setup["targets"])
    draw = _drawn(people, make_plan, today, count=30)
    assert all(staff[0].employee_no not in pair for pair in draw.result["pairs"].values())
    assert [staff[0].employee_no, setup["targets"][0].credit_code] in draw.conflicts


def test_draw_verify_command(people, make_plan, today, capsys):
    draw = _drawn(people, make_plan, today)
    call_command("draw_verify", "--all")
    assert "1 draws verified" in capsys.readouterr().out
    Draw.objects.filter(pk=draw.pk).update(public_value="tampered")
    with pytest.raises(Exception, match="do not match"):
        call_command("draw_verify", "--all")


def test_task_record_violation_links_a_case_and_sets_publication_deadline(people, make_plan, today):
    draw = _drawn(people, make_plan, today)
    task = Task.objects.filter(draw=draw).first()
    inspector_user = task.inspectors.first().user
    with pytest.raises(RuleViolation) as exc:
        services.task_record(actor=inspector_user, task=task, result="violation")
    assert exc.value.code == "inspections.case_needed"
    case = CaseFactory()
    task = services.task_record(
        actor=inspector_user,
        task=task,
        result="violation",
        findings="占道经营",
        inspected_on=dt.date(2026, 11, 30),
        case=case,
    )
    assert task.case == case and case.inspection_task == task
    # 20 working days after Monday 30 November 2026: Monday 28 December
    assert task.publish_due == dt.date(2026, 12, 28)


def test_only_drawn_inspectors_record(people, make_plan, today):
    draw = _drawn(people, make_plan, today)
    task = Task.objects.filter(draw=draw).first()
    drawn = set(task.inspectors.values_list("user_id", flat=True))
    other = next(u for u in people["officers"] if u.pk not in drawn)
    with pytest.raises(PermissionDeniedError):
        services.task_record(actor=other, task=task, result="no_problem")
