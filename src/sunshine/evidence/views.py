"""Staff pages of evidence (desk and phone): a case's upload form and activities, an item's page with its
hash and chain of custody, downloads checked against the hash, corrections and custody transfers."""

from __future__ import annotations

import csv
import io
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.cases.selectors import case_queryset
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required

from . import multipart, selectors, services, storage
from .forms import ActivityForm, CompleteForm, SupersedeForm, TransferForm, UploadForm
from .models import Kind


def content_disposition(item) -> str:
    """An attachment (never shown inline), with the original name safely encoded."""
    name = item.original_name
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in name)
    return (
        f"attachment; filename=\"{ascii_name or 'evidence'}\"; filename*=UTF-8''{quote(item.original_name)}"
    )


def _rule_error(request, form, exc: RuleViolation) -> None:
    messages.error(request, force_str(exc))
    if exc.field and form is not None and exc.field in form.fields:
        form.add_error(exc.field, force_str(exc.message))


def streaming_upload(view):
    """Install the hashing upload handler before the body is read, then check CSRF as usual (Django's
    middleware would otherwise parse the upload into memory or a plain temporary file first)."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        multipart.install(request, storage.HashingUploadHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _too_large(request) -> bool:
    return any(getattr(h, "too_large", False) for h in getattr(request, "_upload_handlers", []))


@capability_required("evidence.view")
def index(request):
    """Evidence of the user's cases, newest first (``?kind=``, ``?flagged=1``), and the recording figures."""
    items = selectors.item_list(user=request.user, filters=request.GET)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    from sunshine.accounts.roles import bureau_wide
    from sunshine.cases.selectors import scope_unit_ids, user_staff

    staff = user_staff(request.user)
    unit_ids = None if bureau_wide(request.user) else (scope_unit_ids(request.user, staff) if staff else [])
    return render(
        request,
        "evidence/index.html",
        {
            "page": page,
            "kinds": Kind.choices,
            "kind": request.GET.get("kind", ""),
            "flagged": request.GET.get("flagged") == "1",
            "stats": selectors.av_statistics(unit_ids=unit_ids),
        },
    )


def _case(request, case_pk):
    return get_object_or_404(case_queryset(request.user).select_related("unit"), pk=case_pk)


@streaming_upload
@capability_required("evidence.add")
def upload(request, case_pk: int):
    """Add an item to a case (from the case page; on a phone the camera opens directly)."""
    case = _case(request, case_pk)
    prefix = "ev" if request.method == "POST" and "ev-kind" in request.POST else None
    form = UploadForm(request.POST or None, request.FILES or None, case=case, prefix=prefix)
    if request.method == "GET" and request.GET.get("activity"):
        form = UploadForm(case=case, initial={"activity": request.GET["activity"], "kind": Kind.AUDIO_VISUAL})
    if request.method == "POST":
        if _too_large(request):
            form.add_error(
                None,
                _("The file is larger than the limit of %(limit)s bytes.")
                % {"limit": f"{storage.max_bytes():,}"},
            )
        elif form.is_valid():
            d = form.cleaned_data
            try:
                item = services.evidence_add(
                    actor=request.user,
                    case=case,
                    kind=d["kind"],
                    upload=d["file"],
                    description=d["description"],
                    captured_at=d.get("captured_at"),
                    place=d.get("place") or "",
                    activity=d.get("activity"),
                    device_serial=d.get("device_serial") or "",
                    metadata=d.get("metadata") or {},
                )
            except RuleViolation as exc:
                _rule_error(request, form, exc)
            except PermissionDeniedError as exc:
                raise PermissionDenied(force_str(exc.message)) from exc
            else:
                if item.device_flag:
                    messages.warning(
                        request,
                        _("Evidence registered. Its recording device is flagged: %(flag)s.")
                        % {"flag": item.get_device_flag_display()},
                    )
                else:
                    messages.success(
                        request, _("Evidence registered (SHA-256 %(sha)s).") % {"sha": item.blob.sha256}
                    )
                if item.activity_id:
                    return redirect("evidence:activity_detail", pk=item.activity_id)
                return redirect("evidence:item_detail", pk=item.pk)
    return render(request, "evidence/upload.html", {"case": case, "form": form})


