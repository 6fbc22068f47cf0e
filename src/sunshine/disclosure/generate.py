"""``generate_city`` hook: a publication for every generated penalty decision, bulk-created in batches.

The public text is masked by the same code as the service (:func:`sunshine.disclosure.freeze.public_text`);
the status follows the rules as of today: published on its deadline (7 working days after the decision)
when that day has passed, taken down when its period has ended, excluded for a minor's case; a small,
seeded share is held back or withdrawn. A load generator: no audit events (like the rest of
``generate_city``).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from sunshine.cases.models import CaseParty, Decision
from sunshine.catalog.models import MatterVersion, RegionalSettings
from sunshine.org.models import Unit

from . import freeze, rules
from .models import Publication, Status

HELD_SHARE = 0.004
WITHDRAWN_SHARE = 0.002


def generate(ctx) -> None:
    first, last = ctx.case_range
    if last < first:
        return
    today = timezone.localdate()
    settings = RegionalSettings.current()
    units = {u.pk: u for u in Unit.objects.all()}
    versions = {v.pk: v for v in MatterVersion.objects.select_related("matter")}
    done = set(
        Publication.objects.filter(case_id_ref__gte=first, case_id_ref__lte=last).values_list(
            "case_id_ref", flat=True
        )
    )
    rng = ctx.rng
    made = 0
    step = ctx.batch
    for start in range(first, last + 1, step):
        end = min(start + step - 1, last)
        rows = list(
            Decision.objects.filter(case_id__gte=start, case_id__lte=end, kind="penalty")
            .order_by("case_id")
            .values(
                "pk",
                "document_number",
                "penalty_kinds",
                "fine",
                "decided_on",
                "other_penalties",
                "case_id",
                "case__unit_id",
                "case__matter_version_id",
                "case__act_at",
                "case__place",
                "case__facts",
            )
        )
        parties: dict[int, list] = {}
        for cp in (
            CaseParty.objects.filter(case_id__gte=start, case_id__lte=end)
            .order_by("case_id", "pk")
            .values(
                "case_id",
                "party__name",
                "party__kind",
                "party__birth_date",
                "party__id_number",
                "party__phone",
                "party__address",
            )
        ):
            parties.setdefault(cp["case_id"], []).append(
                SimpleNamespace(
                    name=cp["party__name"],
                    kind=cp["party__kind"],
                    birth_date=cp["party__birth_date"],
                    id_number=cp["party__id_number"],
                    phone=cp["party__phone"],
                    address=cp["party__address"],
                )
            )
        batch = []
        for row in rows:
            if row["case_id"] in done:
                continue
            unit = units[row["case__unit_id"]]
            version = versions[row["case__matter_version_id"]]
            people = parties.get(row["case_id"], [])
            decided_on = row["decided_on"]
            act_day = timezone.localdate(row["case__act_at"])
            due = rules.publication_due(decided_on, settings.decision_publication_working_days)
            common = {
                "decision_id": row["pk"],
                "case_id_ref": row["case_id"],
                "unit_id": unit.pk,
                "unit_path": unit.path,
                "matter_id": version.matter_id,
                "due_on": due,
                "decided_on": decided_on,
                "unit_name": unit.name,
            }
            minor = rules.involves_minor(
                birth_dates=[p.birth_date for p in people if p.kind == "individual"], act_date=act_day
            )
            if minor:
                batch.append(
                    Publication(
                        **common,
                        status=Status.EXCLUDED,
                        document_number=row["document_number"],
                        party_kind="individual",
                        party_display="",
                        act="",
                        legal_basis="",
                        penalty="",
                    )
                )
                continue
            decision = SimpleNamespace(
                document_number=row["document_number"],
                penalty_kinds=row["penalty_kinds"],
                fine=row["fine"],
                other_penalties=row["other_penalties"],
                decided_on=decided_on,
            )
            case = SimpleNamespace(
                matter_version=version,
                act_at=row["case__act_at"],
                place=row["case__place"],
                facts=row["case__facts"],
                unit=unit,
            )
            text = freeze.public_text(decision=decision, case=case, parties=people)
            pub = Publication(
                **common,
                document_number=text.document_number,
                party_kind=text.party_kind,
                party_display=text.party_display,
                act=text.act,
                facts=text.facts,
                legal_basis=text.legal_basis,
                penalty=text.penalty,
                fine=text.fine,
            )
            draw = rng.random()
            if draw < HELD_SHARE:
                pub.status = Status.HELD_BACK
                pub.hold_ground = "privacy"
                pub.hold_reason = "涉及个人隐私，经法制审核不予公开。"
                pub.held_on = decided_on
            elif due > today:
                pub.status = Status.PENDING
            else:
                pub.published_on = due
                pub.ends_on = rules.publication_ends(
                    published_on=due,
                    organisation=text.party_kind == "organisation",
                    years_individual=settings.publication_years_individual,
                    years_org=settings.publication_years_org,
                )
                if pub.ends_on < today:
                    pub.status = Status.EXPIRED
                elif draw < HELD_SHARE + WITHDRAWN_SHARE:
                    pub.status = Status.WITHDRAWN
                    pub.listed = True
                    pub.withdrawal_cause = "revoked"
                    pub.withdrawn_on = min(today, rules.publication_due(due, 2))
                    pub.withdrawal_due = pub.withdrawn_on
                    pub.withdrawal_reason = (
                        "该行政处罚决定已经行政复议被依法撤销，依据《行政处罚法》第四十八条第二款撤回公示。"
                    )
                else:
                    pub.status = Status.PUBLISHED
                    pub.listed = True
            batch.append(pub)
        Publication.objects.bulk_create(batch, batch_size=ctx.batch)
        made += len(batch)
    ctx.out.write(f"disclosure: {made:,} publications\n")
