"""Rules of case-file scoring and evaluation (评议考核). Pure functions; a broken rule raises RuleViolation.

Sources: seed 002 (三(三) 改进完善执法评议考核制度: 对每一项工作、每一个案件,逐件考核,累积记分; 把行政管理
相对人的评议意见作为考核执法机关工作的重要依据), seed 001 item 8 (全过程记录信息用于案卷评查、评议考核),
《行政处罚法》第七十四条 (fine revenue is never a performance indicator of an agency or an officer).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CITE_SEED_002 = _("Seed 002, part 3(3): every case assessed one by one and its points accumulated")
CITE_PARTY = _("Seed 002, part 3(3): the opinions of the parties are an important basis of the evaluation")
CITE_FINES = _("《行政处罚法》第七十四条: fine revenue is never a performance indicator")
CITE_SEPARATION = _("Case-file review rules: no one reviews a case file they handled")
CITE_RUBRIC = _("Case-file review rules: a rubric of 100 points over the seven parts of a case file")

RUBRIC_TOTAL = Decimal("100")
ALGORITHM = "sha256-rank-v1"
ZERO = Decimal("0")
ONE_PLACE = Decimal("0.1")

# The seven parts a rubric covers (the checks of legal review: authority, facts, evidence, procedure,
# law applied, discretion, documents; LEGAL.md "The three systems").
GROUPS = ("subject", "facts", "evidence", "procedure", "law", "discretion", "documents")

# Words that make an item or indicator about money collected (第七十四条). Checking that a fine lies within
# its discretion benchmark is a legality check and allowed; counting or ranking money is not.
REVENUE_WORDS = (
    "罚没",
    "收入",
    "创收",
    "罚款总额",
    "罚款指标",
    "罚款任务",
    "收缴额",
    "收缴金额",
    "revenue",
    "fines collected",
    "fine total",
    "fine quota",
)

# A realistic default rubric, built from the common 行政处罚案卷评查标准 and the articles they check.
# (group, code, title, max points, deduction guidance)
DEFAULT_RUBRIC: tuple[tuple[str, str, str, str, str], ...] = (
    ("subject", "S1", "执法主体合法，在法定职权范围内实施处罚", "4", "超越职权或主体不适格的，扣4分。"),
    (
        "subject",
        "S2",
        "两名以上持有效执法证件的执法人员办案，协管员未参与查处（《行政处罚法》第四十二条）",
        "4",
        "执法人员不足两人或证件失效的，扣4分；协管员参与调查取证的，扣4分。",
    ),
    ("subject", "S3", "回避事项依法处理（第四十三条）", "2", "应回避未回避的，扣2分。"),
    (
        "facts",
        "F1",
        "当事人认定准确，身份信息完整",
        "5",
        "当事人认定错误的，扣5分；身份信息缺项的，每项扣1分。",
    ),
    (
        "facts",
        "F2",
        "违法行为的时间、地点、情节、后果表述清楚",
        "5",
        "要素缺失或前后矛盾的，每处扣1分。",
    ),
    ("facts", "F3", "违法行为定性准确", "5", "定性错误的，扣5分。"),
    (
        "evidence",
        "E1",
        "证据确凿充分，能够相互印证",
        "6",
        "主要证据缺失的，扣6分；证据间矛盾未排除的，扣3分。",
    ),
    (
        "evidence",
        "E2",
        "证据收集程序合法，笔录经当事人和执法人员签名",
        "5",
        "笔录缺少签名或未注明拒签情况的，每份扣1分。",
    ),
    (
        "evidence",
        "E3",
        "现场执法全过程音像记录完整（第四十七条）",
        "5",
        "应当全过程记录而未记录的，扣5分；记录不完整的，扣2分。",
    ),
    (
        "evidence",
        "E4",
        "先行登记保存依法审批并在七个工作日内作出处理决定（第五十六条）",
        "4",
        "未经批准或逾期处理的，扣4分。",
    ),
    ("procedure", "P1", "立案及时，审批手续完备", "4", "未及时立案或未经审批的，扣4分。"),
    (
        "procedure",
        "P2",
        "作出决定前告知拟处罚的事实、理由、依据及陈述、申辩、听证权利（第四十四条）",
        "5",
        "未告知的，扣5分；告知内容缺项的，每项扣1分。",
    ),
    (
        "procedure",
        "P3",
        "充分听取陈述、申辩并复核，未因申辩加重处罚（第四十五条）",
        "4",
        "未复核的，扣2分；因申辩加重处罚的，扣4分。",
    ),
    (
        "procedure",
        "P4",
        "依法组织听证（第六十三条、第六十四条）",
        "3",
        "应告知听证而未告知或未依法组织的，扣3分。",
    ),
    (
        "procedure",
        "P5",
        "依法进行法制审核、集体讨论（第五十七条、第五十八条）",
        "4",
        "应审核未审核或应讨论未讨论的，扣4分。",
    ),
    (
        "procedure",
        "P6",
        "办案期限符合规定，立案之日起九十日内作出决定（第六十条）",
        "3",
        "超期且无延期批准的，扣3分。",
    ),
    ("procedure", "P7", "依法送达，送达回证齐全（第六十一条）", "2", "送达方式不当或缺少送达回证的，扣2分。"),
    (
        "law",
        "L1",
        "适用法律、法规、规章准确，引用条款具体到条、款、项",
        "7",
        "适用依据错误的，扣7分；引用不具体的，扣2分。",
    ),
    ("law", "L2", "处罚种类符合法律规定", "5", "处罚种类错误的，扣5分。"),
    (
        "discretion",
        "D1",
        "符合行政处罚自由裁量基准，从轻、减轻或不予处罚依法说明理由（第三十三条、第三十四条）",
        "5",
        "超出裁量基准的，扣5分；未说明裁量理由的，扣2分。",
    ),
    ("discretion", "D2", "同类案件处理均衡，过罚相当", "3", "明显畸轻畸重的，扣3分。"),
    ("documents", "W1", "文书格式规范，文号、印章、签名齐全", "4", "每处缺陷扣1分。"),
    (
        "documents",
        "W2",
        "处罚决定书载明申请行政复议、提起行政诉讼的途径和期限",
        "3",
        "未载明或载明错误的，扣3分。",
    ),
    ("documents", "W3", "案卷材料齐全，按序装订归档", "3", "材料缺失或顺序混乱的，每处扣1分。"),
)
DEFAULT_EXCELLENT_MIN = Decimal("90")
DEFAULT_PASS_MIN = Decimal("75")


def _violation(code: str, message, citation=CITE_RUBRIC, field: str | None = None) -> RuleViolation:
    return RuleViolation(code, message, citation, field=field)


# --- the rubric ---------------------------------------------------------------------------------


def assert_not_revenue(text: str) -> None:
    """No scoring item or indicator may measure fines or revenue (《行政处罚法》第七十四条)."""
    lowered = (text or "").lower()
    if any(word in lowered for word in REVENUE_WORDS):
        raise _violation(
            "evaluation.revenue_indicator",
            _("Fine amounts and fine revenue cannot be scored or ranked."),
            CITE_FINES,
        )


def validate_rubric(*, items: Iterable[dict], excellent_min, pass_min) -> Decimal:
    """A rubric's items cover the seven parts of a case file, each with positive maximum points and a
    unique code, and add up to exactly 100 points so that scores of every version compare; the grade
    thresholds lie within the total. Returns the total."""
    items = list(items)
    if not items:
        raise _violation("evaluation.rubric_empty", _("A rubric needs items."))
    codes: set[str] = set()
    total = ZERO
    for item in items:
        code = (item.get("code") or "").strip()
        if not code or not (item.get("title") or "").strip():
            raise _violation(
                "evaluation.rubric_item", _("Every item needs a code and a title."), field="items"
            )
        if code in codes:
            raise _violation(
                "evaluation.rubric_code", _("Item code %(code)s is repeated.") % {"code": code}, field="items"
            )
        codes.add(code)
        if item.get("group") not in GROUPS:
            raise _violation("evaluation.rubric_group", _("Unknown part of a case file."), field="items")
        points = Decimal(str(item.get("max_points")))
        if points <= 0:
            raise _violation("evaluation.rubric_points", _("Maximum points must be positive."), field="items")
        assert_not_revenue(f"{item.get('title', '')} {item.get('guidance', '')}")
        total += points
    missing = [g for g in GROUPS if g not in {i.get("group") for i in items}]
    if missing:
        raise _violation(
            "evaluation.rubric_parts",
            _("The rubric must cover every part of a case file; missing: %(parts)s.")
            % {"parts": ", ".join(missing)},
            field="items",
        )
    if total != RUBRIC_TOTAL:
        raise _violation(
            "evaluation.rubric_total",
            _("The items add up to %(total)s points; a rubric totals %(expected)s.")
            % {"total": total, "expected": RUBRIC_TOTAL},
            field="items",
        )
    excellent_min, pass_min = Decimal(str(excellent_min)), Decimal(str(pass_min))
    if not (ZERO < pass_min <= excellent_min <= total):
        raise _violation(
            "evaluation.rubric_thresholds",
            _("Thresholds must satisfy 0 < pass ≤ excellent ≤ the total."),
            field="pass_min",
        )
    return total


def grade_for(score: Decimal, *, excellent_min: Decimal, pass_min: Decimal) -> str:
    """优秀 from ``excellent_min``, 合格 from ``pass_min``, else 不合格 (both thresholds inclusive)."""
    if score >= excellent_min:
        return "excellent"
    if score >= pass_min:
        return "pass"
    return "fail"


# --- reviews ------------------------------------------------------------------------------------

REVIEWABLE_STATES = ("closed", "archived")


def assert_reviewable(state: str) -> None:
    """Case-file review looks at finished files: closed or archived cases only (seed 002: 逐件考核)."""
    if state not in REVIEWABLE_STATES:
        raise _violation(
            "evaluation.not_closed",
            _("Only closed or archived cases are reviewed."),
            CITE_SEED_002,
        )


def assert_separation(*, reviewer_id: int | None, handler_ids: Iterable[int]) -> None:
    """A reviewer never scores a case they handled (separation of handling and evaluation)."""
    if reviewer_id is None:
        raise _violation(
            "evaluation.no_staff", _("Only a staff member can review case files."), CITE_SEPARATION
        )
    if reviewer_id in set(handler_ids):
        raise _violation(
            "evaluation.own_case",
            _("You handled this case, so another reviewer must score it."),
            CITE_SEPARATION,
        )


def score_deductions(*, items: dict, deductions: Iterable[dict]) -> tuple[Decimal, list[dict]]:
    """Check the deductions against the rubric's items (``items``: code → max points) and return the score
    (100 minus the deductions) and the cleaned deductions. Each deduction names an item of the rubric once,
    takes more than 0 and at most the item's points, and gives a reason."""
    cleaned, seen, total = [], set(), ZERO
    for entry in deductions:
        code = str(entry.get("item") or "").strip()
        if code not in items:
            raise _violation(
                "evaluation.deduction_item",
                _("Item %(code)s is not in this rubric.") % {"code": code},
                field="deductions",
            )
        if code in seen:
            raise _violation(
                "evaluation.deduction_twice",
                _("Item %(code)s has two deductions; combine them.") % {"code": code},
                field="deductions",
            )
        seen.add(code)
        try:
            points = Decimal(str(entry.get("points"))).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        except ArithmeticError as exc:
            raise _violation(
                "evaluation.deduction_points", _("Points must be a number."), field="deductions"
            ) from exc
        if points <= 0 or points > items[code]:
            raise _violation(
                "evaluation.deduction_points",
                _("Item %(code)s allows a deduction of more than 0 and at most %(max)s points.")
                % {"code": code, "max": items[code]},
                field="deductions",
            )
        reason = str(entry.get("reason") or "").strip()
        if not reason:
            raise _violation(
                "evaluation.deduction_reason",
                _("Give the reason for the deduction on item %(code)s.") % {"code": code},
                field="deductions",
            )
        total += points
        cleaned.append({"item": code, "points": points, "reason": reason[:2000]})
    return sum(items.values(), ZERO) - total, cleaned


