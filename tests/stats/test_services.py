"""The reporting chain through the services: submit in the window, return and resubmit, accept,
aggregate once every squad is accepted, publish; permissions; the annual report's deadline."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.stats import aggregate, services
from sunshine.stats.models import BureauReport, UnitReport

from .conftest import make_rows

pytestmark = pytest.mark.django_db
IN_WINDOW = dt.date(2026, 9, 28)


def submit_all(city, year=2026, quarter=3, day=IN_WINDOW):
    reports = []
    for key in ("squad1", "squad2"):
        report = services.unit_report_submit(actor=city["users"][key], year=year, quarter=quarter, today=day)
        reports.append(services.unit_report_review(actor=city["users"]["legal"], report=report, accept=True))
    return reports


def test_submission_snapshots_the_units_figures_from_the_fact_tables(city):
    make_rows(city, random.Random(2), 15)
    aggregate.fill()
    report = services.unit_report_submit(actor=city["users"]["squad1"], year=2026, quarter=3, today=IN_WINDOW)
    assert report.status == "submitted" and report.late is False
    from sunshine.cases.models import Case

    opened = Case.objects.filter(
        unit=city["units"]["squad1"], registered_on__range=(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    ).count()
    assert report.figures["cases.opened"] == str(opened)
    assert Event.objects.filter(action="stats.unit_report_submit", object_id=str(report.pk)).exists()


def test_submission_before_the_window_is_refused_and_nothing_saved(city):
    with pytest.raises(RuleViolation) as exc:
        services.unit_report_submit(
            actor=city["users"]["squad1"], year=2026, quarter=3, today=dt.date(2026, 9, 23)
        )
    assert exc.value.code == "stats.submission_too_early"
    assert not UnitReport.objects.exists()


def test_late_submission_is_recorded_as_late_with_its_reason(city):
    with pytest.raises(RuleViolation):
        services.unit_report_submit(
            actor=city["users"]["squad1"], year=2026, quarter=3, today=dt.date(2026, 10, 1)
        )
    report = services.unit_report_submit(
        actor=city["users"]["squad1"],
        year=2026,
        quarter=3,
        today=dt.date(2026, 10, 1),
        late_reason="系统升级",
    )
    assert report.late and report.late_reason == "系统升级"


def test_a_second_submission_is_refused_until_returned(city):
    user, legal = city["users"]["squad1"], city["users"]["legal"]
    report = services.unit_report_submit(actor=user, year=2026, quarter=3, today=IN_WINDOW)
    with pytest.raises(RuleViolation) as exc:
        services.unit_report_submit(actor=user, year=2026, quarter=3, today=IN_WINDOW)
    assert exc.value.code == "stats.already_submitted"
    with pytest.raises(RuleViolation):
        services.unit_report_review(actor=legal, report=report, accept=False, comments="")
    services.unit_report_review(actor=legal, report=report, accept=False, comments="请核对罚没款数据")
    # A returned report is corrected after the window too.
    again = services.unit_report_submit(actor=user, year=2026, quarter=3, today=dt.date(2026, 10, 9))
    assert again.pk == report.pk and again.status == "submitted" and again.submissions == 2


def test_only_squad_leaders_submit_and_only_the_legal_section_reviews(city):
    with pytest.raises(PermissionDeniedError):
        services.unit_report_submit(actor=city["users"]["officer"], year=2026, quarter=3, today=IN_WINDOW)
    report = services.unit_report_submit(actor=city["users"]["squad1"], year=2026, quarter=3, today=IN_WINDOW)
    with pytest.raises(PermissionDeniedError):
        services.unit_report_review(actor=city["users"]["leader"], report=report, accept=True)
    with pytest.raises(PermissionDeniedError):
        services.unit_report_review(actor=city["users"]["squad1"], report=report, accept=True)
    assert UnitReport.objects.get().status == "submitted"


def test_aggregation_waits_for_every_squad(city):
    legal = city["users"]["legal"]
    report = services.unit_report_submit(actor=city["users"]["squad1"], year=2026, quarter=3, today=IN_WINDOW)
    services.unit_report_review(actor=legal, report=report, accept=True)
    with pytest.raises(RuleViolation) as exc:
        services.bureau_report_aggregate(actor=legal, year=2026, quarter=3, today=IN_WINDOW)
    assert exc.value.code == "stats.reports_missing" and "二中队" in str(exc.value)
    services.unit_report_submit(actor=city["users"]["squad2"], year=2026, quarter=3, today=IN_WINDOW)
    with pytest.raises(RuleViolation):  # submitted but not yet accepted
        services.bureau_report_aggregate(actor=legal, year=2026, quarter=3, today=IN_WINDOW)
    assert not BureauReport.objects.exists()


def test_quarter_is_aggregated_and_published(city):
    make_rows(city, random.Random(8), 10)
    aggregate.fill()
    submit_all(city)
    legal, leader = city["users"]["legal"], city["users"]["leader"]
    report = services.bureau_report_aggregate(actor=legal, year=2026, quarter=3, today=IN_WINDOW)
    assert set(report.by_unit) == {"S1", "S2"}
    total = int(report.figures["cases.opened"])
    assert total == sum(int(v["figures"]["cases.opened"]) for v in report.by_unit.values())
    with pytest.raises(PermissionDeniedError):
        services.bureau_report_publish(actor=legal, report=report)
    published = services.bureau_report_publish(actor=leader, report=report)
    assert published.status == "published" and not published.published_late
    with pytest.raises(RuleViolation):
        services.bureau_report_aggregate(actor=legal, year=2026, quarter=3, today=IN_WINDOW)


def _four_quarters(city):
    legal = city["users"]["legal"]
    for quarter in (1, 2, 3, 4):
        last = dt.date(2026, 3 * quarter, 28) if quarter < 4 else dt.date(2026, 12, 28)
        submit_all(city, quarter=quarter, day=last)
        services.bureau_report_aggregate(actor=legal, year=2026, quarter=quarter, today=last)


def test_annual_report_needs_the_four_quarters(city):
    legal = city["users"]["legal"]
    submit_all(city, quarter=1, day=dt.date(2026, 3, 28))
    services.bureau_report_aggregate(actor=legal, year=2026, quarter=1, today=dt.date(2026, 3, 28))
    with pytest.raises(RuleViolation) as exc:
        services.bureau_report_aggregate(actor=legal, year=2026, quarter=0, today=dt.date(2027, 1, 5))
    assert "2026Q2" in str(exc.value)


@pytest.mark.parametrize(("day", "late"), [(dt.date(2027, 1, 31), False), (dt.date(2027, 2, 1), True)])
def test_annual_report_published_by_31_january(city, day, late):
    """国办发〔2018〕118号: by 31 January; published later it says so."""
    _four_quarters(city)
    report = services.bureau_report_aggregate(
        actor=city["users"]["legal"], year=2026, today=dt.date(2027, 1, 5)
    )
    assert report.kind == "annual" and report.quarter == 0
    published = services.bureau_report_publish(actor=city["users"]["leader"], report=report, today=day)
    assert published.published_late is late


def test_annual_report_not_before_the_year_is_over(city):
    _four_quarters(city)
    report = services.bureau_report_aggregate(
        actor=city["users"]["legal"], year=2026, today=dt.date(2026, 12, 30)
    )
    with pytest.raises(RuleViolation) as exc:
        services.bureau_report_publish(
            actor=city["users"]["leader"], report=report, today=dt.date(2026, 12, 31)
        )
    assert exc.value.code == "stats.year_not_over"
    assert BureauReport.objects.get(pk=report.pk).status == "aggregated"
