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
