"""Self-governance groups of vendors (摊主自治小组) by area or street section, with their leaders (seed 000,
义务监督制): services and reads."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation

from .models import VendorGroup

CITATION = _("Seed 000, volunteer supervision (义务监督制): vendors' self-governance groups")


def groups() -> QuerySet:
    return VendorGroup.objects.select_related("leader").annotate(size=Count("members", distinct=True))


def candidates():
    """Parties that can be members: vendors with a stall at a vending point and members of any group."""
    from sunshine.parties.models import Party

    cond = Q(assignments__isnull=False) | Q(vendor_groups__isnull=False)
    return Party.objects.filter(cond).distinct().order_by("name", "pk")


@transaction.atomic
def vendor_group_save(
    *, actor, name: str, area: str, leader, members, group: VendorGroup | None = None
) -> VendorGroup:
    """Create or edit a group; its leader is one of its members (added when missing). Audited with the
    members added and removed."""
    if not has_capability(actor, "service.vendor_groups"):
        raise PermissionDeniedError(_("Only squad leaders and bureau leaders manage vendor groups."))
    name, area = (name or "").strip(), (area or "").strip()
    if not name or not area:
        raise RuleViolation(
            "group_incomplete",
            _("Give the group's name and its area or street section."),
            CITATION,
            field="name",
        )
    if leader is None:
        raise RuleViolation("group_leader", _("Choose the group's leader."), CITATION, field="leader")
    created = group is None
    if group is not None:
        group = VendorGroup.objects.select_for_update().get(pk=group.pk)
        before = set(group.members.values_list("pk", flat=True))
    else:
        before = set()
    group = group or VendorGroup()
    group.name, group.area, group.leader = name[:100], area[:200], leader
    group.full_clean()
    group.save()
    after = {m.pk for m in members} | {leader.pk}
    group.members.set(after)
    audit_append(
        actor=actor,
        action="service.vendor_group_create" if created else "service.vendor_group_update",
        obj=group,
        payload={
            "leader": leader.pk,
            "added": sorted(after - before),
            "removed": sorted(before - after),
        },
    )
    return group
