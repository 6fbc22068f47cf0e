"""Staff pages (issue, list, preview, download, void, correct) and the public verification page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.cases.models import Case
from sunshine.cases.selectors import case_queryset
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import kinds, selectors, services, storage
from .models import Document, Kind, Status


def _fail(request, exc) -> None:
    if isinstance(exc, ValidationError):
        parts = []
        for field, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
            parts.append(f"{field}: {' '.join(str(e) for e in errors)}" if field else " ".join(errors))
        messages.error(request, "；".join(parts))
        return
    messages.error(request, str(exc))


def _document_or_404(request, pk: int) -> Document:
    try:
        return selectors.document_get(user=request.user, pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def _case_or_404(request, case_pk: int) -> Case:
    try:
        return case_queryset(request.user).select_related("matter_version__matter", "unit").get(pk=case_pk)
    except Case.DoesNotExist:
        raise Http404 from None


# --- the case panel -----------------------------------------------------------------------------


def case_panel(request, case) -> dict | None:
    """The documents card on the case page: issued documents and what may be issued now."""
    user = request.user
    if not has_capability(user, "documents.view"):
        return None
    docs = list(Document.objects.filter(case=case).order_by("kind", "record_key", "-version"))
    rows = selectors.available(case)
    return {
        "template": "documents/_case_panel.html",
        "order": 20,
        "documents": docs,
        "possible": [r for r in rows if r["possible"]],
        "can_issue": has_capability(user, "documents.issue"),
        "can_void": has_capability(user, "documents.void"),
    }


# --- list and detail ----------------------------------------------------------------------------


@capability_required("documents.view")
def document_list(request):
    filters = {k: request.GET.get(k, "") for k in ("case", "kind", "status", "q")}
    page = Paginator(selectors.document_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/document_list.html",
        {"page": page, "filters": filters, "kinds": Kind.choices, "statuses": Status.choices},
    )


@capability_required("documents.view")
def document_detail(request, pk: int):
    doc = _document_or_404(request, pk)
    versions = Document.objects.filter(case=doc.case, kind=doc.kind, record_key=doc.record_key).order_by(
        "-version"
    )
    return render(
        request,
        "documents/document_detail.html",
        {
            "doc": doc,
            "versions": versions,
            "signatures": doc.party_signatures.all(),
            "verify_url": services.verify_url(doc.code),
            "entry_form": _entry_form(doc.kind, initial=doc.content.get("entry")),
            "spec": kinds.SPECS[doc.kind],
            "can_void": has_capability(request.user, "documents.void"),
            "can_issue": has_capability(request.user, "documents.issue"),
        },
    )


def _pdf_response(request, doc: Document, *, attachment: bool) -> HttpResponse:
    try:
        data = storage.get(doc.sha256)
    except storage.StoredFileError as exc:
        audit_append(
            actor=request.user, action="documents.integrity_failure", obj=doc, payload={"error": str(exc)}
        )
        return HttpResponse(
            _(
                "The stored file does not match its recorded hash; it cannot be served. "
                "The incident is logged."
            ),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    audit_append(
        actor=request.user,
        action="documents.download" if attachment else "documents.view",
        obj=doc,
        payload={"sha256": doc.sha256},
    )
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{doc.title}-{doc.number or doc.case.number}-v{doc.version}.pdf"
    from urllib.parse import quote

    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"document.pdf\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-SHA256"] = doc.sha256
    return response


@capability_required("documents.view")
def document_pdf(request, pk: int):
    return _pdf_response(request, _document_or_404(request, pk), attachment=False)


@capability_required("documents.view")
def document_download(request, pk: int):
    return _pdf_response(request, _document_or_404(request, pk), attachment=True)


# --- issue, void, correct, scan -----------------------------------------------------------------


def _entry_form(kind: str, data=None, initial=None):
    spec = kinds.SPECS.get(kind)
    if spec is None or spec.entry_form is None:
        return None
    return spec.entry_form(data=data, initial=initial, prefix="entry")


def _entry_data(form) -> dict:
    """The raw entry values posted with the ``entry`` prefix, without it (the service validates them)."""
    if form is None:
        return {}
    return {name: form.data.get(form.add_prefix(name), "") for name in form.fields}


def _party_png(request) -> bytes | None:
    value = request.POST.get("party_signature", "").strip()
    return services.decode_data_url(value) if value else None


@capability_required("documents.issue")
def document_issue(request, case_pk: int, kind: str):
    case = _case_or_404(request, case_pk)
    if kind not in kinds.SPECS:
        raise Http404
    spec = kinds.SPECS[kind]
    form = _entry_form(kind, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            doc = services.document_issue(
                actor=request.user,
                case_id=case.pk,
                kind=kind,
                record_id=request.POST.get("record") or None,
                entry=_entry_data(form),
                party_signature=_party_png(request),
                party_signer=request.POST.get("party_signer", ""),
            )
        except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
            _fail(request, exc)
        except Case.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(
                request, _("Issued %(title)s %(number)s.") % {"title": doc.title, "number": doc.number}
            )
            return redirect("documents:document_detail", pk=doc.pk)
    rows = [r for r in selectors.available(case) if r["kind"] == kind]
    return render(
        request,
        "documents/issue.html",
        {"case": case, "spec": spec, "kind": kind, "rows": rows, "form": form},
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea)


@require_POST
@capability_required("documents.void")
def document_void(request, pk: int):
    doc = _document_or_404(request, pk)
    try:
        services.document_void(actor=request.user, document_id=doc.pk, reason=request.POST.get("reason", ""))
    except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The document has been voided."))
    return redirect("documents:document_detail", pk=doc.pk)


@require_POST
@capability_required("documents.void")
def document_correct(request, pk: int):
    doc = _document_or_404(request, pk)
    form = _entry_form(doc.kind, data=request.POST)
    try:
        new = services.document_correct(
            actor=request.user,
            document_id=doc.pk,
            reason=request.POST.get("reason", ""),
            entry=_entry_data(form) if form is not None else None,
            party_signature=_party_png(request),
            party_signer=request.POST.get("party_signer", ""),
        )
    except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
        _fail(request, exc)
        return redirect("documents:document_detail", pk=doc.pk)
    messages.success(request, _("Version %(v)d issued; the previous version is voided.") % {"v": new.version})
    return redirect("documents:document_detail", pk=new.pk)


@require_POST
@capability_required("documents.issue")
def document_scan(request, pk: int):
    doc = _document_or_404(request, pk)
    upload = request.FILES.get("image")
    try:
        if upload is None or upload.size > services.rules.MAX_SIGNATURE_BYTES:
            raise ValidationError({"image": [_("Choose an image of at most 2 MB.")]})
        services.party_scan_attach(
            actor=request.user, document_id=doc.pk, image=upload.read(), signer=request.POST.get("signer", "")
        )
    except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The scan of the signed copy has been kept with the document."))
    return redirect("documents:document_detail", pk=doc.pk)


@capability_required("documents.view")
def party_signature_image(request, pk: int, sig_pk: int):
    doc = _document_or_404(request, pk)
    sig = doc.party_signatures.filter(pk=sig_pk).first()
    if sig is None:
        raise Http404
    audit_append(
        actor=request.user, action="documents.view_signature", obj=doc, payload={"signature": sig.pk}
    )
    return HttpResponse(bytes(sig.image), content_type=sig.content_type)


# --- settings page (system administrator) ---------------------------------------------------------


class SettingsForm(forms.Form):
    bank_name = forms.CharField(label=gettext_lazy("Collecting bank"), max_length=100, required=False)
    bank_account_name = forms.CharField(label=gettext_lazy("Account name"), max_length=100, required=False)
    bank_account = forms.CharField(label=gettext_lazy("Account number"), max_length=64, required=False)
    public_base_url = forms.URLField(
        label=gettext_lazy("Public address of the portal"), required=False, assume_scheme="https"
    )


class ImageForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("For"))
    image = forms.FileField(label=gettext_lazy("PNG image"))


@capability_required("documents.manage")
def manage(request):
    from sunshine.org.models import Staff, Unit

    from .models import IssuingSettings, StaffSignature, UnitSeal

    row = IssuingSettings.objects.filter(singleton=1).first()
    initial = {
        k: getattr(row, k, "") for k in ("bank_name", "bank_account_name", "bank_account", "public_base_url")
    }
    settings_form = SettingsForm(initial=initial)
    units = [(f"unit:{u.pk}", u.name) for u in Unit.objects.filter(kind__in=["bureau", "brigade"])]
    staff = [(f"staff:{s.pk}", f"{s.name} {s.employee_no}") for s in Staff.objects.filter(kind="officer")]
    image_form = ImageForm()
    image_form.fields["target"].choices = units + staff
    if request.method == "POST":
        try:
            if request.POST.get("form") == "settings":
                settings_form = SettingsForm(request.POST)
                if not settings_form.is_valid():
                    raise ValidationError(settings_form.errors)
                services.issuing_settings_save(actor=request.user, data=settings_form.cleaned_data)
            else:
                image_form = ImageForm(request.POST, request.FILES)
                image_form.fields["target"].choices = units + staff
                if not image_form.is_valid():
                    raise ValidationError(image_form.errors)
                what, _sep, pk = image_form.cleaned_data["target"].partition(":")
                data = image_form.cleaned_data["image"].read(services.rules.MAX_SIGNATURE_BYTES + 1)
                if what == "unit":
                    services.unit_seal_set(actor=request.user, unit=Unit.objects.get(pk=pk), image=data)
                else:
                    services.staff_signature_set(
                        actor=request.user, staff=Staff.objects.get(pk=pk), image=data
                    )
        except (RuleViolation, PermissionDeniedError, ValidationError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("documents:manage")
    return render(
        request,
        "documents/manage.html",
        {
            "settings_form": settings_form,
            "image_form": image_form,
            "seals": UnitSeal.objects.select_related("unit"),
            "signatures": StaffSignature.objects.select_related("staff"),
        },
    )


# --- public verification --------------------------------------------------------------------------


def verify_form(request):
    code = request.GET.get("code", "").strip()
    if code:
        return redirect(
            reverse("documents_portal:verify", args=[code.upper().replace("-", "").replace(" ", "")])
        )
    return render(request, "documents/verify_form.html", {})


verify_form.public = True


def verification(doc: Document | None) -> dict:
    """What the public sees about a code: authentic or not, current or voided, the version in force."""
    if doc is None:
        return {"found": False}
    latest = selectors.latest_version(doc)
    return {
        "found": True,
        "title": doc.title,
        "number": doc.number,
        "version": doc.version,
        "case_number": doc.case.number,
        "issued_on": doc.issued_at.date(),
        "status": doc.status,
        "current": doc.status == Status.CURRENT,
        "sha256": doc.sha256,
        "size": doc.size,
        "void_reason": doc.void_reason,
        "voided_on": doc.voided_at.date() if doc.voided_at else None,
        "superseded_by": (
            {"code": latest.code, "version": latest.version, "sha256": latest.sha256, "status": latest.status}
            if latest.pk != doc.pk
            else None
        ),
    }


def verify_detail(request, code: str):
    doc = selectors.document_by_code(code)
    result = verification(doc)
    status = 200 if result["found"] else 404
    return render(request, "documents/verify_detail.html", {"code": code, "v": result}, status=status)


verify_detail.public = True
