"""The demo loads on top of the earlier apps' demos, twice without adding anything."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from sunshine.org.models import Staff
from sunshine.oversight.models import AccountabilityAction, ConductCheck, EnforcementFault, FaultFlag, Finding


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent():
    import importlib

    out = io.StringIO()
    for app in ("org", "accounts", "workdays", "catalog", "parties", "cases", "service"):
        importlib.import_module(f"sunshine.{app}.demo").load(out)
    from sunshine.oversight import demo

    on_leave = Staff.objects.filter(status=Staff.Status.STUDY_LEAVE).count()
    demo.load(out)
    assert ConductCheck.objects.filter(kind="daily").count() == 52
    assert ConductCheck.objects.filter(kind="unannounced").exists()
    assert Finding.objects.filter(status="closed").exists()
    assert Finding.objects.filter(staff__user__username="officer", status="open").exists()
    assert Finding.objects.filter(staff__user__username="officer2", status="answered").exists()
    if EnforcementFault.objects.exists():
        flag = FaultFlag.objects.get(staff__user__username="officer2", year=timezone.localdate().year)
        assert flag.action.status == AccountabilityAction.Status.APPROVED
    assert Staff.objects.filter(status=Staff.Status.STUDY_LEAVE).count() == on_leave + 1
    counts = (ConductCheck.objects.count(), Finding.objects.count(), AccountabilityAction.objects.count())
    demo.load(out)
    assert (
        ConductCheck.objects.count(),
        Finding.objects.count(),
        AccountabilityAction.objects.count(),
    ) == counts
