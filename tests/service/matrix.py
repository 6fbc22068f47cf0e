"""Objects for the permission matrix: a citizen request handled by the requesting squad (or the other)."""

from django.utils import timezone


def citizen_request(ctx):
    from sunshine.service.models import Request

    now = timezone.now()
    req = Request.objects.create(
        tracking_no=f"SMX{ctx.which}{Request.objects.count():05d}",
        channel="phone",
        kind="complaint",
        content="矩阵测试诉求",
        unit=ctx.unit,
        first_receiver=ctx.user,
        received_at=now,
        due_at=now,
    )
    return {"pk": req.pk}


def citizen_request_action(ctx):
    return {**citizen_request(ctx), "action": "reply"}


OBJECTS = {
    "service:detail": citizen_request,
    "service:act": citizen_request_action,
    "service-api-request-detail": citizen_request,
    "service-api-dispatch": citizen_request,
    "service-api-refer": citizen_request,
    "service-api-reply": citizen_request,
    "service-api-merge": citizen_request,
}


def supervision_item(ctx):
    import datetime as dt

    from sunshine.service.models import SupervisionItem

    item = SupervisionItem.objects.create(
        source="mayor",
        content="市长热线督办：夜市油烟",
        deadline=timezone.localdate() + dt.timedelta(days=10),
        unit=ctx.unit,
        responsible=ctx.user,
        created_by=ctx.user,
    )
    return {"pk": item.pk}


def misconduct(ctx):
    """A misconduct report about a staff member who is not the requesting user."""
    from sunshine.accounts.roles import Role
    from sunshine.service.models import SocialSupervisor, SupervisorReport
    from tests.factories import UserFactory

    user = UserFactory(
        username=f"mx-sup-{ctx.which}-{SocialSupervisor.objects.count()}", roles=[Role.SOCIAL_SUPERVISOR]
    )
    sup = SocialSupervisor.objects.create(
        user=user, name="矩阵监督员", background="expert", area="城区", appointed_on=timezone.localdate()
    )
    report = SupervisorReport.objects.create(
        supervisor=sup,
        kind="misconduct",
        content="执法人员态度粗暴",
        place="人民路",
        occurred_at=timezone.now(),
    )
    return {"pk": report.pk}


OBJECTS.update(
    {
        "service:supervision_detail": supervision_item,
        "service:misconduct_detail": misconduct,
    }
)
UNSCOPED = {"service:misconduct_detail"}
