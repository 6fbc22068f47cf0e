"""The five-step ladder's rules, as pure functions with their citations.

- :func:`check_contact_staff`: auxiliaries record persuasion and education only; warning and guidance
  need a qualified enforcement officer (seed 004; 《行政处罚法》第四十二条).
- :func:`check_point_has_room`: guidance only to an active vending point with a free stall, vulnerable
  groups first (seed 000 三引导).
- :func:`recommend_next_step`: the next rung from the history in the window (seed 000 文明执法五步走;
  《行政处罚法》第六条).
- :func:`check_early_penalty_reason`: a case opened before the ladder reaches "penalise" needs a
  recorded reason from :class:`EarlyPenaltyReason`.
- :func:`first_violation_waiver_recommended`: 《行政处罚法》第三十三条.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .models import STEP_ORDER, Step

DEFAULT_WINDOW_MONTHS = 12
# Matter categories where a street vendor can be guided to a vending point (trading in the street:
# 占道经营, 无照经营, 流动摊贩). Other matters (illegal construction, noise, …) skip the guide rung.
GUIDE_CATEGORIES = frozenset({"commerce", "roads", "city_appearance"})

CITATION_AUXILIARY = _(
    "Seed 004: 严禁协管人员从事具体行政执法工作; 《行政处罚法》第四十二条 (enforcement by qualified officers)"
)
CITATION_GUIDE = _(
    "Seed 000 文明执法五步走 三引导 (vulnerable groups are guided to designated vending points)"
)
CITATION_LADDER = _(
    "Seed 000 文明执法五步走 (说服、教育、引导、警告、处罚); "
    "《行政处罚法》第六条 (penalty combined with education)"
)
CITATION_WAIVER = _("《行政处罚法》第三十三条")


@dataclass(frozen=True)
class HistoryItem:
    """One earlier rung for the same party and matter: a field contact or a penalty case."""

    kind: str  # "contact" or "case"
    date: dt.date
    step: str  # a Step value
    ref: str = ""

    @property
    def step_label(self):
        return Step(self.step).label


@dataclass(frozen=True)
class Recommendation:
    step: str
    code: str
    reason: str | Promise
    since: dt.date
    counted: tuple[HistoryItem, ...] = field(default_factory=tuple)
    citation: str | Promise = CITATION_LADDER

    @property
    def step_label(self):
        return Step(self.step).label

    @property
    def reaches_penalty(self) -> bool:
        return self.step == Step.PENALIZE

    def as_dict(self) -> dict:
        return {
            "step": self.step,
            "step_label": str(self.step_label),
            "code": self.code,
            "reason": str(self.reason),
            "citation": str(self.citation),
            "window_since": self.since.isoformat(),
            "history": [
                {"kind": item.kind, "date": item.date.isoformat(), "step": item.step, "ref": item.ref}
                for item in self.counted
            ],
        }


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier, clamped to the month's end (31 May − 3 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_since(on: dt.date, window_months: int = DEFAULT_WINDOW_MONTHS) -> dt.date:
    """The first day of the window ending on ``on``: a contact exactly ``window_months`` months ago
    still counts, one a day earlier does not."""
    return months_before(on, window_months)


def check_contact_staff(
    *, step: str, recorder_is_auxiliary: bool, qualified_officers: int, present: int
) -> None:
    """Who may record which rung.

    Auxiliaries (协管员) may record persuasion and education only: they may never carry out enforcement
    (seed 004: 严禁协管人员从事具体行政执法工作; 协管人员不得从事具体行政执法工作), and a warning or
    the guidance of a party is an act of the enforcement agency carried out by qualified officers
    (《行政处罚法》第四十二条). So a warning or a guidance is recorded by an officer, with at least one
    qualified officer (a valid enforcement certificate) among those present.
    """
    if present < 1:
        raise RuleViolation(
            "contact_no_staff",
            _("Name at least one staff member who was present."),
            CITATION_AUXILIARY,
            field="officers",
        )
    if step in (Step.WARN, Step.GUIDE):
        if recorder_is_auxiliary:
            raise RuleViolation(
                "auxiliary_step",
                format_lazy(
                    _(
                        "Auxiliaries may record persuasion and education only; a {step} must be recorded by "
                        "an enforcement officer (Seed 004; 《行政处罚法》第四十二条)."
                    ),
                    step=Step(step).label,
                ),
                CITATION_AUXILIARY,
                field="step",
            )
        if qualified_officers < 1:
            raise RuleViolation(
                "officer_required",
                format_lazy(
                    _(
                        "A {step} needs an enforcement officer with a valid certificate among those present "
                        "(《行政处罚法》第四十二条)."
                    ),
                    step=Step(step).label,
                ),
                CITATION_AUXILIARY,
                field="officers",
            )


def free_stalls(
    *, capacity: int, reserved: int, occupied: int, occupied_vulnerable: int, vulnerable: bool
) -> int:
    """Free stalls for a party: vulnerable parties may take any free stall; others only those not held
    back for vulnerable groups (the reserve counts the stalls vulnerable parties already hold)."""
    free = capacity - occupied
    if not vulnerable:
        free -= max(0, reserved - occupied_vulnerable)
    return max(0, free)


def check_point_has_room(
    *,
    name: str,
    active: bool,
    capacity: int,
    reserved: int,
    occupied: int,
    occupied_vulnerable: int,
    vulnerable: bool,
) -> None:
    """Guidance goes only to an active vending point with a free stall; stalls reserved for vulnerable
    groups go to them first (seed 000 三引导: 对下岗职工、零就业家庭、失地农民、残疾人等城市弱势群体
    … 引导他们退街进巷、退街进市). The caller holds the point's row lock (``select_for_update``)."""
    if not active:
        raise RuleViolation(
            "point_inactive",
            format_lazy(_("The vending point {name} is closed; choose an active one."), name=name),
            CITATION_GUIDE,
            field="vending_point",
        )
    if capacity - occupied <= 0:
        raise RuleViolation(
            "point_full",
            format_lazy(
                _("The vending point {name} is full ({occupied} of {capacity} stalls taken)."),
                name=name,
                occupied=occupied,
                capacity=capacity,
            ),
            CITATION_GUIDE,
            field="vending_point",
        )
    if not free_stalls(
        capacity=capacity,
        reserved=reserved,
        occupied=occupied,
        occupied_vulnerable=occupied_vulnerable,
        vulnerable=vulnerable,
    ):
        raise RuleViolation(
            "point_reserved",
            format_lazy(
                _(
                    "The remaining {count} stalls at {name} are reserved for laid-off workers, "
                    "zero-employment "
                    "families, landless farmers and disabled people."
                ),
                count=capacity - occupied,
                name=name,
            ),
            CITATION_GUIDE,
            field="vending_point",
        )


