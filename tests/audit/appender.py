"""A separate process for the SQLite concurrency test: Django on its own SQLite *file* (as in
production: WAL, IMMEDIATE transactions), appending from several threads.

    python -m tests.audit.appender migrate
    python -m tests.audit.appender append THREADS EACH TAG
    python -m tests.audit.appender verify        # prints JSON: seqs, fork check, verify_chain
"""

from __future__ import annotations

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")


def main(argv: list[str]) -> int:
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sunshine.audit.models import Event
    from sunshine.audit.services import audit_append
    from sunshine.audit.verify import verify_chain

    command = argv[0]
    if command == "migrate":
        call_command("migrate", "audit", verbosity=0)  # the log needs no other app
        return 0
    if command == "append":
        threads, each, tag = int(argv[1]), int(argv[2]), argv[3]
        barrier = threading.Barrier(threads)
        errors: list[str] = []

        def worker(n: int) -> None:
            try:
                barrier.wait()
                for i in range(each):
                    with transaction.atomic():
                        audit_append(actor=None, action="test.concurrent", object_id=f"{tag}-{n}-{i}")
            except Exception as exc:
                errors.append(repr(exc))
            finally:
                connection.close()

        pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        print(json.dumps({"errors": errors}))
        return 1 if errors else 0
    if command == "verify":
        rows = list(Event.objects.order_by("seq").values_list("seq", "prev_hash", "hash", "object_id"))
        report = verify_chain(batch_size=7)
        print(
            json.dumps(
                {
                    "seqs": [row[0] for row in rows],
                    "linked": all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows))),
                    "distinct": len({row[3] for row in rows}),
                    "ok": report.ok,
                    "problems": [p.message for p in report.problems],
                }
            )
        )
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