# --- sampling -------------------------------------------------------------------------------------


def sample_size(population: int, percentage) -> int:
    """The number of cases drawn: ``percentage`` % of the population, rounded up (at least one when any)."""
    if population <= 0:
        return 0
    return min(population, math.ceil(population * Decimal(str(percentage)) / 100))


def sample(ids: Iterable[int], *, percentage, seed: str) -> list[int]:
    """The seeded draw: rank every case id by SHA-256 of ``seed:id`` and take the first
    :func:`sample_size`. Anyone with the recorded seed and population repeats it exactly, in any language."""
    population = sorted(set(ids))
    size = sample_size(len(population), percentage)
    ranked = sorted(population, key=lambda pk: hashlib.sha256(f"{seed}:{pk}".encode()).hexdigest())
    return sorted(ranked[:size])


# --- party evaluations and the composite score ----------------------------------------------------

RATING_POINTS_DEFAULT = {"satisfied": 100, "basic": 80, "dissatisfied": 40}


def rating_points(rating: str) -> Decimal:
    """Points of one party rating on the 100-point scale of a case file (setting
    ``EVALUATION_RATING_POINTS``)."""
    table = getattr(settings, "EVALUATION_RATING_POINTS", RATING_POINTS_DEFAULT)
    return Decimal(str(table[rating]))