def guide_applies(*, party, matter) -> bool:
    """The guide rung is for individuals of a vulnerable group trading in the street."""
    return bool(
        party is not None
        and not party.is_organisation
        and party.is_vulnerable
        and getattr(matter, "category", None) in GUIDE_CATEGORIES
    )


def _fmt(day: dt.date) -> str:
    return date_format(day, "Y-m-d")


def recommend_next_step(
    *,
    party,
    matter,
    on: dt.date,
    history: Iterable[HistoryItem],
    window_months: int = DEFAULT_WINDOW_MONTHS,
) -> Recommendation:
    """The next rung of the five-step ladder for this party and matter on ``on``.

    Seed 000 文明执法五步走: 一说服 (a first violation), 二教育, 三引导 (下岗职工、零就业家庭、失地农民、
    残疾人 are guided to designated points), 四警告 (those who ignore persuasion and education), 五处罚
    (those on whom repeated persuasion, education and warning had no effect). 《行政处罚法》第六条:
    penalties go together with education. Only contacts and cases for the same matter from
    ``window_since(on, window_months)`` to ``on`` count; the highest rung reached decides.
    """
    since = window_since(on, window_months)
    counted = tuple(
        sorted((i for i in history if since <= i.date <= on), key=lambda i: (i.date, STEP_ORDER[i.step]))
    )
    if not counted:
        return Recommendation(
            Step.PERSUADE,
            "first_contact",
            format_lazy(
                _("No earlier contact or case for this matter since {since}: persuade first."),
                since=_fmt(since),
            ),
            since,
            counted,
        )
    top = max(counted, key=lambda i: (STEP_ORDER[i.step], i.date))
    last_date = _fmt(max(i.date for i in counted))
    rank = STEP_ORDER[top.step]
    if rank >= STEP_ORDER[Step.PENALIZE]:
        return Recommendation(
            Step.PENALIZE,
            "repeat_after_penalty",
            format_lazy(
                _("Already penalised for this matter on {date}, within the window: penalise again."),
                date=_fmt(top.date),
            ),
            since,
            counted,
        )
    if rank >= STEP_ORDER[Step.WARN]:
        return Recommendation(
            Step.PENALIZE,
            "warned_before",
            format_lazy(
                _(
                    "Warned on {date} and violating again: persuasion, education and warning "
                    "had no effect, penalise."
                ),
                date=_fmt(top.date),
            ),
            since,
            counted,
        )
    if rank == STEP_ORDER[Step.PERSUADE]:
        return Recommendation(
            Step.EDUCATE,
            "persuaded_before",
            format_lazy(_("Persuaded before (last contact {date}): educate next."), date=last_date),
            since,
            counted,
        )
    # educated (or guided) before
    guided = any(i.step == Step.GUIDE for i in counted)
    if not guided and guide_applies(party=party, matter=matter):
        return Recommendation(
            Step.GUIDE,
            "vulnerable_guide",
            format_lazy(
                _(
                    "Persuaded and educated before (last contact {date}); the party is in a vulnerable group "
                    "({groups}): guide them to a vending point."
                ),
                date=last_date,
                groups="、".join(str(label) for label in party.vulnerable_labels()),
            ),
            since,
            counted,
        )
    return Recommendation(
        Step.WARN,
        "educated_before",
        format_lazy(
            _(
                "Persuasion and education (last contact {date}) did not stop the violation: "
                "give a verbal warning."
            ),
            date=last_date,
        ),
        since,
        counted,
    )


