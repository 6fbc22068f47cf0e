"""Every change to the power list, the benchmarks, the review catalog and the regional settings.

Each function is keyword-only, runs in one transaction, checks the actor's permission (``config.manage``,
the system administrator's; an ``actor`` of None is the system itself: migrations, the demo loader,
management commands), applies the rules and appends its audit event in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation

from . import importer
from .models import (
    SEVERITY_ORDER,
    BenchmarkTier,
    Matter,
    MatterVersion,
    RegionalSettings,
    ReviewCatalogRule,
)

MANAGE = "config.manage"
# The power list is adjusted as laws change and a case keeps the law of the day of the act.
VERSION_CITATION = gettext_lazy("《行政处罚法》第三十七条; 权责清单动态调整机制")

VERSION_FIELDS = (
    "violated_law",
    "violated_article",
    "violated_text",
    "penalty_law",
    "penalty_article",
    "penalty_text",
    "fine_individual_min",
    "fine_individual_max",
    "fine_org_min",
    "fine_org_max",
    "fine_rate_min",
    "fine_rate_max",
    "fine_rate_base",
    "other_penalties",
    "handling_unit",
    "time_limit_days",
    "verified",
    "note",
    "change_reason",
    "benchmark_document",
)
TIER_FIELDS = (
    "conditions",
    "fine_individual_min",
    "fine_individual_max",
    "fine_org_min",
    "fine_org_max",
    "fine_rate_min",
    "fine_rate_max",
    "other_penalties",
    "first_violation_waiver",
    "bureau_setting",
)
SETTINGS_FIELDS = (
    "hearing_threshold_individual",
    "hearing_threshold_org",
    "publication_years_individual",
    "publication_years_org",
    "ladder_window_months",
    "decision_publication_working_days",
    "other_decision_publication_working_days",
)
# The handling unit and time limit the bundled list gets: the bureau's enforcement brigade, and the
# 90 days from filing of 《行政处罚法》第六十条.
DEFAULT_HANDLING_UNIT = "行政执法大队"
DEFAULT_TIME_LIMIT_DAYS = 90
DEFAULT_BENCHMARK_DOCUMENT = "新城市城市管理综合行政执法行政处罚自由裁量基准（2024年版）"
# The day the bundled list takes effect when first imported.
DEFAULT_EFFECTIVE_FROM = datetime.date(2024, 1, 1)


def _check_manage(actor) -> None:
    if actor is not None and not has_capability(actor, MANAGE):
        raise PermissionDeniedError(_("Only the system administrator may change the power list."))


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- matters and versions ----------------------------------------------------------------------


@transaction.atomic
def matter_save(*, actor, code: str, name: str, category: str, active: bool = True) -> Matter:
    """Create a matter or update its name, category and whether it is on the list."""
    _check_manage(actor)
    matter = Matter.objects.select_for_update().filter(code=code).first()
    created = matter is None
    if created:
        matter = Matter(code=code)
    matter.name, matter.category, matter.active = name, category, active
    matter.full_clean()
    matter.save()
    audit_append(
        actor=actor,
        action="catalog.matter_create" if created else "catalog.matter_update",
        obj=matter,
        payload={"code": code, "name": name, "category": category, "active": active},
    )
    return matter


def _tier_rows(tiers) -> list[dict]:
    rows = []
    for tier in tiers:
        if isinstance(tier, BenchmarkTier):
            data = {name: getattr(tier, name) for name in TIER_FIELDS}
            data["severity"] = tier.severity
        elif isinstance(tier, importer.TierSpec):
            data = {f.name: getattr(tier, f.name) for f in fields(tier)}
        else:
            data = dict(tier)
        rows.append(data)
    return rows


@transaction.atomic
def version_publish(
    *,
    actor,
    matter: Matter,
    effective_from: datetime.date,
    data: dict,
    tiers: list | None = None,
) -> MatterVersion:
    """Publish a new version of ``matter`` in force from ``effective_from``.

    The previous version's ``effective_to`` becomes the day before, so exactly one version is in force
    on any date (the power list's 动态调整机制; 《行政处罚法》第三十七条: a case applies the version in force
    on the day of the act, so versions never overlap). A new version must start after the previous one
    started. ``tiers`` (dicts or TierSpecs) default to a copy of the previous version's tiers.
    """
    _check_manage(actor)
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    unknown = set(data) - set(VERSION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    previous = matter.versions.order_by("-number").first()
    if previous is not None and effective_from <= previous.effective_from:
        raise RuleViolation(
            "version_not_after_previous",
            _("A new version must take effect after %(date)s, when version %(number)s took effect.")
            % {"date": previous.effective_from.isoformat(), "number": previous.number},
            VERSION_CITATION,
            field="effective_from",
        )
    if previous is not None and (previous.effective_to is None or previous.effective_to >= effective_from):
        previous.effective_to = effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    version = MatterVersion(
        matter=matter,
        number=(previous.number + 1) if previous else 1,
        effective_from=effective_from,
        published_by=actor if actor is not None else None,
        **data,
    )
    version.full_clean()
    version.save()
    if tiers is None and previous is not None:
        tiers = list(previous.tiers.all())
    tier_rows = _tier_rows(tiers or [])
    for row in tier_rows:
        tier = BenchmarkTier(version=version, **row)
        tier.full_clean()
        tier.save()
    audit_append(
        actor=actor,
        action="catalog.version_publish",
        obj=version,
        payload={
            "matter": matter.code,
            "number": version.number,
            "effective_from": effective_from.isoformat(),
            "previous_effective_to": _json(previous.effective_to) if previous else None,
            "tiers": len(tier_rows),
        },
    )
    return version


@transaction.atomic
def version_update_notes(*, actor, version: MatterVersion, data: dict) -> MatterVersion:
    """Change a version's administrative fields (handling unit, time limit, note, benchmark document).

    The legal texts and ranges of a version are never edited once published: a change of law is a new
    version (``version_publish``), so a case keeps the text it was decided under."""
    _check_manage(actor)
    allowed = {"handling_unit", "time_limit_days", "note", "benchmark_document", "verified"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            {name: _("This field cannot change once published.") for name in sorted(unknown)}
        )
    version = MatterVersion.objects.select_for_update().get(pk=version.pk)
    for name, value in data.items():
        setattr(version, name, value)
    version.full_clean()
    version.save(update_fields=list(data))
    audit_append(
        actor=actor,
        action="catalog.version_update",
        obj=version,
        payload={name: _json(value) for name, value in data.items()},
    )
    return version


@transaction.atomic
def tier_save(*, actor, version: MatterVersion, severity: str, data: dict) -> BenchmarkTier:
    """Set one benchmark tier of a version (the bureau adjusts its discretion benchmark, 《行政处罚法》
    第三十四条). The tier must stay inside the version's statutory range."""
    _check_manage(actor)
    unknown = set(data) - set(TIER_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    tier = BenchmarkTier.objects.select_for_update().filter(version=version, severity=severity).first()
    if tier is None:
        tier = BenchmarkTier(version=version, severity=severity)
    for name, value in data.items():
        setattr(tier, name, value)
    tier.full_clean()
    for low_name, high_name, stat_low, stat_high in (
        (
            "fine_individual_min",
            "fine_individual_max",
            version.fine_individual_min,
            version.fine_individual_max,
        ),
        ("fine_org_min", "fine_org_max", version.fine_org_min, version.fine_org_max),
    ):
        low, high = getattr(tier, low_name), getattr(tier, high_name)
        if (stat_high is not None and high is not None and high > stat_high) or (
            stat_low is not None and low is not None and low < stat_low
        ):
            raise RuleViolation(
                "tier_outside_statutory_range",
                _("A benchmark tier must stay within the statutory range of the penalty provision."),
                f"{version.penalty_citation}; 《行政处罚法》第三十四条",
                field=high_name,
            )
    tier.save()
    audit_append(
        actor=actor,
        action="catalog.tier_save",
        obj=tier,
        payload={"version": version.pk, "severity": severity, **{k: _json(v) for k, v in data.items()}},
    )
    return tier


# --- review catalog and settings ----------------------------------------------------------------


@transaction.atomic
def review_rule_save(*, actor, rule: ReviewCatalogRule | None = None, data: dict) -> ReviewCatalogRule:
    """Create or change a line of the review catalog (《行政处罚法》第五十八条第一款第（四）项)."""
    _check_manage(actor)
    if rule is None:
        rule = ReviewCatalogRule()
    else:
        rule = ReviewCatalogRule.objects.select_for_update().get(pk=rule.pk)
    for name, value in data.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit_append(
        actor=actor,
        action="catalog.review_rule_save",
        obj=rule,
        payload={k: _json(v.pk if hasattr(v, "pk") else v) for k, v in data.items()},
    )
    return rule


@transaction.atomic
def settings_update(*, actor, data: dict) -> RegionalSettings:
    """Change the regional settings (hearing thresholds of 《行政处罚法》第六十三条, publication periods and
    deadlines, the ladder window)."""
    _check_manage(actor)
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    RegionalSettings.current()
    obj = RegionalSettings.objects.select_for_update().get(singleton=1)
    before = {name: _json(getattr(obj, name)) for name in data}
    for name, value in data.items():
        setattr(obj, name, value)
    obj.updated_by = actor if actor is not None else None
    obj.full_clean()
    obj.save()
    audit_append(
        actor=actor,
        action="catalog.settings_update",
        obj=obj,
        payload={"before": before, "after": {name: _json(value) for name, value in data.items()}},
    )
    return obj


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    matters_created: int = 0
    matters_updated: int = 0
    versions_created: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"matters created {self.matters_created}, updated {self.matters_updated}; "
            f"versions published {self.versions_created}; unchanged {self.unchanged}"
        )


