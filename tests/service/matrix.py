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


def _png():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return ContentFile(out.getvalue(), name="matrix.png")


def _supervisor(ctx, suffix):
    from sunshine.accounts.roles import Role
    from sunshine.service.models import SocialSupervisor
    from tests.factories import UserFactory

    user = UserFactory(
        username=f"mx-{suffix}-{ctx.which}-{SocialSupervisor.objects.count()}", roles=[Role.SOCIAL_SUPERVISOR]
    )
    return SocialSupervisor.objects.create(
        user=user, name="矩阵监督员", background="expert", area="城区", appointed_on=timezone.localdate()
    )


def misconduct_with_photo(ctx):
    from sunshine.service.models import SupervisorReport

    pk = misconduct(ctx)["pk"]
    report = SupervisorReport.objects.get(pk=pk)
    report.photo.save("matrix.png", _png())
    return {"pk": pk}


def someone_elses_report(ctx):
    """A report with a photo by another supervisor: every supervisor but its author gets 404."""
    from sunshine.service.models import SupervisorReport

    report = SupervisorReport.objects.create(
        supervisor=_supervisor(ctx, "other"),
        kind="problem",
        content="占道经营",
        place="人民路",
        occurred_at=timezone.now(),
    )
    report.photo.save("matrix.png", _png())
    return {"pk": report.pk}


def request_with_photo(ctx):
    """A citizen request of the squad that came from a supervisor's report with a photo."""
    from sunshine.service.models import Request, SupervisorReport

    pk = citizen_request(ctx)["pk"]
    report = SupervisorReport.objects.create(
        supervisor=_supervisor(ctx, "req"),
        kind="problem",
        content="占道经营",
        place="人民路",
        occurred_at=timezone.now(),
        request=Request.objects.get(pk=pk),
    )
    report.photo.save("matrix.png", _png())
    return {"pk": pk}


def letter(ctx):
    from sunshine.service.models import Request

    pk = citizen_request(ctx)["pk"]
    Request.objects.filter(pk=pk).update(channel="letter")
    return {"pk": pk}


def vendor_group(ctx):
    from sunshine.parties.models import Party
    from sunshine.service.models import VendorGroup

    leader = Party.objects.create(name="矩阵摊主")
    group = VendorGroup.objects.create(name="矩阵自治小组", area="人民路", leader=leader)
    group.members.add(leader)
    return {"pk": group.pk}


OBJECTS.update(
    {
        "service-api-extend": letter,
        "service-api-supervision-detail": supervision_item,
        "service-api-supervision-progress": supervision_item,
        "service-api-supervision-finish": supervision_item,
        "service-api-misconduct-detail": misconduct,
        "service-api-misconduct-result": misconduct,
        "service-api-misconduct-photo": misconduct_with_photo,
        "service:misconduct_photo": misconduct_with_photo,
        "service-api-report-photo": someone_elses_report,
        "service:own_report_photo": someone_elses_report,
        "service-api-request-photo": request_with_photo,
        "service:request_photo": request_with_photo,
        "service:vendor_group_detail": vendor_group,
        "service:vendor_group_edit": vendor_group,
        "service-api-vendor-group": vendor_group,
    }
)
UNSCOPED |= {
    "service-api-misconduct-detail",
    "service-api-misconduct-result",
    "service-api-misconduct-photo",
    "service:misconduct_photo",
    "service:vendor_group_detail",
    "service:vendor_group_edit",
    "service-api-vendor-group",
}
