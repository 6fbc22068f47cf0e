"""The upload path is streamed: the hashing handler writes and hashes each chunk as it arrives and never
holds the file whole in memory (tested through Django's real multipart parser)."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc

import pytest
from django.http.multipartparser import MultiPartParser
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sunshine.evidence import multipart, storage

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
    # The parser's buffers and the handler's bounded queues (2 × 4 chunks of 1 MiB), never the file.
    assert peak < 16 * 1024 * 1024, peak
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


# --- the evidence app's own multipart parser ------------------------------------------------------------


class Collect:
    """A minimal upload handler that keeps what it receives (to compare parsers)."""

    def __init__(self):
        self.files = {}
        self.interrupted = False

    def new_file(
        self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None
    ):
        self.current = (field_name, file_name, content_type, bytearray())

    def receive_data_chunk(self, raw_data, start):
        assert start == len(self.current[3])
        self.current[3].extend(raw_data)

    def file_complete(self, file_size):
        _name, file_name, content_type, data = self.current
        assert file_size == len(data)
        return (file_name, content_type, bytes(data))

    def upload_interrupted(self):
        self.interrupted = True


def body(fields, files, boundary=BOUNDARY):
    out = bytearray()
    for name, value in fields:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
        )
    for name, filename, content in files:
        out += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: video/mp4\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def run_parser(data: bytes):
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(len(data))}
    handler = Collect()
    post, files = multipart.parse(io.BytesIO(data), meta, handler)
    return post, files, handler


# bytes that look like pieces of the delimiter, to land on block edges
tricky = st.lists(
    st.sampled_from([b"\r", b"\n", b"-", b"--", b"\r\n--", BOUNDARY.encode()[:10], b"x", b"\x00" * 7]),
    max_size=40,
).map(b"".join)


@hsettings(max_examples=60, deadline=None)
@given(
    content=st.binary(max_size=300) | tricky,
    field=st.binary(max_size=40).filter(lambda b: b"\r\n--" not in b),
    block=st.integers(7, 64),
)
def test_parser_matches_the_content_at_any_block_size(content, field, block):
    data = body([("kind", field)], [("file", "a.mp4", content)])
    original, multipart.BLOCK = multipart.BLOCK, block
    try:
        post, files, handler = run_parser(data)
    finally:
        multipart.BLOCK = original
    assert files["file"] == ("a.mp4", "video/mp4", content)
    assert post["kind"] == field.decode("utf-8", "replace")
    assert not handler.interrupted


def test_parser_several_parts_and_django_agrees(tmp_store):
    content = os.urandom(3 * 1024 * 1024 + 17)
    data = body([("kind", "视听资料".encode()), ("case", b"12")], [("file", "视频.mp4", content)])
    post, files, _handler = run_parser(data)
    assert post["kind"] == "视听资料" and post["case"] == "12"
    assert files["file"] == ("视频.mp4", "video/mp4", content)
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(len(data))}
    django_post, django_files = MultiPartParser(
        meta, io.BytesIO(data), [storage.HashingUploadHandler(limit=10**9)]
    ).parse()
    assert django_post.dict() == post.dict()
    assert django_files["file"].sha256 == hashlib.sha256(content).hexdigest()
    django_files["file"].close()


@pytest.mark.parametrize(
    "data",
    [
        b"no boundary at all",
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'.encode(),
        f"--{BOUNDARY}\r\nX-Other: 1\r\n\r\nvalue\r\n--{BOUNDARY}--".encode(),
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="a"'.encode(),
    ],
)
def test_parser_refuses_malformed_bodies(data):
    with pytest.raises(multipart.MultiPartParserError):
        run_parser(data)


def test_parser_with_the_hashing_handler_streams_without_loading(tmp_store):
    size = 48 * 1024 * 1024
    payload = tmp_store / "payload.bin"
    expected = make_payload(payload, size)
    body_path = tmp_store / "body.bin"
    length = write_body(body_path, payload, size)
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(length)}
    handler = storage.HashingUploadHandler(limit=size)
    tracemalloc.start()
    try:
        with open(body_path, "rb") as stream:
            _post, files = multipart.parse(stream, meta, handler)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert files["file"].sha256 == expected and files["file"].size == size
    assert peak < 16 * 1024 * 1024, peak
    files["file"].close()


def test_parser_stops_at_the_limit(tmp_store):
    size = 3 * 1024 * 1024
    payload = tmp_store / "payload.bin"
    make_payload(payload, size)
    body_path = tmp_store / "body.bin"
    length = write_body(body_path, payload, size)
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(length)}
    handler = storage.HashingUploadHandler(limit=size - 1)
    with open(body_path, "rb") as stream:
        _post, files = multipart.parse(stream, meta, handler)
    assert handler.too_large and "file" not in files
    assert list((tmp_store / "store" / ".incoming").iterdir()) == []
