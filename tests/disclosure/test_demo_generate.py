"""The demo loads (idempotent) with one held-back and one withdrawn publication; the generate_city hook
makes one publication per generated penalty decision, masked."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from sunshine.cases.models import Decision
from sunshine.disclosure.models import Publication, Status
from sunshine.parties.models import Party

pytestmark = pytest.mark.django_db
ID_RE = re.compile(r"\d{17}[\dXx]")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_demo_loads_and_is_idempotent():
    from sunshine.disclosure import demo

    out = io.StringIO()
    for app in ("org", "accounts", "workdays", "catalog", "parties", "cases"):
        __import__(f"sunshine.{app}.demo", fromlist=["load"]).load(out)
    demo.load(out)
    penalties = Decision.objects.filter(kind="penalty").count()
    assert penalties and Publication.objects.count() == penalties
    assert Publication.objects.filter(status=Status.HELD_BACK).count() == 1
    assert Publication.objects.filter(status=Status.WITHDRAWN).count() == 1
    assert Publication.objects.filter(status=Status.PUBLISHED).exists()
    before = list(Publication.objects.order_by("pk").values_list("pk", "status"))
    demo.load(out)
    assert list(Publication.objects.order_by("pk").values_list("pk", "status")) == before


def test_generate_city_hook(monkeypatch):
    from sunshine.core.management.commands import generate_city

    monkeypatch.setattr(generate_city, "HOOKS", ["disclosure"])
    call_command("generate_city", cases=300, seed=11, stdout=io.StringIO())
    penalties = Decision.objects.filter(kind="penalty").count()
    assert penalties and Publication.objects.count() == penalties
    assert Publication.objects.filter(listed=True).exists()
    names = set(Party.objects.filter(kind="individual").values_list("name", flat=True))
    for row in Publication.objects.filter(listed=True).values("party_display", "act", "facts"):
        text = " ".join(row.values())
        assert not ID_RE.search(text) and not MOBILE_RE.search(text)
        assert row["party_display"] not in names
