"""The evidence demo (after the org, accounts, catalog, parties and cases demos): the cases demo films its
must-record actions first, the evidence demo adds items, a single-device activity and a flagged device, and
loading twice adds nothing."""

from __future__ import annotations

import io

import pytest

from sunshine.evidence.models import Activity, Item


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.cases import demo as cases_demo
    from sunshine.catalog import demo as catalog_demo
    from sunshine.evidence import demo, storage
    from sunshine.org import demo as org_demo
    from sunshine.parties import demo as parties_demo
    from sunshine.workdays import demo as workdays_demo

    out = io.StringIO()
    for module in (org_demo, accounts_demo, workdays_demo, catalog_demo, parties_demo, cases_demo):
        module.load(out)
    assert "stopped" not in out.getvalue(), out.getvalue()
    # the cases demo filmed its questioning, preservation and seizure before taking those actions
    assert Activity.objects.filter(kind="questioning", used_by_action="record_statement").exists()
    demo.load(out)
    assert "stopped" not in out.getvalue(), out.getvalue()
    items = Item.objects.filter(metadata__demo=True).count()
    assert items >= 3
    assert (
        Activity.objects.filter(status="done", device_count__lt=2).exclude(fewer_devices_reason="").exists()
    )
    assert Item.objects.filter(device_flag="unknown").exists()
    assert Item.objects.filter(blob__mime="image/png").exists()
    assert Item.objects.filter(blob__mime="application/pdf").exists()
    assert all(storage.check(i.blob.sha256, i.blob.size) == "ok" for i in Item.objects.select_related("blob"))
    total = Item.objects.count()
    demo.load(out)
    assert Item.objects.count() == total
