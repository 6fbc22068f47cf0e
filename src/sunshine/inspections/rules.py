"""Rules of double-random inspection (双随机一公开). Pure functions; a broken rule raises RuleViolation.

Sources: seed 001 (建立双随机抽查公开制度 … 抽查主体、依据、对象、内容、比例、方式、频次等事前公开; 随机抽查
事项公开、程序公开、结果公开), LEGAL.md "Double-random inspection" (at least two inspectors per target;
conflicts of interest excluded; results public within 20 working days).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CITATION_SEED_001 = _("Seed 001, item 4: double-random inspection, published in advance")
CITATION_TWO = _("Double-random inspection rules: at least two inspectors per target")
CITATION_RESULTS = _("Double-random inspection rules: results public within 20 working days")
MIN_INSPECTORS = 2


def publish_working_days() -> int:
    """Working days within which a result is published (setting, default 20)."""
    return int(getattr(settings, "INSPECTION_RESULT_PUBLISH_WORKING_DAYS", 20))


def assert_inspectors_per_target(n: int) -> None:
    """At least two inspectors inspect each target (LEGAL.md, double-random inspection)."""
    if n < MIN_INSPECTORS:
        raise RuleViolation(
            "inspections.two_inspectors",
            _("Each target is inspected by at least two inspectors."),
            CITATION_TWO,
        )


def assert_published_before_public_value(*, published_on: dt.date, public_value_date: dt.date) -> None:
    """The plan and its frozen snapshot are published before the public value exists (seed 001 item 4:
    the plan is public in advance), so nobody can fit the inputs to a known seed."""
    if published_on >= public_value_date:
        raise RuleViolation(
            "inspections.publish_late",
            _("A plan is published before the day of its public value; that day has come."),
            CITATION_SEED_001,
        )


def assert_public_value_known(*, today: dt.date, public_value_date: dt.date) -> None:
    """The public value can be entered only from the day it is fixed (seed 001 item 4)."""
    if today < public_value_date:
        raise RuleViolation(
            "inspections.value_not_yet",
            _("The public value cannot be entered before its day."),
            CITATION_SEED_001,
        )


def assert_result_publishable(*, inspected_on: dt.date, due: dt.date, today: dt.date) -> None:
    """Nothing to check on the early side; kept to state the rule: publish by ``due`` (20 working days)."""
    if today < inspected_on:
        raise RuleViolation(
            "inspections.result_future",
            _("A result cannot be published before the inspection."),
            CITATION_RESULTS,
        )


def target_sample_size(*, proportion, count, population: int) -> int:
    """The number of targets a plan draws: its count, or its proportion (%) of the population rounded up."""
    if count:
        return min(int(count), population)
    import math

    return min(population, math.ceil(population * float(proportion) / 100))
