"""Objects for the permission matrix: an evidence item and an enforcement activity on a case of the requested
squad, handled and recorded by that squad's officer; the case pages' evidence forms take the case."""

from __future__ import annotations

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sunshine.evidence import services
from tests.factories import CaseFactory, StaffFactory

_n = itertools.count()


def _case(ctx):
    return CaseFactory(unit=ctx.unit, handler=ctx.user)


def item(ctx):
    upload = SimpleUploadedFile("matrix.pdf", f"%PDF-1.4\nmatrix {ctx.which} {next(_n)}\n".encode())
    made = services.evidence_add(
        actor=ctx.user, case=_case(ctx), kind="documentary", upload=upload, description="矩阵测试证据"
    )
    return {"pk": made.pk}


def activity(ctx):
    made = services.activity_record(
        actor=ctx.user,
        case=_case(ctx),
        kind="questioning",
        started_at=timezone.now(),
        place="询问室",
        officers=[ctx.user.staff, StaffFactory(unit=ctx.unit)],
    )
    return {"pk": made.pk}


def upload(ctx):
    session = services.upload_session_start(
        actor=ctx.user,
        case=_case(ctx),
        filename="matrix.mp4",
        size=1000,
        fields={"kind": "physical", "description": "矩阵测试续传"},
    )
    return {"pk": session.pk}


def case(ctx):
    return {"case_pk": _case(ctx).pk}


OBJECTS = {
    "evidence:item_detail": item,
    "evidence:item_download": item,
    "evidence:item_supersede": item,
    "evidence:item_transfer": item,
    "evidence:upload": case,
    "evidence:case_manifest": case,
    "evidence:activity_new": case,
    "evidence:activity_detail": activity,
    "evidence:activity_complete": activity,
    "evidence-api-item": item,
    "evidence-api-download": item,
    "evidence-api-supersede": item,
    "evidence-api-transfer": item,
    "evidence-api-activity": activity,
    "evidence-api-activity-complete": activity,
    "evidence-api-upload": upload,
    "evidence-api-upload-finish": upload,
}
