"""Demo data: the publications of the demo penalty decisions (made by the cases demo through the services,
so the ``case_acted`` signal has already prepared most of them), published when due, one held back by the
legal reviewer, one withdrawn with its reason, the rest published early by the legal reviewer so that
``make run`` shows a populated list.

Deterministic and idempotent: publications are made only for decisions without one; the hold-back and
the withdrawal are made only when none exists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunshine.cases.models import Decision

from . import services
from .models import HoldGround, Publication, Status

HOLD_REASON = "该决定涉及当事人的个人隐私（健康状况），经法制审核，不予公开。"
WITHDRAW_REASON = "公示信息中的违法地点录入有误，撤回公示并在更正后重新公开。"
KEEP_PENDING = 1  # one decision is left awaiting publication, so the reviewer's queue is not empty


def _reviewer():
    return (
        get_user_model()
        .objects.filter(groups__name="legal_reviewer", is_active=True)
        .order_by("username")
        .first()
    )


def load(out) -> None:
    made = 0
    for decision in Decision.objects.filter(kind="penalty", publication__isnull=True).order_by("pk"):
        services.publication_prepare(decision=decision)
        made += 1
    published = services.publications_publish_due(today=timezone.localdate())
    reviewer = _reviewer()
    if reviewer is None:
        out.write(f"disclosure: {made} publications prepared, {published} published (no legal reviewer)\n")
        return
    pending = list(Publication.objects.filter(status=Status.PENDING).order_by("pk"))
    if pending and not Publication.objects.filter(status=Status.HELD_BACK).exists():
        services.publication_hold_back(
            actor=reviewer, pk=pending.pop(0).pk, ground=HoldGround.PRIVACY, reason=HOLD_REASON
        )
    for pub in pending[: max(0, len(pending) - KEEP_PENDING)]:
        services.publication_publish(actor=reviewer, pk=pub.pk)
    if not Publication.objects.filter(status=Status.WITHDRAWN).exists():
        target = Publication.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
        if target is not None:
            services.publication_withdraw(actor=reviewer, pk=target.pk, reason=WITHDRAW_REASON)
    counts = {s: Publication.objects.filter(status=s).count() for s in Status.values}
    out.write(
        "disclosure: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n) + f" ({made} prepared now)\n"
    )