class EarlyPenaltyReason(models.TextChoices):
    """Why a penalty case is opened before the ladder reaches "penalise" (such cases are reported)."""

    SERIOUS_HARM = "serious_harm", _("Serious harm or consequences")
    SAFETY_DANGER = "safety_danger", _("Danger to public safety")
    REFUSAL_TO_CORRECT = "refusal_to_correct", _("Refuses to correct")
    REPEAT_IN_WINDOW = "repeat_in_window", _("Repeat violation within the window")


@dataclass(frozen=True)
class PenaltyOpening:
    early: bool
    reason: str
    recommendation: Recommendation


def check_early_penalty_reason(*, recommendation: Recommendation, reason: str = "") -> PenaltyOpening:
    """A penalty case may be opened when the ladder has reached "penalise"; before that, only with a
    recorded reason from :class:`EarlyPenaltyReason` (seed 000 五处罚: 对多次说服教育又警告无效的当事人;
    《行政处罚法》第六条 坚持处罚与教育相结合). "Repeat within the window" needs an earlier contact or case
    for the same matter in the window."""
    if recommendation.reaches_penalty:
        return PenaltyOpening(False, reason or "", recommendation)
    if reason not in EarlyPenaltyReason.values:
        raise RuleViolation(
            "ladder_not_reached",
            format_lazy(
                _(
                    "The five-step ladder recommends “{step}” ({why}) — opening a penalty case now needs a "
                    "recorded reason: serious harm, danger to safety, refusal to correct, or a repeat within "
                    "the window."
                ),
                step=recommendation.step_label,
                why=recommendation.reason,
            ),
            CITATION_LADDER,
            field="early_reason",
        )
    if reason == EarlyPenaltyReason.REPEAT_IN_WINDOW and not recommendation.counted:
        raise RuleViolation(
            "no_repeat_in_window",
            format_lazy(
                _(
                    "There is no earlier contact or case for this matter since {since}, "
                    "so it is not a repeat."
                ),
                since=_fmt(recommendation.since),
            ),
            CITATION_LADDER,
            field="early_reason",
        )
    return PenaltyOpening(True, reason, recommendation)


