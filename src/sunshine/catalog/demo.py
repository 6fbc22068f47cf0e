"""Demo data for the power list: the bundled 97 matters, the review catalog and the regional settings."""

from __future__ import annotations

from decimal import Decimal

from .models import Category, PenaltyKind, RegionalSettings, ReviewCatalogRule
from .services import catalog_import, review_rule_save

# The bureau's review catalog (重大执法决定法制审核目录清单) beyond the three statutory grounds of
# 《行政处罚法》第五十八条第一款第（一）至（三）项, which always apply. Demo values in the common shape of
# city catalogues: large fines, confiscation, licence revocation, closure, demolition.
REVIEW_RULES = [
    {
        "title": "对个人处以一万元以上、对单位处以十万元以上罚款的",
        "penalty_kind": PenaltyKind.FINE,
        "amount_individual_from": Decimal("10000"),
        "amount_org_from": Decimal("100000"),
    },
    {"title": "没收违法所得的", "penalty_kind": PenaltyKind.CONFISCATE_GAINS},
    {"title": "没收非法财物的", "penalty_kind": PenaltyKind.CONFISCATE_PROPERTY},
    {"title": "吊销许可证件的", "penalty_kind": PenaltyKind.LICENCE_REVOCATION},
    {"title": "降低资质等级的", "penalty_kind": PenaltyKind.QUALIFICATION_DOWNGRADE},
    {"title": "责令停产停业的", "penalty_kind": PenaltyKind.SUSPEND_BUSINESS},
    {"title": "责令关闭的", "penalty_kind": PenaltyKind.CLOSURE},
    {
        "title": "违法建设责令限期拆除的",
        "category": Category.PLANNING,
        "penalty_kind": PenaltyKind.DEMOLITION,
    },
    {
        "title": "城乡规划类案件处以罚款的",
        "category": Category.PLANNING,
        "penalty_kind": PenaltyKind.FINE,
    },
]
CATALOG_CITATION = "新城市城市管理局重大执法决定法制审核目录清单（2024年版）"


def load(out) -> None:
    result = catalog_import()
    out.write(f"catalog: {result}")
    RegionalSettings.current()
    existing = set(ReviewCatalogRule.objects.values_list("title", flat=True))
    for order, rule in enumerate(REVIEW_RULES, start=1):
        if rule["title"] in existing:
            continue
        review_rule_save(
            actor=None,
            data={**rule, "citation": f"{CATALOG_CITATION}第{order}项", "sort_order": order * 10},
        )
    out.write(f"catalog: {ReviewCatalogRule.objects.count()} review catalog rules")
