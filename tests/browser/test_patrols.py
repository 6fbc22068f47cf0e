"""The patrol page at phone size: the phone's position is recorded and sent, then the patrol ends
(patrols/static/patrols/patrols.js, the Geolocation API faked through the browser context)."""

from __future__ import annotations

import pytest

from sunshine.patrols.models import Patrol, TrackPoint
from tests.patrols.conftest import make_grid

from .conftest import PHONE
from .test_shell import log_in, role_groups, with_password  # noqa: F401 - role_groups is an autouse fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_walks_a_patrol_on_the_phone(open_page, live_server, make_user, bureau):
    officer = with_password(make_user("officer", username="officer"))
    grid = make_grid("P1", bureau["squad1"], 118.30, 34.35)
    watched = open_page(
        PHONE,
        geolocation={"longitude": 118.305, "latitude": 34.355, "accuracy": 8},
        permissions=["geolocation"],
    )
    page = watched.page
    log_in(watched, live_server.url, "officer")
    page.goto(f"{live_server.url}/work/patrols/")
    page.locator("form[action$='/start/'] [type='submit']").click()
    page.wait_for_selector("#recorder")
    patrol = Patrol.objects.get(staff__user=officer, status=Patrol.Status.ACTIVE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    # the phone moves: a second fix further east in the same grid
    page.wait_for_timeout(1200)
    page.context.set_geolocation({"longitude": 118.307, "latitude": 34.355, "accuracy": 8})
    page.wait_for_timeout(1200)
    watched.shot("patrol-phone")
    page.locator("#patrol-end").click()
    page.wait_for_load_state()
    page.locator("#recorder").wait_for(state="detached")
    patrol.refresh_from_db()
    assert patrol.status == Patrol.Status.ENDED
    points = list(TrackPoint.objects.filter(patrol=patrol))
    assert points and all(p.grid_id == grid.pk for p in points)
    assert points[0].lng == pytest.approx(118.305)
    watched.assert_clean()
    # today's coverage: the grid is covered, in the table and on the map
    page.goto(f"{live_server.url}/work/patrols/coverage/")
    assert "P1" in page.locator("#coverage-table").inner_text()
    assert page.locator("#coverage-table .text-bg-success").count() == 1
    page.locator("#coverage-map canvas").wait_for()
    watched.shot("patrol-coverage-phone")
    watched.assert_clean()