class Harm(models.TextChoices):
    NONE = "none", _("No harmful consequence")
    SLIGHT = "slight", _("Slight harmful consequence")
    HARMFUL = "harmful", _("Harmful consequence")


@dataclass(frozen=True)
class WaiverAdvice:
    """``outcome``: ``no_penalty`` (不予), ``may_waive`` (可以不予) or ``penalty_possible``."""

    outcome: str
    explanation: str | Promise
    citation: str | Promise = CITATION_WAIVER
    educate: bool = True

    @property
    def waive(self) -> bool:
        return self.outcome != "penalty_possible"

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "waive": self.waive,
            "explanation": str(self.explanation),
            "citation": str(self.citation),
            "educate": self.educate,
        }


def first_violation_waiver_recommended(
    *,
    history: Sequence[HistoryItem],
    minor: bool,
    corrected_in_time: bool,
    harm: str = Harm.NONE,
    no_fault_proven: bool = False,
) -> WaiverAdvice:
    """《行政处罚法》第三十三条: 违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且
    危害后果轻微并及时改正的，可以不予行政处罚。当事人有证据足以证明没有主观过错的，不予行政处罚。
    对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。

    ``history``: earlier contacts and cases for the same matter (in the window); none means a first
    violation. The party is educated either way.
    """
    first = not history
    if no_fault_proven:
        return WaiverAdvice(
            "no_penalty",
            _(
                "The party has evidence that there was no fault: no penalty; "
                "educate the party (第三十三条第二款)."
            ),
        )
    if minor and corrected_in_time and harm == Harm.NONE:
        return WaiverAdvice(
            "no_penalty",
            _(
                "A minor violation, corrected in time, without harmful consequence: no penalty; record the "
                "education given (第三十三条第一款)."
            ),
        )
    if first and corrected_in_time and harm in (Harm.NONE, Harm.SLIGHT):
        return WaiverAdvice(
            "may_waive",
            _(
                "A first violation with slight consequences, corrected in time: the penalty may be waived; "
                "educate the party (第三十三条第一款)."
            ),
        )
    reasons = []
    if not corrected_in_time:
        reasons.append(_("not corrected in time"))
    if harm == Harm.HARMFUL:
        reasons.append(_("harmful consequences"))
    if not first:
        reasons.append(_("not a first violation"))
    if not minor and not reasons:
        reasons.append(_("not a minor violation"))
    return WaiverAdvice(
        "penalty_possible",
        format_lazy(
            _(
                "The waiver of 第三十三条 does not apply ({reasons}); "
                "educate the party alongside any penalty."
            ),
            reasons="; ".join(str(r) for r in reasons) or str(_("not a minor violation")),
        ),
    )


def waiting_order(entries: Iterable) -> list:
    """The order of a vending point's waiting list: members of a vulnerable group first (seed 000 三引导:
    对下岗职工、零就业家庭、失地农民、残疾人等城市弱势群体 … 引导他们退街进巷、退街进市), then whoever
    joined first. Whether a party is vulnerable is read from the party when the order is taken, so a flag
    set after joining counts."""
    return sorted(entries, key=lambda e: (not e.party.is_vulnerable, e.joined_at, e.pk))


def next_in_line(*, entries: Iterable, capacity: int, reserved: int, occupied: int, occupied_vulnerable: int):
    """The first entry, in :func:`waiting_order`, that may take a free stall now (a stall held back for
    vulnerable groups is skipped by the others), or None."""
    for entry in waiting_order(entries):
        if free_stalls(
            capacity=capacity,
            reserved=reserved,
            occupied=occupied,
            occupied_vulnerable=occupied_vulnerable,
            vulnerable=entry.party.is_vulnerable,
        ):
            return entry
    return None
