"""The search-select widget renders only the chosen rows (a city has a million parties)."""

from __future__ import annotations

import pytest

from sunshine.cases.forms import CaseCreateForm
from sunshine.parties.models import Party

pytestmark = pytest.mark.django_db


def test_only_the_chosen_parties_are_in_the_page():
    parties = Party.objects.bulk_create([Party(kind="individual", name=f"当事人{i:03d}") for i in range(60)])
    chosen = parties[7]
    html = str(CaseCreateForm(data={"parties": [str(chosen.pk)]})["parties"])
    assert html.count("<option") == 1
    assert f'value="{chosen.pk}" selected' in html
    assert "当事人007" in html and "当事人008" not in html
    assert 'data-search-url="/api/v1/parties/"' in html


def test_an_empty_form_has_no_party_options_and_the_label_points_at_the_search_box():
    Party.objects.bulk_create([Party(kind="individual", name=f"当事人{i}") for i in range(5)])
    field = CaseCreateForm()["parties"]
    assert "<option" not in str(field)
    assert field.id_for_label == "id_parties_search"
    assert 'id="id_parties_search"' in str(field)


def test_submitted_ids_are_still_validated_by_the_field():
    form = CaseCreateForm(data={"parties": ["999999"]})
    form.is_valid()
    assert "parties" in form.errors
