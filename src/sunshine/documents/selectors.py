"""Reads of documents, scoped like cases: a user sees the documents of the cases they may see
(bureau-wide roles every case, others their own squad's). A hidden document is a 404 like a missing one."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from sunshine.cases.selectors import case_queryset
from sunshine.core.errors import RuleViolation

from . import kinds
from .models import Document, Status


def document_queryset(user) -> QuerySet[Document]:
    return Document.objects.filter(case__in=case_queryset(user).values("pk"))


def document_list(*, user, filters: dict | None = None) -> QuerySet[Document]:
    """Filters: ``case`` (id), ``kind``, ``status``, ``q`` (number or case number)."""
    filters = filters or {}
    qs = document_queryset(user).select_related("case", "issued_by")
    if filters.get("case"):
        try:
            qs = qs.filter(case_id=int(filters["case"]))
        except (TypeError, ValueError):
            return qs.none()
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status") in Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        q = str(filters["q"]).strip()
        qs = qs.filter(number__contains=q) | qs.filter(case__number__contains=q)
    return qs.order_by("-issued_at", "-id")


def document_get(*, user, pk: int) -> Document:
    return (
        document_queryset(user).select_related("case", "issued_by", "voided_by", "superseded_by").get(pk=pk)
    )


def document_by_code(code: str) -> Document | None:
    """The document a verification code names (public: no scope)."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 16:
        return None
    return Document.objects.select_related("case", "superseded_by").filter(code=code).first()


def latest_version(doc: Document) -> Document:
    """Follow the corrections to the version in force (or the last voided one)."""
    current, seen = doc, set()
    while current.superseded_by_id and current.pk not in seen:
        seen.add(current.pk)
        current = current.superseded_by
    return current


def available(case, *, today: dt.date | None = None) -> list[dict]:
    """What the case may issue now: one row per kind and record, with the reason when it may not.

    ``{"kind", "title", "record_id", "record_label", "possible", "reason", "issued"}`` — ``issued`` is the
    current document for that record, if any (then the action is to correct it, not to issue again).
    """
    today = today or timezone.localdate()
    current = {
        (d.kind, d.record_key): d
        for d in Document.objects.filter(case=case, status=Status.CURRENT).only(
            "id", "kind", "record_key", "number", "version"
        )
    }
    rows = []
    for kind, spec in kinds.SPECS.items():
        records = kinds.records_of(case, spec)
        for record in records or [None]:
            row = {
                "kind": kind,
                "title": spec.title,
                "record_id": getattr(record, "pk", None)
                if spec.record not in (kinds.CASE, kinds.ENTRY)
                else None,
                "record_label": _label(spec, record),
                "entry": spec.record == kinds.ENTRY,
                "party_signs": spec.party_signs,
                "issued": None,
            }
            try:
                kinds.check_can_issue(case, spec, record, today=today)
            except RuleViolation as exc:
                row.update(possible=False, reason=str(exc))
            else:
                row.update(possible=True, reason="")
            if record is not None and spec.record != kinds.ENTRY:
                row["issued"] = current.get((kind, kinds.record_key(spec, record)))
                if row["issued"] is not None:
                    row["possible"] = False
            rows.append(row)
    return rows


def _label(spec, record) -> str:
    if record is None or spec.record in (kinds.CASE, kinds.ENTRY):
        return ""
    for attr in (
        "document_number",
        "hearing_on",
        "served_on",
        "reviewed_on",
        "held_on",
        "registered_on",
        "start",
    ):
        value = getattr(record, attr, None)
        if value:
            return f"#{record.pk} {value}"
    return f"#{record.pk}"
