"""The public text of a decision, masked once when the publication is made and then frozen.

Everything the portal shows of a decision is computed here from the case and the decision, in Chinese
(the language of the official record), and stored on the :class:`~sunshine.disclosure.models.Publication`
row; public pages never join the case tables. What is masked (rules.py: 国办发〔2018〕118号 (二)3;
《个人信息保护法》第二十八条):

- an individual party's name → the surname and 某某 (:func:`sunshine.core.masking.mask_name`);
  an organisation is published under its name;
- in free text (the facts), every party's full name is replaced by the masked one, the party's address
  and telephone are removed, and any ID number, mobile number or other long run of digits is masked
  (:func:`sunshine.core.masking.scrub`);
- the place of the act is kept down to the street (:func:`sunshine.core.masking.mask_address`).

No ID number, telephone, bank account or home address is ever copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation

from sunshine.catalog.models import PenaltyKind
from sunshine.core import masking
from sunshine.core.money import amount_in_chinese_capitals, format_yuan

MAX_FACTS = 1000
# A run of 8+ digits left after scrubbing: a local telephone number or part of an account number
# (scrub masks runs of 11+ and keeps the first three and last four of them).
_LONG_DIGITS = re.compile(r"\d{8,}")
# Digits grouped with spaces or hyphens ("138 1234 5678", "+86 138-1234-5678", "6222 0212 3456 7890").
_GROUPED_DIGITS = re.compile(r"\d[\d \-]{9,}\d")


def _join_groups(match: re.Match) -> str:
    """Join a grouped number of 11 or more digits so that it is masked as one (a date keeps its hyphens)."""
    text = match.group(0)
    digits = re.sub(r"[ \-]", "", text)
    return digits if len(digits) >= 11 else text


@dataclass
class PublicText:
    document_number: str
    party_kind: str
    party_display: str
    act: str
    facts: str
    legal_basis: str
    penalty: str
    fine: Decimal
    unit_name: str
    decided_on: object


def _party_label(party) -> str:
    organisation = party.kind == "organisation"
    return masking.mask_name(party.name, organisation=organisation)


def clean_text(text: str, parties) -> str:
    """Free text with the parties' names masked, their addresses, phones and ID numbers removed, and any
    remaining ID, mobile or long number masked."""
    text = text or ""
    for party in parties:
        if party.id_number:
            text = text.replace(party.id_number, masking.mask_id_number(party.id_number))
        if party.phone:
            text = text.replace(party.phone, masking.mask_phone(party.phone))
        if party.address and party.kind != "organisation":
            text = text.replace(party.address, masking.mask_address(party.address))
        if party.kind != "organisation" and party.name:
            text = text.replace(party.name.strip(), _party_label(party))
    text = _GROUPED_DIGITS.sub(_join_groups, text)
    text = masking.scrub(text)
    text = _LONG_DIGITS.sub(lambda m: m.group(0)[:2] + masking.MASK * (len(m.group(0)) - 2), text)
    if len(text) > MAX_FACTS:
        text = text[: MAX_FACTS - 1] + "…"
    return text


def _law(name: str) -> str:
    name = (name or "").strip()
    return name if not name or name.startswith("《") else f"《{name}》"


def legal_basis(version) -> str:
    violated = f"{_law(version.violated_law)}{version.violated_article}".strip()
    penalty = f"{_law(version.penalty_law)}{version.penalty_article}".strip()
    parts = []
    if violated:
        parts.append(f"违反{violated}")
    if penalty:
        parts.append(f"依据{penalty}")
    return "，".join(parts)


def penalty_text(decision) -> str:
    labels = dict(PenaltyKind.choices)
    parts = []
    for kind in decision.penalty_kinds or []:
        if kind == "fine":
            amount = Decimal(decision.fine)
            parts.append(f"罚款{format_yuan(amount)}（人民币{amount_in_chinese_capitals(amount)}）")
        else:
            parts.append(str(labels.get(kind, kind)))
    if decision.other_penalties:
        parts.append(decision.other_penalties.strip())
    return "；".join(parts)


def public_text(*, decision, case, parties) -> PublicText:
    """The masked public text of ``decision`` (``parties``: the principal parties, in order)."""
    with translation.override("zh-hans"):
        kinds = {p.kind for p in parties}
        party_kind = "organisation" if kinds == {"organisation"} else "individual"
        version = case.matter_version
        act_day = timezone.localdate(case.act_at)
        place = masking.mask_address(case.place)
        matter_name = version.matter.name
        act = (
            f"{act_day.year}年{act_day.month}月{act_day.day}日，在{place}{matter_name}"
            if place
            else matter_name
        )
        return PublicText(
            document_number=decision.document_number,
            party_kind=party_kind,
            party_display="、".join(_party_label(p) for p in parties)[:300],
            act=clean_text(act, parties)[:300],
            facts=clean_text(case.facts, parties),
            legal_basis=legal_basis(version),
            penalty=penalty_text(decision),
            fine=Decimal(decision.fine),
            unit_name=case.unit.name,
            decided_on=decision.decided_on,
        )