def party_weight() -> Decimal:
    """The weight of party evaluations in the composite score (setting ``EVALUATION_PARTY_WEIGHT``,
    default 0.3; seed 002: 把行政管理相对人的评议意见作为考核的重要依据)."""
    weight = Decimal(str(getattr(settings, "EVALUATION_PARTY_WEIGHT", "0.3")))
    return min(max(weight, ZERO), Decimal("1"))


def composite(case_file_avg: Decimal | None, party_avg: Decimal | None) -> Decimal | None:
    """The yearly score: the average case-file score and the average party rating, weighted by
    :func:`party_weight`; either alone when the other is missing. No money enters it (第七十四条)."""
    if case_file_avg is None and party_avg is None:
        return None
    if party_avg is None:
        value = Decimal(case_file_avg)
    elif case_file_avg is None:
        value = Decimal(party_avg)
    else:
        weight = party_weight()
        value = Decimal(case_file_avg) * (1 - weight) + Decimal(party_avg) * weight
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def link_valid_days() -> int:
    """Days an evaluation link stays valid after it is issued (setting ``EVALUATION_LINK_DAYS``, 180)."""
    return int(getattr(settings, "EVALUATION_LINK_DAYS", 180))


RATEABLE_CASE_STATES = ("served", "executed", "closed", "archived")
RATEABLE_REQUEST_STATES = ("replied",)


def assert_rateable(*, case_state: str | None = None, request_status: str | None = None) -> None:
    """The party rates once their dealings with the officers are over: the decision served (a summary
    decision is served on the spot) or the case closed; a request once replied to (seed 002)."""
    if case_state is not None and case_state not in RATEABLE_CASE_STATES:
        raise _violation(
            "evaluation.not_yet",
            _("The rating opens once the decision has been served or the case is closed."),
            CITE_PARTY,
        )
    if request_status is not None and request_status not in RATEABLE_REQUEST_STATES:
        raise _violation(
            "evaluation.not_yet", _("The rating opens once the request has been replied to."), CITE_PARTY
        )


def assert_invite_usable(*, used_at, expires_at, now) -> None:
    """A link is used once, and not after it expires (:func:`link_valid_days`)."""
    if used_at is not None:
        raise _violation("evaluation.link_used", _("This link has already been used."), CITE_PARTY)
    if now >= expires_at:
        raise _violation("evaluation.link_expired", _("This link has expired."), CITE_PARTY)
