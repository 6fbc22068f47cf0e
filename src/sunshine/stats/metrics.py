"""The catalogue of figures: what each metric code counts, and the rows of the statistics table.

A metric is filled into the fact tables by :mod:`sunshine.stats.aggregate`; a report row is a metric
or a ratio of metrics computed when the table is read (rates are never summed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Flow metrics (summed over days). Label, unit of measure.
METRICS: dict[str, tuple] = {
    "contacts.persuade": (_("Field contacts: persuasion"), pgettext_lazy("unit of measure", "times")),
    "contacts.educate": (_("Field contacts: education"), pgettext_lazy("unit of measure", "times")),
    "contacts.guide": (_("Field contacts: guidance"), pgettext_lazy("unit of measure", "times")),
    "contacts.warn": (_("Field contacts: warning"), pgettext_lazy("unit of measure", "times")),
    "cases.opened": (_("Cases opened"), pgettext_lazy("unit of measure", "cases")),
    "cases.closed": (_("Cases closed"), pgettext_lazy("unit of measure", "cases")),
    "decisions.penalty": (_("Penalty decisions"), pgettext_lazy("unit of measure", "cases")),
    "decisions.no_penalty": (_("Decisions not to penalise"), pgettext_lazy("unit of measure", "cases")),
    "waivers.first_violation": (_("First-violation waivers"), pgettext_lazy("unit of measure", "cases")),
    "fines.decided": (_("Fines decided"), pgettext_lazy("unit of measure", "yuan")),
    "fines.collected": (_("Fines collected"), pgettext_lazy("unit of measure", "yuan")),
    "measures.sealing": (_("Compulsory measures: sealing"), pgettext_lazy("unit of measure", "times")),
    "measures.seizure": (_("Compulsory measures: seizure"), pgettext_lazy("unit of measure", "times")),
    "hearings.requested": (_("Hearings requested"), pgettext_lazy("unit of measure", "times")),
    "hearings.held": (_("Hearings held"), pgettext_lazy("unit of measure", "times")),
    "reviews.approve": (_("Legal reviews: approved"), pgettext_lazy("unit of measure", "times")),
    "reviews.return": (_("Legal reviews: returned"), pgettext_lazy("unit of measure", "times")),
    "reviews.disapprove": (_("Legal reviews: disapproved"), pgettext_lazy("unit of measure", "times")),
    "remedies.reconsideration": (_("Reconsiderations filed"), pgettext_lazy("unit of measure", "cases")),
    "remedies.litigation": (_("Litigations filed"), pgettext_lazy("unit of measure", "cases")),
    "remedies.upheld": (
        _("Decisions upheld on reconsideration or litigation"),
        pgettext_lazy("unit of measure", "cases"),
    ),
    "remedies.changed": (
        _("Decisions changed on reconsideration or litigation"),
        pgettext_lazy("unit of measure", "cases"),
    ),
    "remedies.revoked": (
        _("Decisions revoked on reconsideration or litigation"),
        pgettext_lazy("unit of measure", "cases"),
    ),
    "requests.received": (_("Citizen requests received"), pgettext_lazy("unit of measure", "items")),
    "requests.replied": (_("Citizen requests replied"), pgettext_lazy("unit of measure", "items")),
    "requests.on_time": (_("Citizen requests replied on time"), pgettext_lazy("unit of measure", "items")),
    "requests.rated": (_("Citizen requests rated"), pgettext_lazy("unit of measure", "items")),
    "requests.satisfaction_sum": (
        _("Sum of satisfaction ratings"),
        pgettext_lazy("unit of measure", "points"),
    ),
    "requests.satisfied": (
        _("Citizen requests rated satisfied (4 or 5)"),
        pgettext_lazy("unit of measure", "items"),
    ),
    "training.hours": (_("Training hours"), pgettext_lazy("unit of measure", "hours")),
    "av.activities": (_("Activities that must be filmed"), pgettext_lazy("unit of measure", "times")),
    "av.done": (_("Activities filmed from start to end"), pgettext_lazy("unit of measure", "times")),
    "av.fewer_devices": (
        _("Activities filmed on fewer than two devices"),
        pgettext_lazy("unit of measure", "times"),
    ),
}

# State metrics, taken by each run for its day (Snapshot).
SNAPSHOTS: dict[str, tuple] = {
    "staff.officers": (_("Officers on duty"), pgettext_lazy("unit of measure", "persons")),
    "staff.legal_reviewers": (_("Legal reviewers"), pgettext_lazy("unit of measure", "persons")),
    "training.officers_met": (
        _("Officers with 60 training hours this year"),
        pgettext_lazy("unit of measure", "persons"),
    ),
    "overdue.requests": (
        _("Citizen requests past their reply deadline"),
        pgettext_lazy("unit of measure", "items"),
    ),
    "overdue.deadlines": (
        _("Legal deadlines passed and still open"),
        pgettext_lazy("unit of measure", "items"),
    ),
}

SERVICE_STEPS = ("contacts.persuade", "contacts.educate", "contacts.guide")


def _ratio(num: Decimal, den: Decimal, scale: int = 100) -> Decimal | None:
    if not den:
        return None
    return (Decimal(num) * scale / Decimal(den)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    """One row of the statistics table: a metric or a derived figure."""

    code: str
    label: object
    measure: object
    section: object


def _flow(section, *codes) -> list[Row]:
    return [Row(code, METRICS[code][0], METRICS[code][1], section) for code in codes]


S_LADDER = _("Civilised enforcement (five-step ladder, 721 method)")
S_CASES = _("Administrative penalty cases")
S_REVIEW = _("Compulsion, hearings, legal review and remedies")
S_SERVICE = _("Citizen requests")
S_RECORD = _("Full-process audio-visual recording")
S_PEOPLE = _("Officers and training")

TABLE: list[Row] = [
    *_flow(S_LADDER, "contacts.persuade", "contacts.educate", "contacts.guide", "contacts.warn"),
    Row("share.service", _("721 split: service share (target 70%)"), "%", S_LADDER),
    Row("share.management", _("721 split: management share (target 20%)"), "%", S_LADDER),
    Row("share.enforcement", _("721 split: enforcement share (target 10%)"), "%", S_LADDER),
    *_flow(S_CASES, "cases.opened"),
    Row(
        "cases.opened.summary",
        _("Cases opened: summary procedure"),
        pgettext_lazy("unit of measure", "cases"),
        S_CASES,
    ),
    Row(
        "cases.opened.general",
        _("Cases opened: general procedure"),
        pgettext_lazy("unit of measure", "cases"),
        S_CASES,
    ),
    *_flow(S_CASES, "cases.closed"),
    Row(
        "cases.closed.summary",
        _("Cases closed: summary procedure"),
        pgettext_lazy("unit of measure", "cases"),
        S_CASES,
    ),
    Row(
        "cases.closed.general",
        _("Cases closed: general procedure"),
        pgettext_lazy("unit of measure", "cases"),
        S_CASES,
    ),
    *_flow(S_CASES, "decisions.penalty", "decisions.no_penalty", "waivers.first_violation"),
    *_flow(S_CASES, "fines.decided", "fines.collected"),
    *_flow(S_REVIEW, "measures.sealing", "measures.seizure", "hearings.requested", "hearings.held"),
    *_flow(S_REVIEW, "reviews.approve", "reviews.return", "reviews.disapprove"),
    *_flow(S_REVIEW, "remedies.reconsideration", "remedies.litigation", "remedies.upheld"),
    *_flow(S_REVIEW, "remedies.changed", "remedies.revoked"),
    *_flow(S_SERVICE, "requests.received", "requests.replied", "requests.on_time"),
    Row("rate.reply", _("Reply rate"), "%", S_SERVICE),
    Row("rate.on_time", _("On-time reply rate"), "%", S_SERVICE),
    Row("rate.satisfaction", _("Satisfaction rate (rated 4 or 5)"), "%", S_SERVICE),
    Row(
        "avg.satisfaction",
        _("Average satisfaction (1-5)"),
        pgettext_lazy("unit of measure", "points"),
        S_SERVICE,
    ),
    *_flow(S_RECORD, "av.activities", "av.done"),
    Row("rate.av", _("Audio-visual coverage of the activities that require it"), "%", S_RECORD),
    *_flow(S_RECORD, "av.fewer_devices"),
    *_flow(S_PEOPLE, "training.hours"),
    Row("staff.officers", SNAPSHOTS["staff.officers"][0], SNAPSHOTS["staff.officers"][1], S_PEOPLE),
    Row(
        "training.commitment",
        _("Training hours committed (60 per officer a year)"),
        pgettext_lazy("unit of measure", "hours"),
        S_PEOPLE,
    ),
    Row(
        "training.officers_met",
        SNAPSHOTS["training.officers_met"][0],
        SNAPSHOTS["training.officers_met"][1],
        S_PEOPLE,
    ),
    Row(
        "staff.legal_reviewers",
        SNAPSHOTS["staff.legal_reviewers"][0],
        pgettext_lazy("unit of measure", "persons"),
        S_PEOPLE,
    ),
    Row("share.legal_reviewers", _("Legal reviewers as a share of officers (at least 3%)"), "%", S_PEOPLE),
]
TABLE_CODES = [row.code for row in TABLE]


def derive(flows: dict[str, Decimal], by_procedure: dict[tuple[str, str], Decimal], snapshots: dict) -> dict:
    """The table's values (strings, or "" when a rate has no denominator) from summed flows, the flows
    split by procedure and the latest snapshots. ``training.commitment`` is officers × 60 × the share of
    the year the period covers, which the caller puts into ``snapshots['years']``."""
    f = {code: Decimal(flows.get(code, 0)) for code in METRICS}
    service = sum(f[c] for c in SERVICE_STEPS)
    management = f["contacts.warn"]
    enforcement = f["decisions.penalty"]
    split_total = service + management + enforcement
    officers = Decimal(snapshots.get("staff.officers", 0))
    reviewers = Decimal(snapshots.get("staff.legal_reviewers", 0))
    values: dict[str, Decimal | None] = {code: f[code] for code in METRICS}
    values.update(
        {
            "share.service": _ratio(service, split_total),
            "share.management": _ratio(management, split_total),
            "share.enforcement": _ratio(enforcement, split_total),
            "rate.reply": _ratio(f["requests.replied"], f["requests.received"]),
            "rate.on_time": _ratio(f["requests.on_time"], f["requests.replied"]),
            "rate.satisfaction": _ratio(f["requests.satisfied"], f["requests.rated"]),
            "avg.satisfaction": _ratio(f["requests.satisfaction_sum"], f["requests.rated"], scale=1),
            "rate.av": _ratio(f["av.done"], f["av.activities"]),
            "staff.officers": officers,
            "staff.legal_reviewers": reviewers,
            "training.officers_met": Decimal(snapshots.get("training.officers_met", 0)),
            "training.commitment": (officers * 60 * Decimal(str(snapshots.get("years", 1)))).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            ),
            "share.legal_reviewers": _ratio(reviewers, officers),
        }
    )
    for proc in ("summary", "general"):
        values[f"cases.opened.{proc}"] = Decimal(by_procedure.get(("cases.opened", proc), 0))
        values[f"cases.closed.{proc}"] = Decimal(by_procedure.get(("cases.closed", proc), 0))
    return {code: "" if values.get(code) is None else _plain(values[code]) for code in TABLE_CODES}


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros after the point (12.50 → 12.5, 3.00 → 3)."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
