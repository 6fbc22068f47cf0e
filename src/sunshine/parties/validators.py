"""Checks on uploaded files: a contact photo is a real JPEG, PNG or WebP image of a sensible size."""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PHOTO_MIME_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def validate_photo(upload) -> None:
    """The content (not the name) must be JPEG, PNG or WebP, and at most 10 MB."""
    if not upload:
        return
    size = getattr(upload, "size", None) or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is %(size)s; at most %(limit)s is allowed."),
            code="photo_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(261)
    upload.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PHOTO_MIME_TYPES:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="photo_type")
