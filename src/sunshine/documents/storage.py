"""Content-addressed storage of issued PDFs: a file is named by the SHA-256 of its bytes, written once
(atomically, by rename) and never changed; reading re-checks the hash."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


class StoredFileError(Exception):
    """A stored PDF is missing or no longer matches its recorded hash."""


def root() -> Path:
    configured = getattr(settings, "DOCUMENTS_ROOT", None) or getattr(settings, "SUNSHINE", {}).get(
        "DOCUMENTS_ROOT"
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "documents"


def path_for(sha256: str) -> Path:
    return root() / sha256[:2] / sha256[2:4] / f"{sha256}.pdf"


def put(data: bytes) -> str:
    """Store ``data``; return its SHA-256. Storing the same bytes twice keeps one file."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def get(sha256: str) -> bytes:
    """The stored bytes, after checking that they still hash to ``sha256``."""
    target = path_for(sha256)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise StoredFileError(f"missing: {sha256}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoredFileError(f"altered: {sha256}")
    return data
