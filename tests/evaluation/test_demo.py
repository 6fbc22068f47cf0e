"""The demo scores the demo cases and rates them through the services, twice without adding anything."""

from __future__ import annotations

import io

import pytest

from sunshine.evaluation import selectors, services
from sunshine.evaluation.models import CaseFileReview, PartyEvaluation, SamplingDraw, ScoreEntry


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent():
    from sunshine.accounts import demo as accounts_demo
    from sunshine.cases import demo as cases_demo
    from sunshine.catalog import demo as catalog_demo
    from sunshine.evaluation import demo
    from sunshine.org import demo as org_demo
    from sunshine.parties import demo as parties_demo
    from sunshine.service import demo as service_demo
    from sunshine.workdays import demo as workdays_demo

    out = io.StringIO()
    for module in (
        org_demo,
        accounts_demo,
        workdays_demo,
        catalog_demo,
        parties_demo,
        cases_demo,
        service_demo,
    ):
        module.load(out)
    demo.load(out)
    assert SamplingDraw.objects.exists()
    assert all(services.draw_verify(d) for d in SamplingDraw.objects.all())
    assert CaseFileReview.objects.filter(status="done").exists()
    assert PartyEvaluation.objects.exists()
    counts = (CaseFileReview.objects.count(), PartyEvaluation.objects.count(), ScoreEntry.objects.count())
    demo.load(out)
    assert counts == (
        CaseFileReview.objects.count(),
        PartyEvaluation.objects.count(),
        ScoreEntry.objects.count(),
    )
    year = CaseFileReview.objects.filter(status="done").first().year
    assert selectors.rankings(year)
