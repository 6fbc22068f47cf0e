"""Content-addressed storage of evidence files, streamed end to end.

- :class:`HashingUploadHandler` receives an upload chunk by chunk, writes each chunk to a temporary file
  beside the store and hashes it in the same pass; nothing holds the whole file in memory.
- :func:`put` files the received content under its SHA-256 (``ab/cd/abcd…``) in the configured storage:
  ``EVIDENCE_STORAGE = "local"`` (``EVIDENCE_ROOT``, a hard link or rename, no copy) or ``"s3"`` (any
  S3-compatible store through django-storages, ``EVIDENCE_S3`` options). The same content is stored once.
- :func:`check` re-reads a stored file and reports ``ok``, ``missing`` or ``altered``;
  :func:`verified_chunks` streams a file for download while hashing it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload

CHUNK = 1024 * 1024
DEFAULT_MAX_BYTES = 8 * 1024**3
HEAD_BYTES = 8192


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def root() -> Path:
    return Path(settings.EVIDENCE_ROOT)


def incoming_dir() -> Path:
    """Temporary files live beside the store, so filing one is a rename on the same file system."""
    path = root() / ".incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def _storage(kind: str, location: str, options: tuple) -> Storage:
    if kind == "local":
        return FileSystemStorage(location=location, file_permissions_mode=0o444)
    if kind == "s3":
        from storages.backends.s3 import S3Storage  # needs boto3 in production

        return S3Storage(**dict(options))
    raise ValueError(f"EVIDENCE_STORAGE must be 'local' or 's3', not {kind!r}")


def evidence_storage() -> Storage:
    kind = getattr(settings, "EVIDENCE_STORAGE", "local")
    options = tuple(sorted((getattr(settings, "EVIDENCE_S3", None) or {}).items()))
    return _storage(kind, str(root()), options)


class ReceivedFile(UploadedFile):
    """An upload already on disk, with its SHA-256, size and first bytes computed while it arrived."""

    def __init__(self, *, name: str, content_type: str, charset=None, content_type_extra=None):
        file = tempfile.NamedTemporaryFile(suffix=".upload", dir=incoming_dir())  # noqa: SIM115
        super().__init__(file, name, content_type, 0, charset, content_type_extra)
        self.sha256 = ""
        self.head = b""

    def temporary_file_path(self) -> str:
        return self.file.name

    def close(self):
        with contextlib.suppress(FileNotFoundError):
            return self.file.close()


class _Worker(threading.Thread):
    """Applies ``step`` to every chunk handed to it, in its own thread, through a bounded queue."""

    QUEUE = 4

    def __init__(self, step, name: str):
        super().__init__(daemon=True, name=name)
        self.step = step
        self.queue: queue.Queue = queue.Queue(maxsize=self.QUEUE)
        self.error: BaseException | None = None

    def run(self):
        while (chunk := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.step(chunk)
                except BaseException as exc:  # re-raised in the request thread
                    self.error = exc

    def check(self) -> None:
        if self.error is not None:
            raise self.error


class _Sink:
    """Hashes and writes the chunks handed to it in two helper threads: ``hashlib`` (on large buffers)
    and file writes release the GIL, so hashing, writing and the request thread's parsing of the next
    chunk overlap. The queues are bounded: at most ``2 × QUEUE`` chunks wait in memory whatever the
    file's size."""

    def __init__(self, file):
        self.hasher = hashlib.sha256()
        self.workers = [
            _Worker(self.hasher.update, "evidence-upload-hash"),
            _Worker(file.write, "evidence-upload-write"),
        ]
        for worker in self.workers:
            worker.start()

    def put(self, chunk: bytes) -> None:
        for worker in self.workers:
            worker.check()
            worker.queue.put(chunk)

    def finish(self) -> str:
        for worker in self.workers:
            worker.queue.put(None)
        for worker in self.workers:
            worker.join()
            worker.check()
        return self.hasher.hexdigest()


class HashingUploadHandler(FileUploadHandler):
    """Writes and hashes every chunk as it arrives (one pass, in a helper thread, with a bounded queue);
    stops the upload beyond ``EVIDENCE_MAX_BYTES``.

    Install it before the request body is read: ``request.upload_handlers = [HashingUploadHandler(request)]``
    (the web view is csrf-exempt and checks CSRF itself afterwards; the API view sets it in
    ``initialize_request``). After parsing, ``too_large`` says whether a file was cut off.
    """

    chunk_size = CHUNK

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = max_bytes() if limit is None else limit
        self.too_large = False
        self._sink: _Sink | None = None

    def new_file(
        self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None
    ):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if content_length is not None and content_length > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=True)
        self.file = ReceivedFile(
            name=file_name, content_type=content_type, charset=charset, content_type_extra=content_type_extra
        )
        self._size = 0
        self._head = bytearray()
        self._sink = _Sink(self.file.file)
        raise StopFutureHandlers()

    def _stop_sink(self) -> None:
        if self._sink is not None:
            with contextlib.suppress(BaseException):
                self._sink.finish()
            self._sink = None

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large = True
            self._stop_sink()
            self.file.close()
            raise StopUpload(connection_reset=True)
        if len(self._head) < HEAD_BYTES:
            self._head += raw_data[: HEAD_BYTES - len(self._head)]
        try:
            self._sink.put(raw_data)
        except BaseException:
            self._stop_sink()
            self.file.close()
            raise
        return None

    def file_complete(self, file_size):
        sink, self._sink = self._sink, None
        try:
            digest = sink.finish()
        except BaseException:
            self.file.close()
            raise
        self.file.flush()
        self.file.seek(0)
        self.file.size = file_size
        self.file.sha256 = digest
        self.file.head = bytes(self._head)
        return self.file

    def upload_interrupted(self):
        self._stop_sink()
        if hasattr(self, "file"):
            self.file.close()


