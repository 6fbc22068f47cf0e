"""Objects for the permission matrix.

Parties, vending points and stall assignments belong to no squad (a street vendor and a designated point
serve the whole city); field contacts belong to the squad whose grid they are in or whose member
recorded them.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from sunshine.org.models import Staff
from tests.factories import GridFactory, MatterFactory, PartyFactory, VendingPointFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def party(ctx):
    return {"pk": PartyFactory(name=f"矩阵当事人{ctx.which}").pk}


def _point(code):
    from sunshine.parties.models import VendingPoint

    return VendingPoint.objects.filter(code=code).first() or VendingPointFactory(code=code, capacity=3)


def point(ctx):
    # Called once per URL name: the same point serves them all.
    return {"pk": _point(f"MX-VP-{ctx.which}").pk}


def assignment(ctx):
    from sunshine.parties.models import VendorAssignment

    made = VendorAssignment.objects.create(
        party=PartyFactory(name=f"矩阵摊主{ctx.which}"),
        point=_point(f"MX-VA-{ctx.which}"),
        starts_on=timezone.localdate(),
        created_by=ctx.user,
    )
    return {"pk": made.pk}


def waiting(ctx):
    from sunshine.parties.models import WaitingEntry

    made = WaitingEntry.objects.create(
        point=_point(f"MX-VW-{ctx.which}"),
        party=PartyFactory(name=f"矩阵轮候{ctx.which}"),
        joined_at=timezone.now(),
        created_by=ctx.user,
    )
    return {"pk": made.pk}


def contact(ctx):
    from sunshine.org.models import Grid
    from sunshine.parties.models import FieldContact

    grid = Grid.objects.filter(code=f"MX-G-{ctx.which}").first() or GridFactory(
        code=f"MX-G-{ctx.which}", squad=ctx.unit
    )
    made = FieldContact.objects.create(
        party=PartyFactory(name=f"矩阵劝导{ctx.which}"),
        matter=MatterFactory(code=f"MX-M-{ctx.which}", category="commerce"),
        step="persuade",
        recorded_by=ctx.user,
        recorder_unit=ctx.unit,
        grid=grid,
        occurred_at=timezone.now(),
        outcome="complied",
        recommended_step="persuade",
    )
    made.officers.set(Staff.objects.filter(user=ctx.user))
    made.photo.save(f"matrix-{ctx.which}.png", ContentFile(PNG), save=True)
    return {"pk": made.pk}


OBJECTS = {
    "parties:party_detail": party,
    "parties:party_edit": party,
    "parties-api-party-detail": party,
    "parties-api-recommendation": party,
    "parties:point_detail": point,
    "parties:point_edit": point,
    "parties:point_assign": point,
    "parties-api-point-detail": point,
    "parties-api-point-assign": point,
    "parties:assignment_release": assignment,
    "parties-api-release": assignment,
    "parties:point_wait": point,
    "parties-api-point-waiting": point,
    "parties:waiting_withdraw": waiting,
    "parties-api-waiting-withdraw": waiting,
    "parties:contact_detail": contact,
    "parties:contact_photo": contact,
    "parties-api-contact-detail": contact,
}
UNSCOPED = {
    "parties:party_detail",
    "parties:party_edit",
    "parties-api-party-detail",
    "parties-api-recommendation",
    "parties:point_detail",
    "parties:point_edit",
    "parties:point_assign",
    "parties-api-point-detail",
    "parties-api-point-assign",
    "parties:assignment_release",
    "parties-api-release",
    "parties:point_wait",
    "parties-api-point-waiting",
    "parties:waiting_withdraw",
    "parties-api-waiting-withdraw",
}
