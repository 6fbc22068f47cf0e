"""A finding opens a case (cases.services.case_create) or a field contact; results publish at the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.cases.models import Case
from sunshine.core.errors import RuleViolation
from sunshine.inspections import services, tasks
from sunshine.inspections.models import Task
from sunshine.inspections.panels import case_panel
from sunshine.parties.models import FieldContact, Party

from ..factories import MatterVersionFactory


@pytest.fixture
def drawn_task(people, make_plan, setup, monkeypatch):
    """A drawn task whose plan's inspection matter names a power-list matter in force; today is real."""
    version = MatterVersionFactory()
    setup["matter"].matter = version.matter
    setup["matter"].save()
    plan = make_plan()
    monkeypatch.setattr(services, "_today", lambda: plan.public_value_date - dt.timedelta(days=3))
    services.plan_approve(actor=people["leader"], plan=plan)
    draw = services.plan_publish(actor=people["legal"], plan=plan)
    monkeypatch.setattr(services, "_today", lambda: plan.public_value_date)
    services.public_value_enter(actor=people["legal"], draw=draw, value="03 11 15 22 27 31 + 09")
    services.public_value_enter(actor=people["leader"], draw=draw, value="03 11 15 22 27 31 + 09")
    monkeypatch.setattr(services, "_today", timezone.localdate)
    task = Task.objects.filter(draw=draw).select_related("target").first()
    return {"task": task, "user": task.inspectors.first().user, "matter": version.matter}


def _violation(drawn_task, **case):
    return services.task_record(
        actor=drawn_task["user"],
        task=drawn_task["task"],
        result="violation",
        findings="门前堆放杂物，责令改正拒不改正",
        open_case=case,
    )


def test_a_violation_opens_a_case_with_the_target_as_party_and_the_inspectors_as_handlers(drawn_task):
    task = _violation(drawn_task, early_reason="refusal_to_correct")
    case = task.case
    assert case.source == "patrol" and case.source_ref == f"INSP-{task.pk}"
    assert case.matter_version.matter == drawn_task["matter"]
    assert [p.credit_code for p in case.parties.all()] == [task.target.credit_code]
    assert set(case.handlers.values_list("pk", flat=True)) == set(
        task.inspectors.values_list("pk", flat=True)
    )
    assert case.facts == "门前堆放杂物，责令改正拒不改正" and case.place == (
        task.target.address or task.target.name
    )
    assert Case.objects.get(pk=case.pk).inspection_task == task  # both ways
    event = Event.objects.filter(action="inspections.task_record").latest("seq")
    assert event.payload["case"] == case.pk


def test_case_create_refusal_reaches_the_caller_unchanged_and_nothing_is_saved(drawn_task):
    """First violation, ladder not at "penalise", no reason: the ladder's RuleViolation, no party, no case."""
    with pytest.raises(RuleViolation) as exc:
        _violation(drawn_task)
    assert "ladder" in exc.value.code or exc.value.code.startswith("early")
    task = Task.objects.get(pk=drawn_task["task"].pk)
    assert task.result == "" and task.case is None
    assert not Party.objects.filter(credit_code=task.target.credit_code).exists()
    assert not Case.objects.exists()


def test_case_form_errors_are_validation_errors(drawn_task):
    with pytest.raises(ValidationError) as exc:
        _violation(drawn_task, early_reason="refusal_to_correct", severity="nonsense")
    assert "severity" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _violation(drawn_task, matter="NOT-OURS", early_reason="refusal_to_correct")
    assert "matter" in exc.value.message_dict


def test_an_existing_party_with_the_credit_code_is_reused(drawn_task, people):
    target = drawn_task["task"].target
    party = Party.objects.create(kind="organisation", name="已登记的名称", credit_code=target.credit_code)
    task = _violation(drawn_task, early_reason="refusal_to_correct")
    assert list(task.case.parties.all()) == [party]


def test_a_minor_finding_records_a_field_contact_on_the_ladder(drawn_task):
    task = services.task_record(
        actor=drawn_task["user"],
        task=drawn_task["task"],
        result="corrected",
        findings="门前堆物，当场清理",
        contact={"step": "persuade", "outcome": "complied"},
    )
    contact = task.contact
    assert contact.step == "persuade" and contact.party.credit_code == task.target.credit_code
    assert set(contact.officers.all()) == set(task.inspectors.all())
    assert FieldContact.objects.get(pk=contact.pk).inspection_task == task
    with pytest.raises(RuleViolation) as exc:
        services.task_record(
            actor=drawn_task["user"],
            task=task,
            result="no_problem",
            contact={"step": "persuade", "outcome": "complied"},
        )
    assert exc.value.code == "inspections.contact_result"


