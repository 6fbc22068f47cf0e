"""Importing the bundled power list: all 97 rows, verbatim, idempotent, with derived tiers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command

from sunshine.audit.models import Event
from sunshine.catalog import demo, importer
from sunshine.catalog.models import BenchmarkTier, Category, Matter, MatterVersion, ReviewCatalogRule
from sunshine.catalog.selectors import version_in_force
from sunshine.catalog.services import catalog_import

pytestmark = pytest.mark.django_db


def _csv_rows():
    with importer.DEFAULT_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bundled_csv_has_97_rows():
    assert len(_csv_rows()) == 97


def test_import_creates_every_matter_with_verbatim_texts():
    result = catalog_import()
    assert result.matters_created == 97
    assert result.versions_created == 97
    assert Matter.objects.count() == 97
    assert MatterVersion.objects.count() == 97
    assert BenchmarkTier.objects.count() == 97 * 4
    versions = {v.matter.code: v for v in MatterVersion.objects.select_related("matter")}
    for row in _csv_rows():
        version = versions[row["code"]]
        assert version.matter.name == row["name"]
        assert version.violated_law == row["violated_law"]
        assert version.violated_article == row["violated_article"]
        assert version.violated_text == row["violated_text"]
        assert version.penalty_law == row["penalty_law"]
        assert version.penalty_article == row["penalty_article"]
        assert version.penalty_text == row["penalty_text"]
        assert version.other_penalties == row["other_penalties"]
        assert version.verified is (row["verified"] == "yes")
        for name in ("fine_individual_min", "fine_individual_max", "fine_org_min", "fine_org_max"):
            expected = Decimal(row[name]) if row[name] else None
            assert getattr(version, name) == expected, (row["code"], name)
        assert version.effective_from == dt.date(2024, 1, 1)
        assert version.effective_to is None


def test_import_twice_gives_the_same_counts():
    catalog_import()
    events = Event.objects.count()
    second = catalog_import()
    assert second.matters_created == 0
    assert second.versions_created == 0
    assert second.unchanged == 97
    assert Matter.objects.count() == 97
    assert MatterVersion.objects.count() == 97
    assert BenchmarkTier.objects.count() == 388
    assert Event.objects.count() == events  # nothing changed, nothing recorded


def test_categories_mapped():
    catalog_import()
    counts = {c: Matter.objects.filter(category=c).count() for c in Category.values}
    assert counts[Category.CITY_APPEARANCE] == 30
    assert counts[Category.MUNICIPAL] == 28
    assert counts[Category.ENVIRONMENT] == 23
    assert counts[Category.LANDSCAPING] == 7
    assert counts[Category.PLANNING] == 7
    assert counts[Category.COMMERCE] == 2


def test_tiers_split_the_statutory_range_and_stay_inside_it():
    catalog_import()
    version = version_in_force("HB-009", on=dt.date(2026, 6, 1))  # 五百元以上二万元以下
    tiers = {t.severity: t for t in version.tiers.all()}
    assert tiers["minor"].fine_individual_min == Decimal("500")
    assert tiers["grave"].fine_individual_max == Decimal("20000")
    assert tiers["minor"].first_violation_waiver is True
    assert tiers["grave"].first_violation_waiver is False
    assert not any(t.bureau_setting for t in tiers.values())
    for tier in BenchmarkTier.objects.select_related("version"):
        v = tier.version
        for low, high, s_low, s_high in (
            (
                tier.fine_individual_min,
                tier.fine_individual_max,
                v.fine_individual_min,
                v.fine_individual_max,
            ),
            (tier.fine_org_min, tier.fine_org_max, v.fine_org_min, v.fine_org_max),
        ):
            if s_high is not None and high is not None:
                assert high <= s_high
            if s_low is not None and low is not None:
                assert low >= s_low


def test_matters_without_national_amounts_are_marked_bureau_settings():
    catalog_import()
    sr001 = version_in_force("SR-001")
    assert all(t.bureau_setting for t in sr001.tiers.all())
    assert sr001.tiers.get(severity="ordinary").fine_individual_max is not None
    gh001 = version_in_force("GH-001")  # 建设工程造价百分之五以上百分之十以下
    assert (gh001.fine_rate_min, gh001.fine_rate_max) == (Decimal("5"), Decimal("10"))
    assert gh001.tiers.get(severity="grave").fine_rate_max == Decimal("10")
    yl007 = version_in_force("YL-007")  # no fine in the national text
    assert all(t.fine_individual_max is None and t.fine_org_max is None for t in yl007.tiers.all())
    assert not version_in_force("SR-030").verified


def test_changed_row_publishes_a_new_version_and_keeps_the_old(tmp_path):
    catalog_import()
    rows = _csv_rows()
    rows[0]["penalty_text"] = rows[0]["penalty_text"] + "（修订）"
    changed = tmp_path / "matters.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = catalog_import(path=changed, effective_from=dt.date(2026, 7, 1))
    assert result.versions_created == 1
    assert result.unchanged == 96
    code = rows[0]["code"]
    old = version_in_force(code, on=dt.date(2026, 6, 30))
    new = version_in_force(code, on=dt.date(2026, 7, 1))
    assert (old.number, new.number) == (1, 2)
    assert old.effective_to == dt.date(2026, 6, 30)
    assert new.penalty_text.endswith("（修订）")
    assert new.tiers.count() == 4


def test_bad_category_is_reported_with_its_line(tmp_path):
    bad = tmp_path / "bad.csv"
    rows = _csv_rows()[:2]
    rows[1]["category"] = "航天"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match="line 3"):
        catalog_import(path=bad)
    assert Matter.objects.count() == 0


def test_command_and_demo_loader_are_idempotent():
    out = io.StringIO()
    call_command("catalog_import", stdout=out)
    assert "matters created 97" in out.getvalue()
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Matter.objects.count() == 97
    assert ReviewCatalogRule.objects.count() == len(demo.REVIEW_RULES)


def test_split_range_rounds_and_covers_the_range():
    parts = importer.split_range(Decimal("500"), Decimal("20000"))
    assert parts[0][0] == Decimal("500")
    assert parts[-1][1] == Decimal("20000")
    for left, right in itertools.pairwise(parts):
        assert left[1] == right[0]
    assert importer.split_range(None, None) == [None] * 4
