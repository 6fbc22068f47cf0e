"""The demo loads on top of the org and accounts demos, twice without adding anything."""

from __future__ import annotations

import io

import pytest

from sunshine.inspections import verifier
from sunshine.inspections.models import Draw, Target, Task


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.inspections import demo
    from sunshine.org import demo as org_demo
    from sunshine.workdays import demo as workdays_demo

    out = io.StringIO()
    org_demo.load(out)
    accounts_demo.load(out)
    workdays_demo.load(out)
    demo.load(out)
    assert Target.objects.count() == demo.N_TARGETS
    assert Draw.objects.exclude(seed="").count() == 2
    assert all(verifier.verify(d.published()) == [] for d in Draw.objects.all())
    assert Task.objects.filter(published_at__isnull=False).exists()
    tasks = Task.objects.count()
    demo.load(out)
    assert Task.objects.count() == tasks
