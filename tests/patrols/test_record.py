"""The patrols section of the officer record (执法档案): the year's patrols, findings and incidents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.oversight.record import registered_sections
from sunshine.patrols import services
from sunshine.patrols.models import Patrol
from sunshine.patrols.record import patrols_section

pytestmark = pytest.mark.django_db


def _walk(user, coords):
    patrol = services.patrol_start(actor=user)
    start = timezone.now() - dt.timedelta(minutes=30)
    Patrol.objects.filter(pk=patrol.pk).update(started_at=start)
    patrol.refresh_from_db()
    points = [
        {"at": (start + dt.timedelta(minutes=i + 1)).isoformat(), "lng": lng, "lat": lat}
        for i, (lng, lat) in enumerate(coords)
    ]
    services.patrol_add_points(actor=user, patrol=patrol, points=points)
    return patrol


def test_the_section_counts_the_officers_own_year(team):
    year = timezone.localdate().year
    # grid A then grid B (two grids), about 1.1 km east along the parallel
    patrol = _walk(team.officer, [(118.005, 34.005), (118.012, 34.005), (118.017, 34.005)])
    services.finding_record(actor=team.officer, patrol=patrol, description="占道经营")
    finding = services.finding_record(actor=team.officer, patrol=patrol, description="乱堆放")
    services.finding_link(actor=team.officer, finding=finding, nothing_reason="已自行清理")
    services.patrol_end(actor=team.officer, patrol=patrol)
    # a colleague's patrol is not the officer's
    _walk(team.officer2, [(118.005, 34.006)])
    services.incident_report(
        actor=team.officer2,
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        place="建设路",
        description="阻挠执法",
        staff=[team.officer.staff, team.officer2.staff],
    )

    section = patrols_section(team.officer.staff, year)
    data = section["context"]
    assert section["template"] == "patrols/record_section.html"
    assert (data["patrols"], data["days"], data["grids"], data["points"]) == (1, 1, 2, 3)
    assert 1.0 <= data["distance_km"] <= 1.2
    assert data["findings_total"] == 2
    assert sorted(n for _label, n in data["findings"]) == [1, 1] and len(data["findings"]) == 2
    assert [i.place for i in data["incidents"]] == ["建设路"]
    # another year, and an officer with nothing: no section
    assert patrols_section(team.officer.staff, year - 1) is None
    assert patrols_section(team.auxiliary.staff, year) is None
    # registered from PatrolsConfig.ready
    titles = [str(s["title"]) for s in registered_sections(team.officer.staff, year)]
    assert any(
        s["template"] == "patrols/record_section.html" for s in registered_sections(team.officer.staff, year)
    )
    assert len(titles) == len(set(titles))


def test_the_record_page_shows_the_section(team, client):
    _walk(team.officer, [(118.005, 34.005), (118.006, 34.005)])
    client.force_login(team.squad_leader)  # the officer's squad leader sees the squad's records
    response = client.get(reverse("oversight:record", args=[team.officer.staff.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "patrols/record_section.html" in [t.name for t in response.templates]
    assert "网格巡查与执法冲突事件" in html  # the section's title, in the default language
