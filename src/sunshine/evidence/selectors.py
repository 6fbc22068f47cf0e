"""Reads of evidence, scoped like cases: a user sees the evidence and activities of the cases they may see
(own squad, or the whole bureau for bureau-wide roles). A missing item and a forbidden one are both 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sunshine.cases.selectors import case_queryset

from .models import Activity, DeviceFlag, Item


def item_queryset(user) -> QuerySet[Item]:
    return Item.objects.filter(case__in=case_queryset(user))


def item_list(*, user, case=None, filters: dict | None = None) -> QuerySet[Item]:
    """Items the user may see (of one case, or all), newest first, with what a list shows loaded."""
    filters = filters or {}
    qs = item_queryset(user) if case is None else Item.objects.filter(case=case)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("flagged") in ("1", "true", True):
        qs = qs.exclude(device_flag="")
    if filters.get("case"):
        qs = qs.filter(case_id=filters["case"])
    return qs.select_related("blob", "case", "captured_by", "activity", "superseded_by").order_by(
        "-captured_at", "-id"
    )


def item_get(*, user, pk) -> Item:
    item = (
        item_queryset(user)
        .select_related("blob", "case", "captured_by", "activity", "device", "supersedes", "superseded_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def activity_queryset(user) -> QuerySet[Activity]:
    return Activity.objects.filter(case__in=case_queryset(user))


def activity_get(*, user, pk) -> Activity:
    activity = activity_queryset(user).select_related("case").filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def case_activities(case) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(case=case)
        .prefetch_related("officers")
        .annotate(av_count=Count("items", filter=Q(items__kind="audio_visual")))
        .order_by("-started_at", "-id")
    )


def av_statistics(*, unit_ids=None, date_from=None, date_to=None) -> dict:
    """Counts for statistics (seed 001, seed 004): activities recorded and done, done with fewer than two
    recording devices (with a reason), audio-visual items and those from a flagged device. ``unit_ids``
    limits to the cases of those units; dates apply to the activity's start and the item's capture."""
    acts = Activity.objects.all()
    items = Item.objects.filter(kind="audio_visual")
    if unit_ids is not None:
        acts = acts.filter(case__unit_id__in=unit_ids)
        items = items.filter(case__unit_id__in=unit_ids)
    if date_from:
        acts = acts.filter(started_at__date__gte=date_from)
        items = items.filter(captured_at__date__gte=date_from)
    if date_to:
        acts = acts.filter(started_at__date__lte=date_to)
        items = items.filter(captured_at__date__lte=date_to)
    a = acts.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status="done")),
        fewer_devices=Count("id", filter=Q(status="done", device_count__lt=2)),
    )
    i = items.aggregate(
        total=Count("id"),
        unknown=Count("id", filter=Q(device_flag=DeviceFlag.UNKNOWN)),
        unassigned=Count("id", filter=Q(device_flag=DeviceFlag.UNASSIGNED)),
        out_of_service=Count("id", filter=Q(device_flag=DeviceFlag.OUT_OF_SERVICE)),
    )
    return {
        "activities": a["total"],
        "activities_done": a["done"],
        "activities_fewer_devices": a["fewer_devices"],
        "av_items": i["total"],
        "av_items_flagged": i["unknown"] + i["unassigned"] + i["out_of_service"],
        "av_items_unknown_device": i["unknown"],
        "av_items_unassigned_device": i["unassigned"],
        "av_items_out_of_service_device": i["out_of_service"],
    }


def fewer_devices_count(*, unit_ids=None, date_from=None, date_to=None) -> int:
    """Done activities recorded with fewer than two devices (seed 004), for the stats app."""
    return av_statistics(unit_ids=unit_ids, date_from=date_from, date_to=date_to)["activities_fewer_devices"]


def custody_log(item: Item, limit: int = 200) -> list[dict]:
    """The item's chain of custody: the audit events about it (registration, views, downloads, exports,
    transfers, corrections, integrity failures), oldest first. Only this item's ``evidence.*`` events are
    read, through the audit log's object index."""
    from sunshine.audit.models import Event

    rows = (
        Event.objects.filter(
            object_type=Item._meta.label_lower, object_id=str(item.pk), action__startswith="evidence."
        )
        .order_by("seq")
        .only("seq", "record", "created_at", "actor_label", "action")[:limit]
    )
    return [
        {"seq": e.seq, "at": e.created_at, "actor": e.actor_label, "action": e.action, "payload": e.payload}
        for e in rows
    ]
