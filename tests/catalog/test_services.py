"""Services of the power list: publishing versions, tiers, permissions, the public selectors, /admin/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from sunshine.audit.models import Event
from sunshine.catalog import selectors
from sunshine.catalog.models import Matter, MatterVersion, RegionalSettings
from sunshine.catalog.services import (
    catalog_import,
    matter_save,
    review_rule_save,
    settings_update,
    tier_save,
    version_publish,
    version_update_notes,
)
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from tests.factories import MatterVersionFactory, make_matter

pytestmark = pytest.mark.django_db

LAW = {"violated_law": "城市道路管理条例", "penalty_law": "城市道路管理条例"}


def test_publish_closes_the_previous_version_and_is_audited():
    first = make_matter("SZ-002")
    second = version_publish(actor=None, matter=first.matter, effective_from=dt.date(2026, 1, 1), data=LAW)
    first.refresh_from_db()
    assert first.effective_to == dt.date(2025, 12, 31)
    assert second.number == 2
    assert second.effective_to is None
    assert second.tiers.count() == 4
    assert Event.objects.filter(action="catalog.version_publish", object_id=str(second.pk)).exists()


@pytest.mark.parametrize(("start", "ok"), [(dt.date(2024, 1, 1), False), (dt.date(2024, 1, 2), True)])
def test_publish_must_start_after_the_previous_version(start, ok):
    """Versions never overlap (《行政处罚法》第三十七条: one version applies to the day of an act)."""
    first = make_matter("SZ-003")
    if ok:
        version_publish(actor=None, matter=first.matter, effective_from=start, data=LAW)
        first.refresh_from_db()
        assert first.effective_to == dt.date(2024, 1, 1)  # in force for one day
    else:
        with pytest.raises(RuleViolation) as caught:
            version_publish(actor=None, matter=first.matter, effective_from=start, data=LAW)
        assert caught.value.code == "version_not_after_previous"
        assert "第三十七条" in str(caught.value.citation)
        assert MatterVersion.objects.filter(matter=first.matter).count() == 1


def test_database_refuses_two_open_versions():
    first = make_matter("SZ-004")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatterVersionFactory(matter=first.matter, number=2, effective_from=dt.date(2025, 1, 1), tiers=False)


def test_database_refuses_inverted_dates():
    first = make_matter("SZ-005")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatterVersion.objects.filter(pk=first.pk).update(effective_to=dt.date(2023, 1, 1))


def test_services_need_config_manage(make_user):
    officer = make_user("officer")
    admin = make_user("system_admin")
    version = make_matter("SZ-006")
    with pytest.raises(PermissionDeniedError):
        matter_save(actor=officer, code="X-1", name="x", category="roads")
    with pytest.raises(PermissionDeniedError):
        version_publish(actor=officer, matter=version.matter, effective_from=dt.date(2026, 1, 1), data=LAW)
    with pytest.raises(PermissionDeniedError):
        settings_update(actor=officer, data={"ladder_window_months": 6})
    with pytest.raises(PermissionDeniedError):
        catalog_import(actor=officer)
    assert not Matter.objects.filter(code="X-1").exists()
    matter = matter_save(actor=admin, code="X-1", name="测试", category="roads")
    assert matter.get_category_display()


@pytest.mark.parametrize(("high", "ok"), [("20000", True), ("20000.01", False)])
def test_tier_must_stay_within_the_statutory_range(high, ok):
    """《行政处罚法》第三十四条: the benchmark refines the statutory range, it never widens it."""
    version = make_matter("HB-009")
    data = {"fine_individual_max": Decimal(high), "fine_org_max": Decimal("20000")}
    if ok:
        tier = tier_save(actor=None, version=version, severity="grave", data=data)
        assert tier.fine_individual_max == Decimal(high)
    else:
        with pytest.raises(RuleViolation) as caught:
            tier_save(actor=None, version=version, severity="grave", data=data)
        assert caught.value.code == "tier_outside_statutory_range"


def test_published_legal_text_cannot_be_edited():
    version = make_matter("HB-011")
    version_update_notes(actor=None, version=version, data={"handling_unit": "二中队"})
    version.refresh_from_db()
    assert version.handling_unit == "二中队"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        version_update_notes(actor=None, version=version, data={"penalty_text": "改"})


def test_review_rule_needs_a_condition():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        review_rule_save(actor=None, data={"title": "空"})
    rule = review_rule_save(actor=None, data={"title": "关闭", "penalty_kind": "closure"})
    assert rule.pk


def test_settings_current_is_a_singleton():
    assert RegionalSettings.current().pk == RegionalSettings.current().pk
    assert RegionalSettings.objects.count() == 1
    settings_update(actor=None, data={"hearing_threshold_org": Decimal("50000")})
    assert RegionalSettings.current().hearing_threshold_org == Decimal("50000")


def test_public_selectors_give_only_public_fields():
    version = make_matter("HB-009", note="内部备注")
    listing = selectors.public_power_list()
    assert [m["code"] for m in listing] == ["HB-009"]
    entry = listing[0]
    assert entry["version"]["penalty_text"] == version.penalty_text
    assert len(entry["version"]["tiers"]) == 4
    assert "note" not in entry["version"]
    assert "verified" not in entry["version"]
    assert "内部备注" not in str(entry)
    detail = selectors.public_matter("HB-009")
    assert detail["history"][0]["number"] == 1
    version.matter.active = False
    version.matter.save()
    assert selectors.public_power_list() == []
    with pytest.raises(Http404):
        selectors.public_matter("HB-009")


def test_admin_publishes_a_version_through_the_service(client, make_user):
    from tests.catalog.test_views import _verify_two_factor

    admin = make_user("system_admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    _verify_two_factor(client, admin)
    version = make_matter("SZ-007")
    assert client.get("/admin/catalog/matterversion/").status_code == 200
    assert client.get(f"/admin/catalog/matterversion/{version.pk}/change/").status_code == 200
    form = {
        "matter": version.matter.pk,
        "effective_from": "2026-05-01",
        "violated_law": "城市道路管理条例",
        "violated_article": "第二十七条",
        "violated_text": "文本",
        "penalty_law": "城市道路管理条例",
        "penalty_article": "第四十二条",
        "penalty_text": "文本",
        "fine_individual_max": "20000",
        "fine_org_max": "20000",
        "verified": "on",
        "tiers-TOTAL_FORMS": "0",
        "tiers-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/catalog/matterversion/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    assert version.effective_to == dt.date(2026, 4, 30)
    assert version.matter.versions.count() == 2
    early = client.post("/admin/catalog/matterversion/add/", {**form, "effective_from": "2026-05-01"})
    assert early.status_code == 200  # shown again with the error
    assert version.matter.versions.count() == 2


def test_database_refuses_overlapping_versions():
    """Two versions of a matter in force on one day are refused by the database itself."""
    first = make_matter("SZ-008")
    MatterVersion.objects.filter(pk=first.pk).update(effective_to=dt.date(2024, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        MatterVersionFactory(
            matter=first.matter,
            number=2,
            effective_from=dt.date(2024, 12, 31),
            effective_to=dt.date(2025, 6, 30),
            tiers=False,
        )
    second = MatterVersionFactory(
        matter=first.matter,
        number=2,
        effective_from=dt.date(2025, 1, 1),
        effective_to=dt.date(2025, 6, 30),
        tiers=False,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MatterVersion.objects.filter(pk=first.pk).update(effective_to=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatterVersion.objects.filter(pk=second.pk).update(effective_from=dt.date(2024, 6, 1))
    assert MatterVersion.objects.filter(matter=first.matter).count() == 2


def test_admin_tier_edit_goes_through_the_service(client, make_user):
    """Tier changes in /admin/ are checked against the statutory range (第三十四条) and audited."""
    from tests.catalog.test_views import _verify_two_factor

    admin = make_user("system_admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    _verify_two_factor(client, admin)
    version = make_matter("SZ-009")
    tiers = list(version.tiers.order_by("id"))
    data = {
        "handling_unit": "二中队",
        "time_limit_days": "60",
        "note": "",
        "benchmark_document": "",
        "verified": "on",
        "tiers-TOTAL_FORMS": str(len(tiers)),
        "tiers-INITIAL_FORMS": str(len(tiers)),
        "tiers-MIN_NUM_FORMS": "0",
        "tiers-MAX_NUM_FORMS": "1000",
    }
    for index, tier in enumerate(tiers):
        prefix = f"tiers-{index}-"
        data.update(
            {
                prefix + "id": str(tier.pk),
                prefix + "version": str(version.pk),
                prefix + "severity": tier.severity,
                prefix + "conditions": tier.conditions,
                prefix + "fine_individual_min": str(tier.fine_individual_min),
                prefix + "fine_individual_max": str(tier.fine_individual_max),
                prefix + "fine_org_min": str(tier.fine_org_min),
                prefix + "fine_org_max": str(tier.fine_org_max),
                prefix + "other_penalties": tier.other_penalties,
            }
        )
        if tier.first_violation_waiver:
            data[prefix + "first_violation_waiver"] = "on"
    grave = next(i for i, t in enumerate(tiers) if t.severity == "grave")
    url = f"/admin/catalog/matterversion/{version.pk}/change/"
    data[f"tiers-{grave}-fine_individual_max"] = "19000"
    response = client.post(url, data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.handling_unit == "二中队"
    assert version.tiers.get(severity="grave").fine_individual_max == Decimal("19000")
    assert Event.objects.filter(action="catalog.tier_save").count() == 1
    data[f"tiers-{grave}-fine_individual_max"] = "20000.01"  # above the statutory maximum
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form again, with the error
    assert "法定幅度" in refused.content.decode()
    assert version.tiers.get(severity="grave").fine_individual_max == Decimal("19000")
