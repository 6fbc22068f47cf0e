"""Open data: every public list as JSON and as CSV at stable URLs (``/disclosure/data/<name>.json`` and
``.csv``), streamed so that a million decisions do not sit in memory. The rows are exactly what the
portal pages show: decisions come from the frozen, masked publication rows only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.urls import reverse

from sunshine.catalog import selectors as catalog_selectors

from . import selectors

DECISION_COLUMNS = [
    "id",
    "status",
    "document_number",
    "party",
    "act",
    "facts",
    "legal_basis",
    "penalty",
    "fine",
    "deciding_unit",
    "decided_on",
    "published_on",
    "withdrawn_on",
    "withdrawal_reason",
    "url",
]
OFFICER_COLUMNS = ["name", "unit", "certificate_number", "enforcement_category", "enforcement_area"]
POWER_COLUMNS = [
    "code",
    "name",
    "category",
    "violated_law",
    "violated_article",
    "penalty_law",
    "penalty_article",
    "fine_individual_min",
    "fine_individual_max",
    "fine_org_min",
    "fine_org_max",
    "other_penalties",
    "handling_unit",
    "time_limit_days",
    "benchmark_document",
    "effective_from",
    "benchmark_tiers",
]
UNIT_COLUMNS = ["code", "name", "kind", "parent", "phone", "address", "duties"]
REVIEW_COLUMNS = ["title", "description", "citation"]


def _iso(value):
    return value.isoformat() if value else None


def decisions(filters: dict | None = None) -> Iterator[dict]:
    base = reverse("disclosure_portal:decision_detail", args=[0])[:-2]
    qs = selectors.public_decisions(filters).values(
        "id",
        "status",
        "document_number",
        "party_display",
        "act",
        "facts",
        "legal_basis",
        "penalty",
        "fine",
        "unit_name",
        "decided_on",
        "published_on",
        "withdrawn_on",
        "withdrawal_reason",
    )
    for row in qs.iterator(chunk_size=2000):
        withdrawn = row["status"] == "withdrawn"
        yield {
            "id": row["id"],
            "status": row["status"],
            "document_number": row["document_number"],
            # a withdrawn decision keeps only its number, unit, dates and the reason
            "party": "" if withdrawn else row["party_display"],
            "act": "" if withdrawn else row["act"],
            "facts": "" if withdrawn else row["facts"],
            "legal_basis": "" if withdrawn else row["legal_basis"],
            "penalty": "" if withdrawn else row["penalty"],
            "fine": None if withdrawn else f"{Decimal(row['fine']):.2f}",
            "deciding_unit": row["unit_name"],
            "decided_on": _iso(row["decided_on"]),
            "published_on": _iso(row["published_on"]),
            "withdrawn_on": _iso(row["withdrawn_on"]),
            "withdrawal_reason": row["withdrawal_reason"],
            "url": f"{base}{row['id']}/",
        }


def officers() -> Iterator[dict]:
    for row in selectors.public_officers().iterator(chunk_size=2000):
        yield {
            "name": row["staff__name"],
            "unit": row["staff__unit__name"],
            "certificate_number": row["number"],
            "enforcement_category": row["enforcement_category"],
            "enforcement_area": row["enforcement_area"],
        }


def powers() -> Iterator[dict]:
    for item in catalog_selectors.public_power_list():
        v = item["version"]
        yield {
            "code": item["code"],
            "name": item["name"],
            "category": item["category_label"],
            "violated_law": v["violated_law"],
            "violated_article": v["violated_article"],
            "penalty_law": v["penalty_law"],
            "penalty_article": v["penalty_article"],
            "fine_individual_min": v["fine_individual_min"],
            "fine_individual_max": v["fine_individual_max"],
            "fine_org_min": v["fine_org_min"],
            "fine_org_max": v["fine_org_max"],
            "other_penalties": v["other_penalties"],
            "handling_unit": v["handling_unit"],
            "time_limit_days": v["time_limit_days"],
            "benchmark_document": v["benchmark_document"],
            "effective_from": v["effective_from"],
            "benchmark_tiers": v["tiers"],
        }


def units() -> Iterator[dict]:
    units = selectors.public_units()
    names = {u.pk: u.name for u in units}
    for u in units:
        yield {
            "code": u.code,
            "name": u.name,
            "kind": str(u.get_kind_display()),
            "parent": names.get(u.parent_id, ""),
            "phone": u.phone,
            "address": u.address,
            "duties": u.duties,
        }


def review_catalog() -> Iterator[dict]:
    for rule in catalog_selectors.review_rules():
        yield {"title": rule.title, "description": rule.description, "citation": rule.citation}


DATASETS = {
    "decisions": (decisions, DECISION_COLUMNS),
    "officers": (officers, OFFICER_COLUMNS),
    "powers": (powers, POWER_COLUMNS),
    "units": (units, UNIT_COLUMNS),
    "review-catalog": (review_catalog, REVIEW_COLUMNS),
}


def as_json(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False, default=str)
        first = False
    yield "\n]\n"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def as_csv(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that spreadsheet programs read UTF-8
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_cell(row.get(c)) for c in columns])
