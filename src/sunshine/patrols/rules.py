"""The rules of grid patrols and conflict incidents, each with where it comes from.

Seed 003 names the grid patrol responsibility system (网格巡查责任落实制度) but gives no number; how often a
grid must be walked is the bureau's setting :data:`PATROLS_PER_GRID_PER_DAY` (default: every grid once a
day). Seed 004 says a conflict incident is reported at once (立即) to the local government and the superior
department; "at once" becomes :data:`INCIDENT_INFORM_HOURS`, a bureau setting, on the incident's deadline.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CIT_GRID = _("Grid patrol responsibility system (seed 003); the daily frequency is a bureau setting")
CIT_INCIDENT = _(
    "Work plan on the enforcement team (seed 004): a conflict incident is reported at once to the local "
    "government and the superior department"
)
CIT_PATROLLER = _(
    "Grid patrol responsibility system (seed 003): each patroller keeps their own patrol log and answers "
    "for what it found"
)
CIT_SHIFT = _("Grid patrol responsibility system (seed 003): the squad owning a grid patrols it")

PATROLS_PER_GRID_PER_DAY = getattr(settings, "PATROLS_PER_GRID_PER_DAY", 1)
INCIDENT_INFORM_HOURS = getattr(settings, "INCIDENT_INFORM_HOURS", 2)
# Where a phone's position can be: mainland China and its islands (WGS 84), with a margin.
CHINA_LNG = (73.0, 135.5)
CHINA_LAT = (3.5, 54.0)
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=2)
MAX_POINTS_PER_BATCH = 2000
# Faster than this between two points is a bad fix, not a walk or a ride (kept, but not counted in distance).
MAX_SPEED_M_S = 40.0


def check_point(*, lng, lat, at: dt.datetime, started_at: dt.datetime, after: dt.datetime | None, now):
    """A track point lies in China, not before the patrol started, not in the future, and later than the
    point before it (times strictly increase: the phone sends its track in order)."""
    try:
        lng, lat = float(lng), float(lat)
    except (TypeError, ValueError):
        raise ValidationError(
            {"points": [gettext("A point needs a numeric longitude and latitude.")]}
        ) from None
    if not (CHINA_LNG[0] <= lng <= CHINA_LNG[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]):
        raise ValidationError(
            {"points": [gettext("The point (%(lng)s, %(lat)s) is not in China.") % {"lng": lng, "lat": lat}]}
        )
    if at < started_at - CLOCK_SKEW:
        raise ValidationError({"points": [gettext("A point is older than the start of the patrol.")]})
    if at > now + CLOCK_SKEW:
        raise ValidationError({"points": [gettext("A point is in the future: check the phone's clock.")]})
    if after is not None and at <= after:
        raise ValidationError(
            {"points": [gettext("Points must come in time order, each later than the last.")]}
        )
    return lng, lat


def distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine, mean Earth radius)."""
    radius = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


def check_assignment(*, grid_squad_id: int, actor_unit_id: int | None, members) -> None:
    """A squad leader assigns their own squad's grids to their own squad's active members."""
    if actor_unit_id is None or grid_squad_id != actor_unit_id:
        raise RuleViolation("grid_not_own_squad", _("You can assign only your own squad's grids."), CIT_SHIFT)
    outsiders = [m.name for m in members if m.unit_id != grid_squad_id]
    if outsiders:
        raise RuleViolation(
            "member_not_in_squad",
            _("%(names)s are not in the squad that owns this grid.") % {"names": "、".join(outsiders)},
            CIT_SHIFT,
            field="staff",
        )
    if not members:
        raise RuleViolation("no_members", _("Choose who patrols."), CIT_SHIFT, field="staff")


def grid_covered(patrol_count: int) -> bool:
    """A grid is covered on a day when it had at least the set number of patrols with a point in it."""
    return patrol_count >= PATROLS_PER_GRID_PER_DAY


def inform_due(reported_at: dt.datetime) -> dt.datetime:
    return reported_at + dt.timedelta(hours=INCIDENT_INFORM_HOURS)


def check_incident_may_close(*, government_informed_at, superior_informed_at, outcome: str) -> None:
    """An incident closes only after the local government and the superior department were told
    (seed 004) and the outcome of the investigation is written down."""
    if government_informed_at is None or superior_informed_at is None:
        raise RuleViolation(
            "incident_not_reported",
            _("Record when the local government and the superior department were informed first."),
            CIT_INCIDENT,
        )
    if not (outcome or "").strip():
        raise RuleViolation(
            "incident_outcome_missing",
            _("Write down what the investigation found and how it was handled."),
            CIT_INCIDENT,
            field="outcome",
        )
