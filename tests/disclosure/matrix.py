"""Objects for the permission matrix: a penalty decision of the requested squad with its publication.

Staff pages and endpoints are scoped by the deciding unit (a squad leader sees their squad's, bureau-wide
roles all); the public decision endpoint shows a published one to everyone. The action URLs use
``publish``: a pending publication is published by a legal reviewer (a redirect or 200), and a second
attempt is refused by the rule (422), never by a role check.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sunshine.cases.models import CaseParty, Decision
from sunshine.disclosure import services
from sunshine.disclosure.models import Publication
from tests.factories import CaseFactory, PartyFactory

_n = itertools.count(1)


def _publication(ctx, *, published: bool = False) -> Publication:
    n = next(_n)
    case = CaseFactory(unit=ctx.unit, handler=ctx.user, state="decided", decided_on=dt.date(2026, 9, 29))
    CaseParty.objects.create(case=case, party=PartyFactory(name="钱七"))
    decision = Decision.objects.create(
        case=case,
        kind="penalty",
        document_number=f"矩阵罚决字〔2026〕{ctx.which}{n:04d}号",
        penalty_kinds=["fine"],
        fine=Decimal("300.00"),
        decided_on=dt.date(2026, 9, 29),
        approved_by=ctx.user,
        remedies_text="—",
    )
    pub = services.publication_prepare(decision=decision)
    if published:
        Publication.objects.filter(pk=pub.pk).update(
            status="published", listed=True, published_on=dt.date(2026, 10, 14), ends_on=dt.date(2028, 10, 14)
        )
    return pub


def publication(ctx):
    return {"pk": _publication(ctx).pk}


def action(ctx):
    return {"pk": _publication(ctx).pk, "action": "publish"}


def public_decision(ctx):
    return {"pk": _publication(ctx, published=True).pk}


OBJECTS = {
    "disclosure:detail": publication,
    "disclosure:action": action,
    "disclosure-api-publication": publication,
    "disclosure-api-publish": publication,
    "disclosure-api-hold-back": publication,
    "disclosure-api-release": publication,
    "disclosure-api-withdraw": publication,
    "disclosure-api-decision": public_decision,
}
