"""Reads of double-random inspection: tasks of the acting officer, published results, statistics."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from sunshine.core.masking import mask_name

from .models import Draw, Task


def my_tasks(user):
    return (
        Task.objects.filter(inspectors__user=user)
        .select_related("target", "draw__plan")
        .order_by("result", "draw__plan__period_end", "id")
    )


def task_for(user, pk: int) -> Task:
    """A task the user is drawn for (others get the same 404 as a missing one)."""
    return my_tasks(user).get(pk=pk)


def published_draws():
    return Draw.objects.exclude(seed="").select_related("plan").order_by("-drawn_at")


def published_results(limit: int = 200) -> list[dict]:
    """Published results, masked like decisions (the name masked unless an organisation)."""
    rows = (
        Task.objects.filter(published_at__isnull=False)
        .select_related("target", "draw__plan")
        .order_by("-published_at")[:limit]
    )
    return [
        {
            "plan": t.draw.plan.code,
            "target": mask_name(t.target.name, organisation=t.target.kind == "org"),
            "credit_code": t.target.credit_code,
            "inspected_on": t.inspected_on,
            "result": t.get_result_display(),
            "published_at": t.published_at,
        }
        for t in rows
    ]


def statistics() -> dict:
    """Coverage, findings rate and share leading to cases, per matter and per unit, in a few queries."""
    done = Q(result__gt="")
    found = Q(result__in=[Task.Result.CORRECTED, Task.Result.VIOLATION])
    cased = Q(result=Task.Result.VIOLATION)
    overdue = Q(published_at__isnull=True, publish_due__lt=timezone.localdate())

    def rows(qs, key, label):
        out = []
        for r in qs.values(key, label).annotate(
            drawn=Count("id", distinct=True),
            done=Count("id", filter=done, distinct=True),
            found=Count("id", filter=found, distinct=True),
            cased=Count("id", filter=cased, distinct=True),
            overdue=Count("id", filter=overdue, distinct=True),
        ):
            r["coverage"] = round(100 * r["done"] / r["drawn"], 1) if r["drawn"] else 0
            r["findings_rate"] = round(100 * r["found"] / r["done"], 1) if r["done"] else 0
            r["case_share"] = round(100 * r["cased"] / r["done"], 1) if r["done"] else 0
            r["name"] = r.pop(label)
            r["key"] = r.pop(key)
            out.append(r)
        return out

    base = Task.objects.all()
    return {
        "by_matter": rows(base, "draw__plan__matters__code", "draw__plan__matters__name"),
        "by_unit": rows(base, "unit__code", "unit__name"),
    }
