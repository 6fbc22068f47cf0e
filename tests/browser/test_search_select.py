"""The case form's party picker: type, choose from the API's matches (core/widgets.py)."""

from __future__ import annotations

import pytest

from sunshine.parties.models import Party

from .conftest import DESK, PHONE
from .test_shell import log_in, role_groups, with_password  # noqa: F401 - role_groups is an autouse fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="phone"), pytest.param(DESK, id="desk")])
def test_officer_picks_a_party_by_searching(open_page, live_server, make_user, viewport):
    with_password(make_user("officer", username="officer"))
    Party.objects.bulk_create(
        [Party(kind="individual", name=name) for name in ("张三丰", "张无忌", "李寻欢", "王重阳")]
    )
    watched = open_page(viewport)
    page = watched.page
    log_in(watched, live_server.url, "officer")
    page.goto(f"{live_server.url}/work/cases/new/")
    select = page.locator("select[name='parties']")
    assert select.locator("option").count() == 0  # nothing listed until searched
    page.locator("#id_parties_search").fill("张")
    matches = page.locator("#id_parties_search_results button")
    matches.first.wait_for()
    assert sorted(matches.all_inner_texts()) == ["张三丰", "张无忌"]
    page.get_by_role("option", name="张无忌").click()
    assert select.locator("option:checked").all_inner_texts() == ["张无忌"]
    assert matches.count() == 0  # the list closes after choosing
    watched.shot(f"party-search-{'phone' if viewport is PHONE else 'desk'}")
    watched.assert_clean()
