"""The upload path is streamed: the hashing handler writes and hashes each chunk as it arrives and never
holds the file whole in memory (tested through Django's real multipart parser)."""

from __future__ import annotations

import hashlib
import os
import tracemalloc

import pytest
from django.http.multipartparser import MultiPartParser

from sunshine.evidence import storage

BOUNDARY = "----sunshine-test-boundary"


def write_body(path, payload_path, size):
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\naudio_visual\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    with open(path, "wb") as out, open(payload_path, "rb") as src:
        out.write(head)
        while chunk := src.read(1 << 20):
            out.write(chunk)
        out.write(tail)
    return len(head) + size + len(tail)


def make_payload(path, size):
    digest = hashlib.sha256()
    block = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom((1 << 20) - 24)
    with open(path, "wb") as out:
        left = size
        while left:
            piece = block[: min(left, len(block))]
            out.write(piece)
            digest.update(piece)
            left -= len(piece)
    return digest.hexdigest()


def parse(body_path, length, handler):
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(length)}
    with open(body_path, "rb") as stream:
        return MultiPartParser(meta, stream, [handler]).parse()


@pytest.fixture
def tmp_store(tmp_path, settings):
    settings.EVIDENCE_ROOT = tmp_path / "store"
    return tmp_path


def test_large_upload_is_hashed_in_one_pass_without_loading_it(tmp_store, settings):
    size = 48 * 1024 * 1024  # far above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    assert size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE * 10
    payload = tmp_store / "payload.bin"
    expected = make_payload(payload, size)
    body = tmp_store / "body.bin"
    length = write_body(body, payload, size)
    handler = storage.HashingUploadHandler(limit=size)
    tracemalloc.start()
    try:
        post, files = parse(body, length, handler)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    upload = files["file"]
    assert isinstance(upload, storage.ReceivedFile)
    assert upload.sha256 == expected
    assert upload.size == size
    assert post["kind"] == "audio_visual"
    assert upload.head.startswith(b"\x00\x00\x00\x18ftypmp42")
    assert os.path.getsize(upload.temporary_file_path()) == size
    # The parser's buffers and one chunk, never the file: a few MB at most for a 48 MB upload.
    assert peak < 8 * 1024 * 1024, peak
    received = storage.receive(upload)
    assert received.sha256 == expected and not received.owned
    upload.close()
    assert list((tmp_store / "store" / ".incoming").iterdir()) == []


def test_upload_over_the_limit_is_stopped_and_nothing_is_left(tmp_store):
    size = 3 * 1024 * 1024
    payload = tmp_store / "payload.bin"
    make_payload(payload, size)
    body = tmp_store / "body.bin"
    length = write_body(body, payload, size)
    handler = storage.HashingUploadHandler(limit=size - 1)
    _post, files = parse(body, length, handler)
    assert handler.too_large
    assert "file" not in files
    assert list((tmp_store / "store" / ".incoming").iterdir()) == []


def test_limit_exactly_reached_is_accepted(tmp_store):
    size = 2 * 1024 * 1024
    payload = tmp_store / "payload.bin"
    expected = make_payload(payload, size)
    body = tmp_store / "body.bin"
    length = write_body(body, payload, size)
    handler = storage.HashingUploadHandler(limit=size)
    _post, files = parse(body, length, handler)
    assert not handler.too_large and files["file"].sha256 == expected
    files["file"].close()


def test_other_files_are_streamed_to_disk_in_chunks(tmp_store):
    class Source:
        name = "x.mp4"

        def __init__(self):
            self.calls = 0

        def read(self, n):
            self.calls += 1
            return b"\x00" * n if self.calls <= 5 else b""

    received = storage.receive(Source())
    assert received.size == 5 * storage.CHUNK
    assert received.sha256 == hashlib.sha256(b"\x00" * (5 * storage.CHUNK)).hexdigest()
    storage.discard(received)
    assert not os.path.exists(received.path)