@capability_required("evidence.view")
def item_detail(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    services.evidence_view(actor=request.user, item=item)
    can_add = has_capability(request.user, "evidence.add")
    return render(
        request,
        "evidence/item_detail.html",
        {
            "item": item,
            "custody": selectors.custody_log(item),
            "transfers": item.transfers.select_related("by"),
            "supersede_form": SupersedeForm() if can_add and not hasattr(item, "superseded_by") else None,
            "transfer_form": TransferForm() if has_capability(request.user, "evidence.transfer") else None,
        },
    )


@capability_required("evidence.view")
def item_download(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    try:
        chunks = services.evidence_open_download(actor=request.user, item=item)
    except services.IntegrityFailure as exc:
        message = (
            _("The stored file no longer matches its hash; it is not sent. The failure is recorded.")
            if exc.status == "altered"
            else _("The stored file is missing. The failure is recorded.")
        )
        return render(
            request, "evidence/integrity_failed.html", {"item": item, "message": message}, status=409
        )
    response = StreamingHttpResponse(chunks, content_type=item.blob.mime)
    response["Content-Length"] = str(item.blob.size)
    response["Content-Disposition"] = content_disposition(item)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@streaming_upload
@capability_required("evidence.add")
@require_POST
def item_supersede(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    form = SupersedeForm(request.POST, request.FILES)
    if _too_large(request):
        messages.error(
            request,
            _("The file is larger than the limit of %(limit)s bytes.")
            % {"limit": f"{storage.max_bytes():,}"},
        )
    elif form.is_valid():
        try:
            new = services.evidence_supersede(
                actor=request.user,
                item=item,
                reason=form.cleaned_data["reason"],
                upload=form.cleaned_data["file"],
                description=form.cleaned_data.get("description") or "",
            )
        except RuleViolation as exc:
            _rule_error(request, None, exc)
        else:
            messages.success(request, _("Correction registered; the earlier item is kept as it was."))
            return redirect("evidence:item_detail", pk=new.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("evidence:item_detail", pk=item.pk)


@capability_required("evidence.transfer")
@require_POST
def item_transfer(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_transfer(actor=request.user, item=item, **form.cleaned_data)
        except RuleViolation as exc:
            _rule_error(request, None, exc)
        else:
            messages.success(request, _("Custody transfer recorded."))
    else:
        messages.error(request, _("Say to whom the evidence is handed and why."))
    return redirect("evidence:item_detail", pk=item.pk)


@capability_required("evidence.view")
def case_manifest(request, case_pk: int):
    """The case's evidence as a CSV manifest with every file's SHA-256 (an export, recorded per item)."""
    case = _case(request, case_pk)
    items = list(selectors.item_list(user=request.user, case=case))
    services.evidence_export(actor=request.user, case=case, items=items)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Id"),
            _("Kind"),
            _("Description"),
            _("Captured at"),
            _("File name"),
            _("Size"),
            "SHA-256",
            _("Supersedes"),
            _("Device"),
            _("Device check"),
        ]
    )
    for i in items:
        writer.writerow(
            [
                i.pk,
                i.get_kind_display(),
                i.description,
                i.captured_at.isoformat(),
                i.original_name,
                i.blob.size,
                i.blob.sha256,
                i.supersedes_id or "",
                i.device_serial,
                i.get_device_flag_display() if i.device_flag else "",
            ]
        )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evidence-{case.pk}.csv"'
    return response


@capability_required("evidence.add")
def activity_new(request, case_pk: int):
    case = _case(request, case_pk)
    prefix = "act" if "act-kind" in request.POST else None
    form = ActivityForm(request.POST or None, case=case, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.activity_record(
                actor=request.user,
                case=case,
                kind=d["kind"],
                started_at=d["started_at"],
                place=d.get("place") or "",
                officers=list(d["officers"]),
                note=d.get("note") or "",
            )
        except RuleViolation as exc:
            _rule_error(request, form, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied(force_str(exc.message)) from exc
        else:
            messages.success(request, _("Activity recorded: now add its audio-visual material."))
            return redirect("evidence:activity_detail", pk=activity.pk)
    return render(request, "evidence/activity_form.html", {"case": case, "form": form})


@capability_required("evidence.view")
def activity_detail(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk)
    items = activity.items.select_related("blob", "captured_by").order_by("captured_at", "id")
    can_add = has_capability(request.user, "evidence.add")
    return render(
        request,
        "evidence/activity_detail.html",
        {
            "activity": activity,
            "items": items,
            "devices": services.activity_devices(activity),
            "officers": activity.officers.all(),
            "can_add": can_add,
            "complete_form": CompleteForm() if can_add and activity.status == "open" else None,
        },
    )


@capability_required("evidence.add")
@require_POST
def activity_complete(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.activity_complete(
                actor=request.user,
                activity=activity,
                ended_at=form.cleaned_data.get("ended_at"),
                fewer_devices_reason=form.cleaned_data.get("fewer_devices_reason") or "",
            )
        except RuleViolation as exc:
            _rule_error(request, None, exc)
        else:
            messages.success(request, _("The activity is recorded as done."))
    else:
        messages.error(request, _("The input is not valid."))
    return redirect("evidence:activity_detail", pk=activity.pk)
