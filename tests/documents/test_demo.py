"""The demo issues documents on the demo cases (through the services), twice without adding anything."""

from __future__ import annotations

import io

import pytest

from sunshine.documents.models import Document, PartySignature


@pytest.mark.django_db
def test_demo_issues_documents_and_is_idempotent(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    from sunshine.accounts import demo as accounts_demo
    from sunshine.cases import demo as cases_demo
    from sunshine.catalog import demo as catalog_demo
    from sunshine.documents import demo
    from sunshine.org import demo as org_demo
    from sunshine.parties import demo as parties_demo
    from sunshine.workdays import demo as workdays_demo

    out = io.StringIO()
    for module in (org_demo, accounts_demo, workdays_demo, catalog_demo, parties_demo, cases_demo):
        module.load(out)
    demo.load(out)
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert {"filing_approval", "advance_notice", "penalty_decision", "closure_approval"} <= kinds
    from sunshine.cases.models import Case

    if Case.objects.filter(procedure="summary").exists():
        assert "summary_decision" in kinds
    assert Document.objects.filter(status="voided", superseded_by__isnull=False).count() == 1
    assert PartySignature.objects.filter(source="tablet").exists()
    count = Document.objects.count()
    demo.load(out)
    assert Document.objects.count() == count
