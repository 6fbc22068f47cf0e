"""``generate_city`` hook: the field contacts and citizen requests the statistics need at city scale.

Runs after the other hooks. It adds rows only to a table that is still empty, so when the service or
parties app generates its own requests or contacts first, nothing is doubled. Issue 6 sizes the city at
5 requests per case (1,000,000 cases → 5,000,000 requests) and we add 2 field contacts per case, over
the same three years as the cases, in the demo's grids and squads; 70% of requests are replied (90% of
those on time) and half of the replied ones rated. Bulk inserts, like the rest of the generator.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

REQUESTS_PER_CASE = 5
CONTACTS_PER_CASE = 2
CHANNELS = ("hotline", "hotline", "hotline", "phone", "web", "wechat", "visit", "letter", "superior", "mayor")
STEPS = ("persuade", "persuade", "persuade", "educate", "educate", "guide", "warn")


def _context():
    from sunshine.accounts.models import User
    from sunshine.catalog.models import Matter
    from sunshine.org.models import Grid

    grids = list(Grid.objects.values_list("pk", "squad_id", "min_lng", "max_lng", "min_lat", "max_lat"))
    matters = list(Matter.objects.values_list("pk", flat=True))
    user = User.objects.filter(is_superuser=True).first() or User.objects.order_by("pk").first()
    return grids, matters, user


def generate(ctx) -> None:
    from sunshine.core.management.commands.generate_city import BulkWriter
    from sunshine.parties.models import FieldContact, VendingPoint
    from sunshine.service.models import Request

    grids, matters, user = _context()
    if not grids or not matters or user is None:
        ctx.out.write("           stats: no grids, matters or users; nothing generated\n")
        return
    rng = ctx.rng
    today = timezone.localdate()
    start = dt.datetime.combine(
        today - dt.timedelta(days=3 * 365), dt.time.min, timezone.get_current_timezone()
    )
    span = 3 * 365 * 86400
    utc = dt.UTC
    if not Request.objects.exists():
        count = ctx.cases * REQUESTS_PER_CASE
        writer = BulkWriter(
            Request,
            [
                "tracking_no", "channel", "kind", "status", "content", "unit_id", "grid_id", "matter_id",
                "lng", "lat", "received_at", "due_at", "replied_at", "reply_content", "reply_channel",
                "satisfaction",
            ],
        )  # fmt: skip
        pk = writer.next_pk()
        rows = []
        for i in range(count):
            grid, squad, x0, x1, y0, y1 = grids[rng.randrange(len(grids))]
            received = (start + dt.timedelta(seconds=int(span * i / count) + rng.randrange(60))).astimezone(
                utc
            )
            due = received + dt.timedelta(days=5)
            replied = None
            if rng.random() < 0.7:
                replied = received + dt.timedelta(hours=rng.randrange(1, 108 if rng.random() < 0.9 else 400))
            rating = rng.randrange(1, 6) if replied is not None and rng.random() < 0.5 else None
            rows.append(
                (
                    pk,
                    f"G{pk:015d}",
                    CHANNELS[rng.randrange(len(CHANNELS))],
                    "complaint",
                    "replied" if replied else "dispatched",
                    "占道经营",
                    squad,
                    grid,
                    matters[rng.randrange(len(matters))],
                    x0 + (x1 - x0) * rng.random(),
                    y0 + (y1 - y0) * rng.random(),
                    received,
                    due,
                    replied,
                    "已处理并答复" if replied else "",
                    "phone" if replied else "",
                    rating,
                )
            )
            pk += 1
            if len(rows) >= ctx.batch:
                writer.write(rows)
                rows = []
        writer.write(rows)
        writer.finish()
        ctx.out.write(f"           stats: {count:,} citizen requests\n")
    if not FieldContact.objects.exists():
        point = VendingPoint.objects.order_by("pk").first() or VendingPoint.objects.create(
            code="GEN-VP", name="生成数据便民疏导点", lng=118.35, lat=34.37, capacity=50
        )
        count = ctx.cases * CONTACTS_PER_CASE
        writer = BulkWriter(
            FieldContact,
            [
                "party_description", "matter_id", "step", "recorded_by_id", "recorder_unit_id", "grid_id",
                "lng", "lat", "occurred_at", "outcome", "vending_point_id", "recommended_step",
            ],
        )  # fmt: skip
        pk = writer.next_pk()
        rows = []
        for i in range(count):
            grid, squad, x0, x1, y0, y1 = grids[rng.randrange(len(grids))]
            step = STEPS[rng.randrange(len(STEPS))]
            at = (start + dt.timedelta(seconds=int(span * i / count) + rng.randrange(60))).astimezone(utc)
            rows.append(
                (
                    pk,
                    "流动摊贩",
                    matters[rng.randrange(len(matters))],
                    step,
                    user.pk,
                    squad,
                    grid,
                    x0 + (x1 - x0) * rng.random(),
                    y0 + (y1 - y0) * rng.random(),
                    at,
                    "complied",
                    point.pk if step == "guide" else None,
                    "educate",
                )
            )
            pk += 1
            if len(rows) >= ctx.batch:
                writer.write(rows)
                rows = []
        writer.write(rows)
        writer.finish()
        ctx.out.write(f"           stats: {count:,} field contacts\n")