def _differs(version: MatterVersion, data: dict) -> bool:
    return any(getattr(version, name) != data.get(name) for name in importer.LEGAL_FIELDS)


@transaction.atomic
def catalog_import(
    *,
    actor=None,
    path: Path | str | None = None,
    effective_from: datetime.date | None = None,
) -> ImportResult:
    """Create or update the power list from a CSV (default the bundled ``data/matters.csv``).

    Idempotent: a row whose matter already has a version with the same legal texts and ranges changes
    nothing. A row whose legal texts differ from the version in force publishes a new version from
    ``effective_from`` (default: today; the bundled list's first import takes effect on 2024-01-01),
    closing the previous one (动态调整机制).
    """
    _check_manage(actor)
    rows = importer.read_rows(path)
    result = ImportResult()
    existing = {m.code: m for m in Matter.objects.select_for_update().filter(code__in=[r.code for r in rows])}
    latest = {}
    for version in MatterVersion.objects.filter(matter__code__in=[r.code for r in rows]).order_by("number"):
        latest[version.matter_id] = version
    for row in rows:
        matter = existing.get(row.code)
        if matter is None:
            matter = matter_save(actor=actor, code=row.code, name=row.name, category=row.category)
            result.matters_created += 1
        elif matter.name != row.name or matter.category != row.category or not matter.active:
            matter = matter_save(actor=actor, code=row.code, name=row.name, category=row.category)
            result.matters_updated += 1
        data = {name: value for name, value in row.version.items() if name in VERSION_FIELDS}
        previous = latest.get(matter.pk)
        if previous is not None and not _differs(previous, data):
            result.unchanged += 1
            continue
        data.setdefault("handling_unit", DEFAULT_HANDLING_UNIT)
        data.setdefault("time_limit_days", DEFAULT_TIME_LIMIT_DAYS)
        data.setdefault("benchmark_document", DEFAULT_BENCHMARK_DOCUMENT)
        if previous is None:
            start = effective_from or DEFAULT_EFFECTIVE_FROM
        else:
            start = effective_from or timezone.localdate()
            data["change_reason"] = _("Imported from %(file)s: the legal basis changed.") % {
                "file": Path(path or importer.DEFAULT_CSV).name
            }
        version_publish(actor=actor, matter=matter, effective_from=start, data=data, tiers=row.tiers)
        result.versions_created += 1
    return result


def ensure_tiers_complete(version: MatterVersion) -> list[str]:
    """The severities a version has no tier for (shown as a warning on the matter page)."""
    have = set(version.tiers.values_list("severity", flat=True))
    return [s for s in SEVERITY_ORDER if s not in have]
