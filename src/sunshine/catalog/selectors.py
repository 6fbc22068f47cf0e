"""Reads of the power list. The list is public law: every staff member with ``catalog.view`` sees all of
it (no unit scoping), and :func:`public_power_list` / :func:`public_matter` give the portal only the
fields it may publish (《行政处罚法》第三十四条: benchmarks are published; 国办发〔2018〕118号: the power
list with its legal bases is disclosed)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import SEVERITY_ORDER, BenchmarkTier, Matter, MatterVersion, ReviewCatalogRule
from .rules import require_version_in_force


def today() -> datetime.date:
    return timezone.localdate()


def version_in_force(matter: Matter | str, *, on: datetime.date | None = None) -> MatterVersion:
    """The one version of ``matter`` (a Matter or its code) in force on ``on`` (default today), with its
    tiers prefetched. Pass the date of the act: 《行政处罚法》第三十七条 applies the rules in force when the
    act took place. Raises ``RuleViolation("no_version_in_force")`` when there is none."""
    on = on or today()
    qs = MatterVersion.objects.select_related("matter").prefetch_related(
        Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("id"))
    )
    if isinstance(matter, Matter):
        qs = qs.filter(matter=matter)
        code = matter.code
    else:
        qs = qs.filter(matter__code=matter)
        code = matter
    version = (
        qs.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    return require_version_in_force(version, code=code, on=on)


def current_version_prefetch(on: datetime.date | None = None) -> Prefetch:
    """Prefetch a matter's version in force today into ``matter.current_versions`` (a list of 0 or 1)."""
    on = on or today()
    return Prefetch(
        "versions",
        queryset=MatterVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .prefetch_related("tiers"),
        to_attr="current_versions",
    )


def matter_list(*, user=None, search: str = "", category: str = "", active_only: bool = True) -> QuerySet:
    """Matters filtered by a search over code, name and the quoted laws, and by category; each with its
    version in force today in ``current_versions``."""
    qs = Matter.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    if category:
        qs = qs.filter(category=category)
    search = (search or "").strip()
    if search:
        qs = qs.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(versions__violated_law__icontains=search)
            | Q(versions__penalty_law__icontains=search)
        ).distinct()
    return qs.order_by("code").prefetch_related(current_version_prefetch())


def matter_get(*, user=None, code: str) -> Matter:
    try:
        return Matter.objects.get(code=code)
    except Matter.DoesNotExist as exc:
        raise Http404 from exc


def matter_versions(matter: Matter) -> QuerySet:
    return matter.versions.order_by("-number").prefetch_related("tiers")


def tiers_sorted(version: MatterVersion) -> list[BenchmarkTier]:
    return sorted(version.tiers.all(), key=lambda t: SEVERITY_ORDER.index(t.severity))


def review_rules(*, matter: Matter | None = None, active_only: bool = True) -> QuerySet:
    """Lines of the review catalog; for a matter, the lines that can apply to it (its own, its
    category's and the general ones)."""
    qs = ReviewCatalogRule.objects.select_related("matter")
    if active_only:
        qs = qs.filter(active=True)
    if matter is not None:
        qs = qs.filter(Q(matter__isnull=True) | Q(matter=matter)).filter(
            Q(category="") | Q(category=matter.category)
        )
    return qs.order_by("sort_order", "id")


# --- the public portal ---------------------------------------------------------------------------


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _public_tier(tier: BenchmarkTier) -> dict:
    return {
        "severity": tier.severity,
        "severity_label": str(tier.get_severity_display()),
        "conditions": tier.conditions,
        "fine_individual_min": _money(tier.fine_individual_min),
        "fine_individual_max": _money(tier.fine_individual_max),
        "fine_org_min": _money(tier.fine_org_min),
        "fine_org_max": _money(tier.fine_org_max),
        "fine_rate_min": _money(tier.fine_rate_min),
        "fine_rate_max": _money(tier.fine_rate_max),
        "other_penalties": tier.other_penalties,
        "first_violation_waiver": tier.first_violation_waiver,
        "bureau_setting": tier.bureau_setting,
    }


def _public_version(version: MatterVersion) -> dict:
    return {
        "number": version.number,
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "violated_law": version.violated_law,
        "violated_article": version.violated_article,
        "violated_text": version.violated_text,
        "penalty_law": version.penalty_law,
        "penalty_article": version.penalty_article,
        "penalty_text": version.penalty_text,
        "fine_individual_min": _money(version.fine_individual_min),
        "fine_individual_max": _money(version.fine_individual_max),
        "fine_org_min": _money(version.fine_org_min),
        "fine_org_max": _money(version.fine_org_max),
        "fine_rate_min": _money(version.fine_rate_min),
        "fine_rate_max": _money(version.fine_rate_max),
        "fine_rate_base": version.fine_rate_base,
        "other_penalties": version.other_penalties,
        "handling_unit": version.handling_unit,
        "time_limit_days": version.time_limit_days,
        "benchmark_document": version.benchmark_document,
        "tiers": [_public_tier(t) for t in sorted(version.tiers.all(), key=lambda t: t.rank)],
    }


def public_power_list(*, category: str = "", search: str = "") -> list[dict]:
    """The power list as the portal publishes it: matters on the list with their version in force
    today (legal bases, ranges, benchmark tiers). No internal fields (notes, who published, ids)."""
    result = []
    for matter in matter_list(search=search, category=category):
        current = matter.current_versions[0] if matter.current_versions else None
        if current is None:
            continue
        result.append(
            {
                "code": matter.code,
                "name": matter.name,
                "category": matter.category,
                "category_label": str(matter.get_category_display()),
                "version": _public_version(current),
            }
        )
    return result


def public_matter(code: str) -> dict:
    """One matter as the portal publishes it, with its current version and the dates of earlier ones;
    ``Http404`` when the matter is not on the list or has no version in force."""
    matter = (
        Matter.objects.filter(code=code, active=True).prefetch_related(current_version_prefetch()).first()
    )
    if matter is None or not matter.current_versions:
        raise Http404
    history = [
        {
            "number": v.number,
            "effective_from": v.effective_from.isoformat(),
            "effective_to": v.effective_to.isoformat() if v.effective_to else None,
        }
        for v in matter.versions.order_by("-number")
    ]
    return {
        "code": matter.code,
        "name": matter.name,
        "category": matter.category,
        "category_label": str(matter.get_category_display()),
        "version": _public_version(matter.current_versions[0]),
        "history": history,
    }