def test_a_task_with_a_case_stays_a_violation(drawn_task):
    task = _violation(drawn_task, early_reason="refusal_to_correct")
    with pytest.raises(RuleViolation) as exc:
        services.task_record(actor=drawn_task["user"], task=task, result="no_problem")
    assert exc.value.code == "inspections.case_linked"


def test_case_page_panel_shows_the_inspection(drawn_task, rf):
    task = _violation(drawn_task, early_reason="refusal_to_correct")
    request = rf.get("/")
    request.user = drawn_task["user"]
    panel = case_panel(request, task.case)
    assert panel["task"] == task
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()  # no capability: no panel
    assert case_panel(request, task.case) is None


def test_view_opens_a_case_and_shows_case_errors_on_the_form(client, drawn_task):
    task, user = drawn_task["task"], drawn_task["user"]
    client.force_login(user)
    url = f"/work/inspections/tasks/{task.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and drawn_task["matter"].code in page.content.decode()
    response = client.post(url, {"result": "violation", "findings": "占道经营"})
    assert response.status_code == 200  # the ladder's refusal, shown on the form
    assert "Seed 000" in response.content.decode() or "五步" in response.content.decode()
    assert not Case.objects.exists()
    response = client.post(
        url, {"result": "violation", "findings": "占道经营", "early_reason": "refusal_to_correct"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.case.source_ref == f"INSP-{task.pk}"


def test_view_records_a_field_contact(client, drawn_task):
    task, user = drawn_task["task"], drawn_task["user"]
    client.force_login(user)
    url = f"/work/inspections/tasks/{task.pk}/"
    response = client.post(url, {"result": "corrected", "contact_step": "educate"})
    assert response.status_code == 200 and not FieldContact.objects.exists()
    response = client.post(
        url, {"result": "corrected", "contact_step": "educate", "contact_outcome": "complied"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.contact.step == "educate"


def test_api_opens_a_case_and_passes_case_errors(api_client, drawn_task):
    task, user = drawn_task["task"], drawn_task["user"]
    api_client.force_authenticate(user)
    url = f"/api/v1/inspections/tasks/{task.pk}/record/"
    response = api_client.post(url, {"result": "violation", "open_case": {"facts": "占道"}}, format="json")
    assert response.status_code == 422 and response.json()["error"]["citation"]
    response = api_client.post(
        url,
        {"result": "violation", "open_case": {"severity": "x", "early_reason": "refusal_to_correct"}},
        format="json",
    )
    assert response.status_code == 400 and "severity" in str(response.json())
    response = api_client.post(
        url,
        {"result": "violation", "open_case": {"facts": "占道", "early_reason": "refusal_to_correct"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["case"] == Case.objects.get(source_ref=f"INSP-{task.pk}").pk


# --- publication at the deadline --------------------------------------------------------------------


def test_results_are_published_at_their_deadline_once(drawn_task, settings):
    task = services.task_record(
        actor=drawn_task["user"],
        task=drawn_task["task"],
        result="no_problem",
        inspected_on=dt.date(2026, 11, 2),
    )
    # 20 working days after Monday 2 November 2026: Monday 30 November
    assert task.publish_due == dt.date(2026, 11, 30)
    other = Task.objects.filter(draw=task.draw, result="").first()  # no result: never published
    assert services.results_publish_due(today=dt.date(2026, 11, 29)) == 0
    assert services.results_publish_due(today=dt.date(2026, 11, 30)) == 1
    task.refresh_from_db()
    other.refresh_from_db()
    assert task.published_at is not None and other.published_at is None
    first = task.published_at
    assert services.results_publish_due(today=dt.date(2026, 12, 31)) == 0
    task.refresh_from_db()
    assert task.published_at == first
    assert Event.objects.filter(action="inspections.task_publish", object_id=str(task.pk)).count() == 1


def test_publish_deadline_is_a_setting(drawn_task, settings):
    settings.INSPECTION_RESULT_PUBLISH_WORKING_DAYS = 5
    task = services.task_record(
        actor=drawn_task["user"],
        task=drawn_task["task"],
        result="no_problem",
        inspected_on=dt.date(2026, 11, 2),
    )
    assert task.publish_due == dt.date(2026, 11, 9)


def test_celery_task_publishes_due_results(drawn_task):
    services.task_record(
        actor=drawn_task["user"],
        task=drawn_task["task"],
        result="no_problem",
        inspected_on=dt.date(2026, 10, 1),
    )
    assert tasks.publish_due_results.apply().get() == 1
    assert tasks.publish_due_results.apply().get() == 0
