"""The public disclosure portal on a phone (360 px) and on a desk: the decision list and its filters, a
decision page, a withdrawn one, the officer search, the flowcharts; keyboard use (skip link, labels);
no sideways scrolling, no console errors, no CSP violations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from sunshine.accounts.roles import Role
from sunshine.disclosure import services
from tests.cases.conftest import team  # noqa: F401
from tests.disclosure.conftest import decide, person  # noqa: F401 - fixtures shared with tests/disclosure

from .conftest import DESK, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESK, id="desk")]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


@pytest.fixture
def published(decide, team):  # noqa: F811
    shown = decide(party=person("欧阳娜娜"), unit="squad1", decided_on=dt.date(2026, 9, 29))
    other = decide(unit="squad2", decided_on=dt.date(2026, 10, 9))
    gone = decide(decided_on=dt.date(2026, 9, 30))
    for pub in (shown, other, gone):
        services.publication_publish(actor=team.reviewer, pk=pub.pk)
    services.publication_withdraw(actor=team.reviewer, pk=gone.pk, reason="该决定已被依法撤销，撤回公示。")
    return {"shown": shown, "other": other, "gone": gone}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_decision_list_filter_and_pages(open_page, live_server, published, team, viewport):  # noqa: F811
    size = "phone" if viewport is PHONE else "desk"
    watched = open_page(viewport)
    page = watched.page
    page.goto(f"{live_server.url}/disclosure/decisions/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_text(published["shown"].document_number).is_visible()
    assert page.get_by_text("欧阳某某").first.is_visible()
    assert page.locator("body").inner_text().count("欧阳娜娜") == 0
    no_horizontal_scroll(page)
    watched.shot(f"disclosure-decisions-{size}")

    # keyboard: the first Tab reaches the skip link, which moves focus to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    # every filter has a visible label
    for field in ("f-unit", "f-matter", "f-from", "f-to"):
        assert page.locator(f"label[for='{field}']").is_visible()
    page.locator("#f-unit").select_option(str(team.bureau["squad2"].pk))
    page.locator("form.disc-filters [type='submit']").click()
    page.wait_for_load_state()
    assert page.get_by_text(published["other"].document_number).is_visible()
    assert page.get_by_text(published["shown"].document_number).count() == 0

    page.goto(f"{live_server.url}/disclosure/decisions/{published['shown'].pk}/")
    assert page.locator("h1").is_visible()
    assert page.get_by_text(published["shown"].legal_basis).is_visible()
    no_horizontal_scroll(page)
    watched.shot(f"disclosure-decision-{size}")

    page.goto(f"{live_server.url}/disclosure/decisions/{published['gone'].pk}/")
    assert page.get_by_text("该决定已被依法撤销，撤回公示。").is_visible()
    watched.shot(f"disclosure-withdrawn-{size}")
    watched.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_officer_search_and_flowcharts(open_page, live_server, team, viewport):  # noqa: F811
    size = "phone" if viewport is PHONE else "desk"
    watched = open_page(viewport)
    page = watched.page
    page.goto(f"{live_server.url}/disclosure/officers/")
    name = team.officer1.staff.name
    page.get_by_label("姓名、证件号或单位").fill(name)
    page.get_by_label("姓名、证件号或单位").press("Enter")
    page.wait_for_load_state()
    assert page.locator("tbody").get_by_text(name).is_visible()
    no_horizontal_scroll(page)
    watched.shot(f"disclosure-officers-{size}")

    page.goto(f"{live_server.url}/disclosure/procedures/")
    assert page.locator("ol.flow").first.is_visible()
    no_horizontal_scroll(page)
    watched.shot(f"disclosure-procedures-{size}")

    page.goto(f"{live_server.url}/disclosure/")
    no_horizontal_scroll(page)
    watched.shot(f"disclosure-index-{size}")
    watched.assert_clean()
