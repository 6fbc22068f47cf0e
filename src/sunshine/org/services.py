"""Every change to the organisation goes through these functions (STYLE.md 2)."""

from __future__ import annotations

from django.db import transaction

from .models import Unit


@transaction.atomic
def unit_rebuild_paths() -> None:
    """Recompute every unit's materialised path from the parent links."""
    units = {u.pk: u for u in Unit.objects.select_for_update().order_by("pk")}

    def path_of(unit, seen=()):
        if unit.pk in seen:
            raise ValueError("unit tree has a cycle")
        prefix = path_of(units[unit.parent_id], (*seen, unit.pk)) if unit.parent_id else ""
        return f"{prefix}{unit.pk}/"

    for unit in units.values():
        new_path = path_of(unit)
        if unit.path != new_path:
            unit.path = new_path
            unit.save(update_fields=["path"])
