"""Objects for the permission matrix: documents of a case in the requested squad (the case's handler is
the squad's officer). The issue URL uses an order to correct, which an empty form never issues (the
entry is required), so an allowed POST changes nothing; void and correct with an empty body are refused
for the missing reason (422)."""

from __future__ import annotations

from django.utils import timezone

from sunshine.documents import images, storage
from sunshine.documents.models import Document, PartySignature
from tests.factories import CaseFactory


def _case(ctx):
    return CaseFactory(unit=ctx.unit, handler=ctx.user, state="investigating")


def _document(ctx) -> Document:
    case = _case(ctx)
    data = b"%PDF-1.7\n% matrix " + ctx.which.encode() + b"\n%%EOF\n"
    sha = storage.put(data)
    return Document.objects.create(
        case=case,
        kind="inquiry_record",
        record_key="entry:1",
        title="询问笔录",
        code=f"MX{ctx.which.upper()}{Document.objects.count():06d}"[:16],
        sha256=sha,
        size=len(data),
        issued_by=ctx.user,
        issued_at=timezone.now(),
    )


def document(ctx):
    return {"pk": _document(ctx).pk}


def signature(ctx):
    doc = _document(ctx)
    png = images.signature_png("张三")
    sig = PartySignature.objects.create(
        document=doc,
        source="scan",
        signer="张三",
        image=png,
        content_type="image/png",
        sha256="0" * 64,
        captured_at=timezone.now(),
        captured_by=ctx.user,
    )
    return {"pk": doc.pk, "sig_pk": sig.pk}


def issue(ctx):
    return {"case_pk": _case(ctx).pk, "kind": "correction_order"}


def verify(ctx):
    return {"code": _document(ctx).code}


OBJECTS = {
    "documents:document_detail": document,
    "documents:document_pdf": document,
    "documents:document_download": document,
    "documents:document_void": document,
    "documents:document_correct": document,
    "documents:document_scan": document,
    "documents:party_signature": signature,
    "documents:issue": issue,
    "documents-api-detail": document,
    "documents-api-download": document,
    "documents-api-void": document,
    "documents-api-correct": document,
    "documents-api-scan": document,
    "documents-api-available": lambda ctx: {"case_pk": _case(ctx).pk},
    "documents-api-verify": verify,
}
UNSCOPED = {"documents-api-verify"}
