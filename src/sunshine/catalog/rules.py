"""The power list's legal rules: benchmark ranges, legal review, hearings, the version that applies.

Each function cites its article; a broken rule raises :class:`~sunshine.core.errors.RuleViolation`.
They read the catalog but never write.

Amounts: "以上" and "以下" in Chinese statutes and provincial thresholds include the number itself
(《民法典》第一千二百五十九条: 民法所称的"以上"、"以下"、"以内"、"届满"，包括本数; the same reading is used
throughout administrative law). So a fine exactly at a hearing threshold qualifies for a hearing, and a
fine exactly at a range's maximum is within the range.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .models import (
    BenchmarkTier,
    MatterVersion,
    PartyKind,
    PenaltyKind,
    RegionalSettings,
    ReviewCatalogRule,
    Severity,
)

CENT = Decimal("0.01")

ART_33 = _("《行政处罚法》第三十三条")
ART_34 = _("《行政处罚法》第三十四条")
ART_37 = _("《行政处罚法》第三十七条")
ART_58 = _("《行政处罚法》第五十八条")
ART_63 = _("《行政处罚法》第六十三条")


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _yuan(value: Decimal) -> str:
    return f"¥{value:,.2f}"


def _check_party_kind(party_kind: str) -> None:
    if party_kind not in PartyKind.values:
        raise ValueError(f"unknown party kind {party_kind!r}")


def tier_for(version: MatterVersion, severity: str) -> BenchmarkTier:
    """The benchmark tier of ``version`` for ``severity`` (《行政处罚法》第三十四条: penalties follow the
    published discretion benchmark). Raises ``RuleViolation("no_benchmark_tier")`` when the version has
    no tier for that severity, because a penalty cannot then be measured against a benchmark."""
    if severity not in Severity.values:
        raise ValueError(f"unknown severity {severity!r}")
    cached = getattr(version, "_prefetched_objects_cache", {}).get("tiers")
    if cached is not None:
        tier = next((t for t in cached if t.severity == severity), None)
    else:
        tier = version.tiers.filter(severity=severity).first()
    if tier is None:
        raise RuleViolation(
            "no_benchmark_tier",
            _("Matter %(code)s version %(number)s has no discretion benchmark for severity “%(severity)s”.")
            % {
                "code": version.matter.code,
                "number": version.number,
                "severity": Severity(severity).label,
            },
            ART_34,
            field="severity",
        )
    return tier


def benchmark_citation(version: MatterVersion, tier: BenchmarkTier) -> str:
    document = version.benchmark_document or str(_("the bureau's discretion benchmark"))
    return str(
        _("%(document)s, %(code)s, tier “%(severity)s”; %(article)s")
        % {
            "document": document,
            "code": version.matter.code,
            "severity": tier.get_severity_display(),
            "article": ART_34,
        }
    )


def check_penalty_within_benchmark(
    *,
    version: MatterVersion,
    severity: str,
    party_kind: str,
    amount,
    penalty_kinds: Iterable[str] = (PenaltyKind.FINE,),
    base_amount=None,
) -> BenchmarkTier:
    """Refuse a fine outside the statutory range of the version or outside its benchmark tier.

    《行政处罚法》第三十四条: an agency sets discretion benchmarks, publishes them, and keeps its penalties
    within them; the statutory range of the penalty provision (the version's ``penalty_law`` and
    ``penalty_article``) bounds every tier. Both ends of a range are inclusive ("以上"/"以下" include the
    number). A fine set as a share of a base amount (《城乡规划法》第六十四条: 建设工程造价百分之五以上百分
    之十以下) needs ``base_amount`` and is checked against the rates. Penalties without a fine (a warning,
    an order) are not measured by the fine ranges. Returns the tier applied.
    """
    _check_party_kind(party_kind)
    kinds = set(penalty_kinds)
    tier = tier_for(version, severity)
    amount = _money(amount)
    if amount is not None and amount < 0:
        raise ValueError("amount must not be negative")
    fined = PenaltyKind.FINE in kinds or (amount is not None and amount > 0)
    if not fined:
        return tier
    citation = benchmark_citation(version, tier)
    if amount is None or amount == 0:
        raise RuleViolation("fine_amount_missing", _("A fine needs an amount."), citation, field="amount")

    rate_min = tier.fine_rate_min if tier.fine_rate_min is not None else version.fine_rate_min
    rate_max = tier.fine_rate_max if tier.fine_rate_max is not None else version.fine_rate_max
    if rate_max is not None:
        base = _money(base_amount)
        if base is None or base <= 0:
            raise RuleViolation(
                "base_amount_missing",
                _("The fine for this matter is a share of %(base)s: give that amount.")
                % {"base": version.fine_rate_base or _("the base amount")},
                version.penalty_citation,
                field="base_amount",
            )
        low = _money(base * (rate_min or 0) / 100)
        high = _money(base * rate_max / 100)
        if not (low <= amount <= high):
            raise RuleViolation(
                "outside_benchmark",
                _(
                    "A fine of %(amount)s is outside %(low_rate)s%%–%(high_rate)s%% of %(base)s "
                    "(%(low)s–%(high)s) for tier “%(severity)s”."
                )
                % {
                    "amount": _yuan(amount),
                    "low_rate": f"{(rate_min or 0).normalize():f}",
                    "high_rate": f"{rate_max.normalize():f}",
                    "base": _yuan(base),
                    "low": _yuan(low),
                    "high": _yuan(high),
                    "severity": tier.get_severity_display(),
                },
                f"{citation}; {version.penalty_citation}",
                field="amount",
            )
        return tier

    stat_min, stat_max = version.statutory_range(party_kind)
    if (stat_max is not None and amount > stat_max) or (stat_min is not None and amount < stat_min):
        raise RuleViolation(
            "outside_statutory_range",
            _("A fine of %(amount)s is outside the statutory range %(low)s–%(high)s for this party.")
            % {
                "amount": _yuan(amount),
                "low": _yuan(stat_min or Decimal("0")),
                "high": _yuan(stat_max) if stat_max is not None else "—",
            },
            f"{version.penalty_citation}; {ART_34}",
            field="amount",
        )
    low, high = tier.fine_range(party_kind)
    if low is None and high is None:
        raise RuleViolation(
            "no_fine_in_tier",
            _("Tier “%(severity)s” of %(code)s imposes no fine on this kind of party.")
            % {"severity": tier.get_severity_display(), "code": version.matter.code},
            citation,
            field="amount",
        )
    if (high is not None and amount > high) or (low is not None and amount < low):
        raise RuleViolation(
            "outside_benchmark",
            _("A fine of %(amount)s is outside the benchmark range %(low)s–%(high)s for tier “%(severity)s”.")
            % {
                "amount": _yuan(amount),
                "low": _yuan(low or Decimal("0")),
                "high": _yuan(high) if high is not None else "—",
                "severity": tier.get_severity_display(),
            },
            citation,
            field="amount",
        )
    return tier


@dataclass(frozen=True)
class ReviewReason:
    """Why a decision needs legal review: a statutory ground or a line of the review catalog."""

    code: str
    title: str
    citation: str
    rule_id: int | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "citation": self.citation, "rule_id": self.rule_id}


STATUTORY_REVIEW_GROUNDS = [
    (
        "major_public_interest",
        _("The case involves a major public interest."),
        _("《行政处罚法》第五十八条第一款第（一）项"),
    ),
    (
        "hearing_held",
        _("The decision bears directly on major rights and went through a hearing."),
        _("《行政处罚法》第五十八条第一款第（二）项"),
    ),
    (
        "complex_case",
        _("The case is difficult or complex and involves several legal relationships."),
        _("《行政处罚法》第五十八条第一款第（三）项"),
    ),
]


def review_rule_applies(
    rule: ReviewCatalogRule,
    *,
    version: MatterVersion,
    penalty_kinds: set[str],
    amount: Decimal | None,
    party_kind: str,
    hearing_held: bool,
    complex_case: bool,
    major_public_interest: bool,
) -> bool:
    """Whether every condition a review-catalog line sets holds for the decision (see the model)."""
    if not rule.active:
        return False
    if rule.matter_id and rule.matter_id != version.matter_id:
        return False
    if rule.category and rule.category != version.matter.category:
        return False
    if rule.penalty_kind and rule.penalty_kind not in penalty_kinds:
        return False
    if rule.amount_individual_from is not None or rule.amount_org_from is not None:
        threshold = (
            rule.amount_org_from if party_kind == PartyKind.ORGANISATION else rule.amount_individual_from
        )
        if threshold is None or amount is None or amount < threshold:
            return False
    if rule.when_hearing_held and not hearing_held:
        return False
    if rule.when_complex_case and not complex_case:
        return False
    return not (rule.when_major_public_interest and not major_public_interest)


def requires_legal_review(
    *,
    version: MatterVersion,
    penalty_kinds: Iterable[str],
    amount,
    party_kind: str,
    hearing_held: bool = False,
    complex_case: bool = False,
    major_public_interest: bool = False,
    rules: Iterable[ReviewCatalogRule] | None = None,
) -> list[ReviewReason]:
    """The reasons a decision must pass legal review before it is made; empty when none applies.

    《行政处罚法》第五十八条第一款: before deciding, the agency's legal reviewers review (一) cases
    involving a major public interest, (二) cases that bear directly on major rights and went through
    a hearing, (三) difficult, complex cases involving several legal relationships — these three
    always apply — and (四) other cases laws and rules require, which the bureau lists in its review catalog
    (重大执法决定法制审核目录清单, 国办发〔2018〕118号): each active :class:`ReviewCatalogRule` whose
    conditions all hold adds a reason. Amount thresholds include the amount itself ("以上").
    """
    _check_party_kind(party_kind)
    kinds = set(penalty_kinds)
    amount = _money(amount)
    flags = {
        "major_public_interest": major_public_interest,
        "hearing_held": hearing_held,
        "complex_case": complex_case,
    }
    reasons = [
        ReviewReason(code=code, title=str(title), citation=str(citation))
        for code, title, citation in STATUTORY_REVIEW_GROUNDS
        if flags[code]
    ]
    if rules is None:
        rules = ReviewCatalogRule.objects.filter(active=True).order_by("sort_order", "id")
    for rule in rules:
        if review_rule_applies(
            rule,
            version=version,
            penalty_kinds=kinds,
            amount=amount,
            party_kind=party_kind,
            hearing_held=hearing_held,
            complex_case=complex_case,
            major_public_interest=major_public_interest,
        ):
            reasons.append(
                ReviewReason(
                    code="catalog",
                    title=rule.title,
                    citation=rule.citation or str(_("《行政处罚法》第五十八条第一款第（四）项")),
                    rule_id=rule.pk,
                )
            )
    return reasons


# Penalty kinds that give a right to a hearing whatever their amount (《行政处罚法》第六十三条第一款
# 第（三）至（五）项). Demolition orders and restrictions of business are "other heavier penalties"
# (第（五）项).
HEARING_KINDS = frozenset(
    {
        PenaltyKind.QUALIFICATION_DOWNGRADE,
        PenaltyKind.LICENCE_REVOCATION,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSURE,
        PenaltyKind.RESTRICT_EMPLOYMENT,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.DEMOLITION,
    }
)


def hearing_grounds(
    *,
    penalty_kinds: Iterable[str],
    amount,
    party_kind: str,
    confiscation_value=None,
    settings: RegionalSettings | None = None,
) -> list[str]:
    """The grounds on which the party may request a hearing (《行政处罚法》第六十三条第一款).

    (一) a fine of a large amount (较大数额罚款): at or above the provincial threshold for the party's
    kind (RegionalSettings; the threshold itself qualifies — provincial texts say "…元以上"); (二)
    confiscation of illegal gains of a large amount or of illegal property of large value, measured by
    ``confiscation_value`` against the same threshold; (三) lowering a qualification grade or revoking a
    licence; (四) ordering suspension, closure or restricting employment; (五) other heavier penalties —
    here restricting business activities and demolition orders.
    """
    _check_party_kind(party_kind)
    kinds = set(penalty_kinds)
    settings = settings or RegionalSettings.current()
    threshold = settings.hearing_threshold(party_kind)
    grounds = []
    amount = _money(amount)
    if PenaltyKind.FINE in kinds and amount is not None and amount >= threshold:
        grounds.append(
            str(
                _("A fine of %(amount)s reaches the hearing threshold of %(threshold)s.")
                % {"amount": _yuan(amount), "threshold": _yuan(threshold)}
            )
        )
    value = _money(confiscation_value)
    confiscating = kinds & {PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY}
    if confiscating and value is not None and value >= threshold:
        grounds.append(
            str(
                _("Confiscation worth %(amount)s reaches the hearing threshold of %(threshold)s.")
                % {"amount": _yuan(value), "threshold": _yuan(threshold)}
            )
        )
    for kind in PenaltyKind:
        if kind in kinds and kind in HEARING_KINDS:
            grounds.append(str(_("%(kind)s gives a right to a hearing.") % {"kind": kind.label}))
    return grounds


def hearing_available(
    *,
    penalty_kinds: Iterable[str],
    amount,
    party_kind: str,
    confiscation_value=None,
    settings: RegionalSettings | None = None,
) -> bool:
    """Whether the party may request a hearing (《行政处罚法》第六十三条); see :func:`hearing_grounds`."""
    return bool(
        hearing_grounds(
            penalty_kinds=penalty_kinds,
            amount=amount,
            party_kind=party_kind,
            confiscation_value=confiscation_value,
            settings=settings,
        )
    )


def require_version_in_force(version: MatterVersion | None, *, code: str, on: datetime.date) -> MatterVersion:
    """A case applies the version in force when the act took place (《行政处罚法》第三十七条); raises when
    the matter had no version in force on that day."""
    if version is None:
        raise RuleViolation(
            "no_version_in_force",
            _("Matter %(code)s had no version in force on %(date)s.")
            % {"code": code, "date": on.isoformat()},
            ART_37,
            field="matter",
        )
    return version


def version_in_force(matter, on: datetime.date | None = None) -> MatterVersion:
    """The version of ``matter`` in force on ``on`` (default today); see selectors.version_in_force."""
    from .selectors import version_in_force as select

    return select(matter, on=on)


__all__ = [
    "ART_33",
    "ART_34",
    "ART_37",
    "ART_58",
    "ART_63",
    "ReviewReason",
    "check_penalty_within_benchmark",
    "hearing_available",
    "hearing_grounds",
    "requires_legal_review",
    "tier_for",
    "version_in_force",
]
