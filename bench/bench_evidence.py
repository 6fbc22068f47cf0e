"""Benchmark of evidence upload (issue 4 §5): a 2 GiB video streamed through the real upload path.

The path measured is the one an upload request takes: the evidence app's streaming multipart parser
(:mod:`sunshine.evidence.multipart`) reading the body from a stream, with
:class:`sunshine.evidence.storage.HashingUploadHandler` hashing each chunk and writing it to a temporary
file beside the store in the same pass (two helper threads), then :func:`storage.put` filing it under
its SHA-256. Django's own multipart parser is measured alone for comparison. The body is produced
on the fly from the payload file (head + file + tail), so
nothing but the parser's own buffers is in memory.

Figures:
- throughput of the upload path (MB/s) and the same file through plain ``hashlib.sha256`` read in
  1 MiB chunks, in the same run: the upload's share of raw hashing (target ≥ 70%); and, since the
  upload also writes every byte, a plain copy of the file (read + write, no hash) for the disk's speed;
- peak memory of a child process that does only the upload (``ru_maxrss``, target ≤ 100 MB whatever
  the size), with its size before the upload (Django loaded) for comparison. (The test suite checks with
  ``tracemalloc`` that a 48 MB upload allocates less than 8 MB.)

``BENCH_SCALE`` scales the file (default 1.0 = 2 GiB; 0.05 ≈ 100 MiB for a quick run).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "evidence.sqlite3"
WORK = BENCH_DIR / "evidence"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
SIZE = max(16 * 1024 * 1024, int(2 * 1024**3 * SCALE))
BOUNDARY = "----sunshine-bench-boundary"
MIB = 1024 * 1024


def _payload(path: Path) -> None:
    """An MP4-looking file of SIZE bytes (an ``ftyp`` box, then incompressible blocks)."""
    if path.exists() and path.stat().st_size == SIZE:
        return
    block = os.urandom(8 * MIB)
    with open(path, "wb") as out:
        out.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
        left = SIZE - 24
        while left > 0:
            piece = block[: min(left, len(block))]
            out.write(piece)
            left -= len(piece)


class Body:
    """The multipart body of an upload of ``path``, read from the file as the parser asks for it."""

    def __init__(self, path: Path):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\naudio_visual\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.length = len(self.head) + SIZE + len(self.tail)
        self.stage = 0

    def read(self, n: int = -1) -> bytes:
        # Like a WSGI input: the head, then the file's bytes as they are (no copy), then the tail.
        if self.stage == 0:
            self.stage = 1
            return self.head
        if self.stage == 1:
            data = self.file.read(n)
            if data:
                return data
            self.stage = 2
        if self.stage == 2:
            self.stage = 3
            return self.tail
        return b""

    def close(self) -> None:
        self.file.close()


def parse_only(path: Path) -> float:
    """Django's multipart parser over the same body with a handler that drops every chunk: the ceiling
    any upload handler has under this parser."""
    from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
    from django.http.multipartparser import MultiPartParser

    class Drop(FileUploadHandler):
        chunk_size = MIB

        def new_file(self, *args, **kwargs):
            super().new_file(*args, **kwargs)
            raise StopFutureHandlers()

        def receive_data_chunk(self, raw_data, start):
            return None

        def file_complete(self, file_size):
            return None

    body = Body(path)
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(body.length)}
    began = time.perf_counter()
    MultiPartParser(meta, body, [Drop()]).parse()
    elapsed = time.perf_counter() - began
    body.close()
    return elapsed


def upload_once(path: Path) -> dict:
    """Stream the file through the parser and the hashing handler, then file it; returns the figures."""
    from sunshine.evidence import multipart, storage

    body = Body(path)
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(body.length)}
    handler = storage.HashingUploadHandler(limit=SIZE)
    began = time.perf_counter()
    _post, files = multipart.parse(body, meta, handler)
    upload = files["file"]
    received = storage.receive(upload)
    storage.put(received)
    elapsed = time.perf_counter() - began
    upload.close()
    body.close()
    return {"seconds": elapsed, "sha256": received.sha256, "size": received.size}


def raw_hash(path: Path) -> tuple[float, str]:
    hasher = hashlib.sha256()
    began = time.perf_counter()
    with open(path, "rb") as fh:
        while chunk := fh.read(MIB):
            hasher.update(chunk)
    return time.perf_counter() - began, hasher.hexdigest()


def plain_copy(path: Path, target: Path) -> float:
    """Read and write the file in 1 MiB chunks, no hashing: what the disk allows for the same bytes."""
    began = time.perf_counter()
    with open(path, "rb") as src, open(target, "wb") as out:
        while chunk := src.read(MIB):
            out.write(chunk)
        out.flush()
    elapsed = time.perf_counter() - began
    target.unlink()
    return elapsed


def _upload_in_child(store: Path) -> dict:
    shutil.rmtree(store, ignore_errors=True)
    child = subprocess.run(  # noqa: S603 - this module, fixed arguments
        [sys.executable, __file__, "--upload-child", str(store)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{DB_FILE}"},
        capture_output=True,
        text=True,
        check=False,
    )
    shutil.rmtree(store, ignore_errors=True)
    if child.returncode != 0:
        raise RuntimeError(f"upload child failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def measure(emit) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    payload = WORK / "payload.mp4"
    _payload(payload)
    mb = SIZE / 1e6
    gib = f"{SIZE / 1024**3:.2f} GiB"
    raw1, expected = raw_hash(payload)
    result = _upload_in_child(WORK / "store")
    raw2, _ = raw_hash(payload)
    raw = min(raw1, raw2)
    copy = plain_copy(payload, WORK / "copy.tmp")
    parser = parse_only(payload)
    if result["sha256"] != expected or result["size"] != SIZE:
        raise RuntimeError("the upload path computed a different hash or size")
    emit(f"raw hashlib.sha256 over {gib} (1 MiB reads)", round(mb / raw, 1), "MB/s")
    emit(
        f"upload path (parser + hashing handler + store), {gib}",
        round(mb / result["seconds"], 1),
        "MB/s",
    )
    emit("upload throughput as a share of raw hashing", round(100 * raw / result["seconds"], 1), "%", "≥ 70")
    emit("Django's multipart parser alone (chunks dropped)", round(mb / parser, 1), "MB/s")
    emit("plain copy of the file (read + write, no hash): the disk", round(mb / copy, 1), "MB/s")
    emit("upload throughput as a share of the plain copy", round(100 * copy / result["seconds"], 1), "%")
    emit(
        "upload child peak RSS (ru_maxrss, whole process)",
        round(result["maxrss_kb"] / 1024, 1),
        "MB",
        "≤ 100",
    )
    emit("upload child RSS before the upload (Django loaded)", round(result["rss_before_kb"] / 1024, 1), "MB")
    # The same upload with the store in memory (tmpfs), where the disk does not set the pace.
    shm = Path("/dev/shm")  # noqa: S108 - a benchmark's scratch space, removed after use
    if shm.is_dir() and shutil.disk_usage(shm).free > 2 * SIZE:
        mem = _upload_in_child(shm / "sunshine-bench-evidence")
        emit("upload path with the store on tmpfs", round(mb / mem["seconds"], 1), "MB/s")
        emit("… as a share of raw hashing (tmpfs)", round(100 * raw / mem["seconds"], 1), "%", "≥ 70")
        emit("… peak RSS (tmpfs)", round(mem["maxrss_kb"] / 1024, 1), "MB", "≤ 100")


def upload_child(store: str) -> None:
    _harness.configure(DB_FILE)
    from django.conf import settings

    settings.EVIDENCE_ROOT = Path(store)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = upload_once(WORK / "payload.mp4")
    result["rss_before_kb"] = before
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result), flush=True)


def run(report) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:2] == ["--upload-child"]:
    upload_child(sys.argv[2])
elif __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