@dataclass
class Received:
    """Content ready to be filed: a temporary path, its hash, size and first bytes."""

    path: str
    sha256: str
    size: int
    head: bytes
    name: str
    owned: bool  # the temporary file is ours to remove


def receive(upload, *, limit: int | None = None) -> Received:
    """The upload as :class:`Received`. A :class:`ReceivedFile` (from the handler) is used as it is; any
    other file-like object is streamed to a temporary file and hashed in one pass."""
    from . import rules

    limit = max_bytes() if limit is None else limit
    if isinstance(upload, Received):  # already on disk and hashed (a finished resumable upload)
        rules.check_size(upload.size, limit)
        return upload
    name = getattr(upload, "name", "") or ""
    if isinstance(upload, ReceivedFile):
        rules.check_size(upload.size, limit)
        return Received(upload.temporary_file_path(), upload.sha256, upload.size, upload.head, name, False)
    hasher = hashlib.sha256()
    size = 0
    head = bytearray()
    fd, path = tempfile.mkstemp(suffix=".upload", dir=incoming_dir())
    try:
        with os.fdopen(fd, "wb") as out:
            chunks = (
                upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(CHUNK), b"")
            )
            for chunk in chunks:
                size += len(chunk)
                rules.check_size(size, limit)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                hasher.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(path)
        raise
    return Received(path, hasher.hexdigest(), size, bytes(head), name, True)


def hash_file(path: str, *, name: str, owned: bool) -> Received:
    """A file already on disk (a resumable upload's parts), hashed in one streamed pass."""
    hasher = hashlib.sha256()
    size = 0
    head = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            if not head:
                head = chunk[:HEAD_BYTES]
            hasher.update(chunk)
            size += len(chunk)
    return Received(path, hasher.hexdigest(), size, head, name, owned)


def discard(received: Received) -> None:
    if received.owned:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(received.path)


def blob_name(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def put(received: Received) -> bool:
    """File the content under its hash. Returns False when the same content was already stored (nothing
    is written then). Local storage links the temporary file into place (no copy, never overwrites)."""
    storage = evidence_storage()
    name = blob_name(received.sha256)
    if storage.exists(name):
        return False
    if isinstance(storage, FileSystemStorage):
        final = Path(storage.path(name))
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(received.path, final)
        except FileExistsError:
            return False
        except OSError:  # another file system: copy beside, then rename into place
            partial = final.with_suffix(".partial")
            shutil.copyfile(received.path, partial)
            os.replace(partial, final)
        os.chmod(final, 0o444)
        return True
    with open(received.path, "rb") as fh:
        storage.save(name, fh)
    return True


def remove(sha256: str) -> None:
    storage = evidence_storage()
    name = blob_name(sha256)
    if isinstance(storage, FileSystemStorage):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(storage.path(name))
        return
    storage.delete(name)


def open_blob(sha256: str):
    return evidence_storage().open(blob_name(sha256), "rb")


def check(sha256: str, size: int | None = None) -> str:
    """``"ok"``, ``"missing"`` or ``"altered"`` (the content no longer hashes to its name, or its size
    differs)."""
    try:
        fh = open_blob(sha256)
    except (FileNotFoundError, OSError):
        return "missing"
    hasher = hashlib.sha256()
    total = 0
    with fh:
        while chunk := fh.read(CHUNK):
            hasher.update(chunk)
            total += len(chunk)
    if hasher.hexdigest() != sha256 or (size is not None and total != size):
        return "altered"
    return "ok"


class AlteredDuringDownload(Exception):
    pass


def verified_chunks(sha256: str) -> Iterator[bytes]:
    """The file's chunks, hashed again as they are sent; raises at the end if the content changed after
    the check before the download (the connection is then cut, so the client sees a failed download)."""
    hasher = hashlib.sha256()
    with open_blob(sha256) as fh:
        while chunk := fh.read(CHUNK):
            hasher.update(chunk)
            yield chunk
    if hasher.hexdigest() != sha256:
        raise AlteredDuringDownload(sha256)
