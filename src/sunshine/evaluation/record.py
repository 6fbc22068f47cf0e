"""This app's sections of the officer record (执法档案, seed 002: 文明执法考评情况要载入各执法机关和个人的
档案): the officer's case-file scores and the party ratings of the year. Counts and points only; fine
amounts are never a score (《行政处罚法》第七十四条)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunshine.core.masking import scrub

from . import selectors
from .models import ScoreEntry


def case_file_scores(staff, year: int) -> dict:
    data = selectors.officer_year(staff, year)
    reviews = [e for e in data["entries"] if e.kind == ScoreEntry.Kind.CASE_FILE][:20]
    return {
        "title": _("Case-file scores"),
        "template": "evaluation/record_scores.html",
        "order": 45,
        "context": {"totals": data["totals"], "entries": reviews},
    }


def party_evaluations(staff, year: int) -> dict:
    data = selectors.officer_year(staff, year)
    ratings = [e for e in data["entries"] if e.kind == ScoreEntry.Kind.PARTY][:20]
    for entry in ratings:
        entry.masked_comment = scrub(entry.evaluation.comment)
    return {
        "title": _("Party evaluations"),
        "template": "evaluation/record_party.html",
        "order": 46,
        "context": {"totals": data["totals"], "entries": ratings},
    }
