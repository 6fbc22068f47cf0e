"""A lean streaming ``multipart/form-data`` parser for evidence uploads.

Django's parser joins and slices every block on its way to the upload handler (several copies per
byte). This one reads the body in 1 MiB blocks, finds the boundary with ``bytes.find`` and hands the
file's bytes to the handler as ``memoryview`` slices of the block it read (no copy): the handler hashes
and writes them in its helper threads while the next block is read. Fields (non-file parts) are kept
in memory up to ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

:func:`install` makes a Django request parse its multipart body this way when ``request.POST`` is first
read (by the CSRF check or the view), and ``api.StreamingMultiPartParser`` does it for DRF.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadhandler import StopFutureHandlers, StopUpload
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters

BLOCK = 1024 * 1024
MAX_HEADER = 16 * 1024


class _Reader:
    """Reads at most ``length`` bytes from ``stream`` (the declared body size)."""

    def __init__(self, stream, length: int):
        self.stream = stream
        self.left = length

    def read(self) -> bytes:
        if self.left <= 0:
            return b""
        data = self.stream.read(min(BLOCK, self.left))
        self.left -= len(data)
        return data


def _headers(raw: bytes) -> dict[str, tuple[str, dict]]:
    headers = {}
    for line in raw.decode("utf-8", "replace").split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = parse_header_parameters(value.strip())
    return headers


def parse(stream, meta: dict, handler):
    """Parse the body; returns ``(QueryDict, MultiValueDict)``. ``handler`` is a Django upload handler
    (``new_file``/``receive_data_chunk``/``file_complete``/``upload_interrupted``); a ``StopUpload`` from it
    ends the parse (``connection_reset``: the rest of the body is not read)."""
    content_type, params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
    boundary = params.get("boundary", "")
    if content_type != "multipart/form-data" or not boundary:
        raise MultiPartParserError("Invalid or missing multipart boundary")
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        raise MultiPartParserError("Missing Content-Length")
    delimiter = b"\r\n--" + boundary.encode("ascii", "replace")
    keep = len(delimiter) + 3  # bytes that may hold the start of a delimiter (and its "--" or CRLF)
    reader = _Reader(stream, length)
    post = QueryDict(mutable=True)
    files = MultiValueDict()
    field_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    field_bytes = 0
    # The body starts with "--boundary": seen as a delimiter after a virtual CRLF.
    buf = b"\r\n" + reader.read()

    def fill(need: int) -> bytes:
        nonlocal buf
        while len(buf) < need:
            more = reader.read()
            if not more:
                break
            buf += more
        return buf

    # preamble
    while True:
        at = buf.find(delimiter)
        if at >= 0:
            buf = buf[at + len(delimiter) :]
            break
        more = reader.read()
        if not more:
            raise MultiPartParserError("No multipart boundary in the body")
        buf = buf[-keep:] + more
    count = 0
    try:
        while True:
            fill(2)
            if buf[:2] == b"--":
                break  # the closing delimiter
            if buf[:2] != b"\r\n":
                raise MultiPartParserError("Malformed multipart boundary line")
            buf = buf[2:]
            end = fill(4).find(b"\r\n\r\n")
            while end < 0:
                if len(buf) > MAX_HEADER:
                    raise MultiPartParserError("Multipart part headers too long")
                before = len(buf)
                fill(before + BLOCK)
                if len(buf) == before:
                    raise MultiPartParserError("Truncated multipart part headers")
                end = buf.find(b"\r\n\r\n")
            headers = _headers(buf[:end])
            buf = buf[end + 4 :]
            disposition, dparams = headers.get("content-disposition", ("", {}))
            if disposition != "form-data" or "name" not in dparams:
                raise MultiPartParserError("Multipart part without a form-data name")
            name = dparams["name"]
            count += 1
            if max_fields is not None and count > max_fields:
                raise TooManyFieldsSent("Too many fields")
            is_file = "filename" in dparams
            size = 0
            chunks: list[bytes] = []
            if is_file:
                ctype, cparams = headers.get("content-type", ("application/octet-stream", {}))
                with contextlib.suppress(StopFutureHandlers):  # there is only one handler
                    handler.new_file(name, dparams["filename"], ctype, None, cparams.get("charset"), cparams)
            # the part's body, up to the next delimiter
            while True:
                at = buf.find(delimiter)
                if at >= 0:
                    piece, buf = memoryview(buf)[:at], buf[at + len(delimiter) :]
                else:
                    safe = len(buf) - keep
                    if safe > 0:
                        piece, buf = memoryview(buf)[:safe], buf[safe:]
                    else:
                        piece = memoryview(b"")
                if len(piece):
                    if is_file:
                        handler.receive_data_chunk(piece, size)
                    else:
                        field_bytes += len(piece)
                        if field_limit is not None and field_bytes > field_limit:
                            raise RequestDataTooBig("Request body exceeded DATA_UPLOAD_MAX_MEMORY_SIZE.")
                        chunks.append(bytes(piece))
                    size += len(piece)
                if at >= 0:
                    break
                more = reader.read()
                if not more:
                    raise MultiPartParserError("Truncated multipart body")
                buf += more
            if is_file:
                received = handler.file_complete(size)
                if received is not None:
                    files.appendlist(name, received)
            else:
                post.appendlist(name, b"".join(chunks).decode("utf-8", "replace"))
    except StopUpload:
        handler.upload_interrupted()
    except BaseException:
        handler.upload_interrupted()
        raise
    post._mutable = False
    return post, files


def install(request, handler) -> None:
    """Make ``request.POST``/``request.FILES`` parse a multipart body with this parser and ``handler``, when
    first read (by the CSRF check or the view); other bodies are parsed by Django as usual."""
    request.upload_handlers = [handler]
    django_load = request._load_post_and_files

    def load():
        if request.method != "POST" or not request.META.get("CONTENT_TYPE", "").startswith(
            "multipart/form-data"
        ):
            return django_load()
        request._read_started = True
        try:
            request._post, request._files = parse(request, request.META, handler)
        except MultiPartParserError:
            request._post, request._files = QueryDict(), MultiValueDict()
            request.multipart_error = True

    request._load_post_and_files = load
