"""Reading the power list from a CSV file and deriving discretion benchmark tiers from it.

The bundled ``data/matters.csv`` holds 97 matters with their legal bases quoted verbatim and the
statutory fine ranges where the national text states them (see ``docs/catalog.md``). Where the national
text sets a range, the four tiers split it (the bureau's discretion inside the statute, 《行政处罚法》
第三十四条); where it gives no amount (the fine is set by provincial or city rules), the tiers carry demo
amounts marked as the bureau's own settings; where the fine is a share of an amount (建设工程造价), the
tiers split the rate; where the national law gives no fine at all, the tiers carry no fine.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .models import CATEGORY_BY_CHINESE, SEVERITY_ORDER, Severity

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "matters.csv"

# Version fields compared to decide whether a row changes the law of a matter (a new version).
LEGAL_FIELDS = (
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
    "verified",
)

# Where the penalty is a share of an amount, quoted from the penalty article (not a fixed range):
# 《城乡规划法》第六十四条 "建设工程造价百分之五以上百分之十以下"; 第六十六条 "临时建设工程造价一倍以下";
# 《城市道路管理条例》第三十九条 "工程造价2%以下".
RATES = {
    "GH-001": (Decimal("5"), Decimal("10"), "建设工程造价"),
    "GH-002": (Decimal("5"), Decimal("10"), "建设工程造价"),
    "GH-003": (Decimal("0"), Decimal("100"), "临时建设工程造价"),
    "GH-004": (Decimal("0"), Decimal("100"), "临时建设工程造价"),
    "GH-005": (Decimal("0"), Decimal("100"), "临时建设工程造价"),
    "SZ-015": (Decimal("0"), Decimal("2"), "工程造价"),
}
# The national law provides no fine for these; their tiers carry other measures only.
NO_FINE = {"YL-007", "GH-007"}
# Two-stage penalties: the national text gives a first range and a higher one for refusing to correct
# (《噪声污染防治法》第七十七条、第八十二条: 五千元以上五万元以下; 拒不改正的, 五万元以上二十万元以下;
# 《城镇排水与污水处理条例》第五十条: 五万元以下; 造成严重后果的, 五万元以上五十万元以下).
STAGES = {code: (Decimal("50000"),) for code in ("HB-016", "HB-017", "HB-018", "HB-019", "HB-020", "SZ-017")}
# Fines only for serious cases (《固体废物污染环境防治法》第一百一十二条: 情节严重的 for 未分类投放).
SERIOUS_ONLY = {"SR-024"}

# Demo amounts where the national text gives none, marked as the bureau's settings: (individual, org)
# upper bounds of the ordinary, serious and grave tiers; the minor tier is a warning.
BUREAU_SCALES = {
    "small": (
        (Decimal("50"), Decimal("200")),
        (Decimal("200"), Decimal("500")),
        (Decimal("500"), Decimal("1000")),
    ),
    "large": (
        (Decimal("500"), Decimal("2000")),
        (Decimal("2000"), Decimal("10000")),
        (Decimal("10000"), Decimal("30000")),
    ),
}
BUREAU_ORG_FACTOR = Decimal("5")
LARGE_SCALE = {
    "SR-012",
    "SR-013",
    "SR-015",
    "SR-016",
    "SR-017",
    "SR-030",
    "YL-002",
    "YL-003",
    "YL-005",
    "SZ-023",
    "SZ-024",
}

CONDITIONS = {
    Severity.MINOR: "违法行为轻微，及时改正，没有造成危害后果或者危害后果轻微。"
    "初次违法且危害后果轻微并及时改正的，可以不予行政处罚（《行政处罚法》第三十三条第一款），"
    "并对当事人进行教育。",
    Severity.ORDINARY: "违法情节一般，经责令改正后改正，造成一定危害后果或者社会影响。",
    Severity.SERIOUS: "违法情节较重：经责令限期改正逾期不改正，一年内再次违法，"
    "或者造成较大危害后果、社会影响。",
    Severity.GRAVE: "违法情节严重：拒不改正、屡教不改、暴力抗法，或者造成严重危害后果、恶劣社会影响。",
}
# Where the tiers split the statutory range: minor 0–10 %, ordinary 10–40 %, serious 40–70 %, grave 70–100 %.
SPLITS = (Decimal("0"), Decimal("0.1"), Decimal("0.4"), Decimal("0.7"), Decimal("1"))


@dataclass
class TierSpec:
    severity: str
    conditions: str
    fine_individual_min: Decimal | None = None
    fine_individual_max: Decimal | None = None
    fine_org_min: Decimal | None = None
    fine_org_max: Decimal | None = None
    fine_rate_min: Decimal | None = None
    fine_rate_max: Decimal | None = None
    other_penalties: str = ""
    first_violation_waiver: bool = False
    bureau_setting: bool = False


@dataclass
class Row:
    code: str
    name: str
    category: str
    version: dict
    note: str
    tiers: list[TierSpec] = field(default_factory=list)


def _decimal(text: str) -> Decimal | None:
    text = (text or "").strip()
    return Decimal(text) if text else None


def _nice(value: Decimal, span: Decimal) -> Decimal:
    """Round a tier boundary to a round figure for its span (10 yuan in hundreds, 100 in thousands…)."""
    if span <= 0:
        return value
    step = Decimal(10) ** max(0, math.floor(math.log10(float(span))) - 1)
    return (value / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step


def split_range(low: Decimal | None, high: Decimal | None) -> list[tuple[Decimal, Decimal] | None]:
    """Four contiguous sub-ranges of [low, high] (low defaults to 0 when the law says only "…以下")."""
    if high is None:
        return [None] * 4
    low = low or Decimal("0")
    span = high - low
    bounds = [low] + [_nice(low + span * share, span) for share in SPLITS[1:-1]] + [high]
    return [(bounds[i], bounds[i + 1]) for i in range(4)]


def _other(severity: str, other: str) -> str:
    if severity == Severity.MINOR:
        return "责令改正；警告或者依法不予行政处罚（首违不罚）" if other else "警告"
    return other


def derive_tiers(code: str, version: dict) -> list[TierSpec]:
    """The four benchmark tiers for one matter version (see the module docstring)."""
    other = version["other_penalties"]
    tiers = [
        TierSpec(severity=s, conditions=CONDITIONS[s], other_penalties=_other(s, other))
        for s in SEVERITY_ORDER
    ]
    tiers[0].first_violation_waiver = True
    if code in NO_FINE:
        return tiers
    if code in RATES:
        low, high, _base = RATES[code]
        for tier, part in zip(tiers, split_range(low, high), strict=True):
            tier.fine_rate_min, tier.fine_rate_max = part
        return tiers
    ind = (version["fine_individual_min"], version["fine_individual_max"])
    org = (version["fine_org_min"], version["fine_org_max"])
    if ind[1] is None and org[1] is None:
        scale = BUREAU_SCALES["large" if code in LARGE_SCALE else "small"]
        for tier, (low, high) in zip(tiers[1:], scale, strict=True):
            tier.fine_individual_min, tier.fine_individual_max = low, high
            tier.fine_org_min, tier.fine_org_max = low * BUREAU_ORG_FACTOR, high * BUREAU_ORG_FACTOR
        for tier in tiers:
            tier.bureau_setting = True
        return tiers
    for kind, (low, high) in (("individual", ind), ("org", org)):
        if high is None:
            continue
        if code in STAGES:
            (stage,) = STAGES[code]
            first, second = split_range(low, stage), split_range(stage, high)
            parts = [first[0], (first[1][0], stage), (stage, second[1][1]), (second[2][0], high)]
        elif code in SERIOUS_ONLY:
            halves = split_range(low, high)
            parts = [None, None, (halves[0][0], halves[1][1]), (halves[2][0], halves[3][1])]
        else:
            parts = split_range(low, high)
        for tier, part in zip(tiers, parts, strict=True):
            if part is None:
                continue
            if kind == "individual":
                tier.fine_individual_min, tier.fine_individual_max = part
            else:
                tier.fine_org_min, tier.fine_org_max = part
    return tiers


def read_rows(path: Path | str | None = None) -> list[Row]:
    """Parse the CSV; raises ``ValueError`` naming the line for an unknown category or a bad amount."""
    path = Path(path or DEFAULT_CSV)
    rows: list[Row] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            code = record["code"].strip()
            category = CATEGORY_BY_CHINESE.get(record["category"].strip())
            if category is None:
                raise ValueError(f"{path.name} line {line}: unknown category {record['category']!r}")
            try:
                version = {
                    "violated_law": record["violated_law"].strip(),
                    "violated_article": record["violated_article"].strip(),
                    "violated_text": record["violated_text"].strip(),
                    "penalty_law": record["penalty_law"].strip(),
                    "penalty_article": record["penalty_article"].strip(),
                    "penalty_text": record["penalty_text"].strip(),
                    "fine_individual_min": _decimal(record["fine_individual_min"]),
                    "fine_individual_max": _decimal(record["fine_individual_max"]),
                    "fine_org_min": _decimal(record["fine_org_min"]),
                    "fine_org_max": _decimal(record["fine_org_max"]),
                    "other_penalties": record["other_penalties"].strip(),
                    "verified": record["verified"].strip().lower() == "yes",
                    "note": record["note"].strip(),
                }
            except ArithmeticError as exc:
                raise ValueError(f"{path.name} line {line}: bad amount") from exc
            rate = RATES.get(code)
            version["fine_rate_min"], version["fine_rate_max"], version["fine_rate_base"] = (
                rate if rate else (None, None, "")
            )
            if record["verified"].strip().lower() != "yes":
                version["note"] = (
                    f"{version['note']}（未核对：{record['verified'].strip()}）"
                    if version["note"]
                    else record["verified"]
                )
            rows.append(
                Row(
                    code=code,
                    name=record["name"].strip(),
                    category=category,
                    version=version,
                    note=version["note"],
                    tiers=derive_tiers(code, version),
                )
            )
    return rows
