"""Objects for the permission matrix: the calendar year pages take a year, which belongs to no squad."""


def year(ctx):
    return {"year": 2027}


OBJECTS = {"workdays:year_edit": year, "calendar-year": year}
UNSCOPED = {"workdays:year_edit", "calendar-year"}

# The day counter needs its query: without one it answers 400 (bad input), as the API must.
QUERY = {"calendar-add": {"start": "2026-09-29", "days": "5", "kind": "working"}}
