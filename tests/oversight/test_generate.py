"""The city-scale generator's rows obey the rules: entries and findings agree, flags follow faults."""

from __future__ import annotations

import io
import random
from types import SimpleNamespace

import pytest
from django.db.models import Count

from sunshine.org.models import Staff, Unit
from sunshine.oversight import generate
from sunshine.oversight.models import CheckEntry, FaultFlag, FaultOfficer, Finding
from tests.factories import CaseFactory


@pytest.mark.django_db
def test_generate_makes_consistent_rows(monkeypatch):
    from sunshine.accounts import demo as accounts_demo
    from sunshine.org import demo as org_demo
    from sunshine.workdays import demo as workdays_demo

    out = io.StringIO()
    org_demo.load(out)
    accounts_demo.load(out)
    workdays_demo.load(out)
    monkeypatch.setattr(generate, "YEARS", 1)
    monkeypatch.setattr(generate, "FAULT_SHARE", 0.5)
    squads = list(Unit.objects.filter(code__in=["XCG-Z1", "XCG-Z2"]))
    officers = list(Staff.objects.filter(unit=squads[0], kind="officer")[:2])
    cases = [CaseFactory(unit=squads[0], handler=officers[i % 2]) for i in range(40)]
    ctx = SimpleNamespace(
        rng=random.Random(1), squads=squads, batch=500, out=out, case_range=(cases[0].pk, cases[-1].pk)
    )
    generate.generate(ctx)
    entries = CheckEntry.objects.count()
    assert entries > 200
    failed = sum(
        not getattr(e, item)
        for e in CheckEntry.objects.all()
        for item in ("uniform", "certificate", "conduct", "recorder")
    )
    assert Finding.objects.count() == failed
    counts = FaultOfficer.objects.values("staff_id", "year").annotate(n=Count("id"))
    expected = {(c["staff_id"], c["year"]) for c in counts if c["n"] >= 2}
    assert expected and set(FaultFlag.objects.values_list("staff_id", "year")) == expected
    assert all(f.action_id for f in FaultFlag.objects.all())
