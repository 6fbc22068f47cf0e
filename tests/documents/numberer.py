"""A separate process for the SQLite numbering test: Django on its own SQLite *file* (WAL, IMMEDIATE
transactions, as in production), taking document numbers from several threads; every third transaction
fails after taking its number, which must then be given to the next issuer (no gap).

    python -m tests.documents.numberer migrate
    python -m tests.documents.numberer issue THREADS EACH     # prints JSON: errors, numbers
"""

from __future__ import annotations

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")


class Boom(Exception):
    pass


def main(argv: list[str]) -> int:
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sunshine.documents.services import next_number
    from sunshine.org.models import Unit

    if argv[0] == "migrate":
        call_command("migrate", "documents", verbosity=0)
        Unit.objects.create(code="B", name="新城市城市管理局", kind="bureau", short_name="新城管", path="")
        return 0
    threads, each = int(argv[1]), int(argv[2])
    unit = Unit.objects.get(code="B")
    barrier = threading.Barrier(threads)
    errors: list[str] = []
    numbers: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(each):
                try:
                    with transaction.atomic():
                        number, _seq = next_number(
                            unit=unit, kind="correction_order", word="责改字", year=2026
                        )
                        if (n + i) % 3 == 0:
                            raise Boom  # the issue fails after taking its number: rolled back with it
                    with lock:
                        numbers.append(number)
                except Boom:
                    pass
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print(json.dumps({"errors": errors, "numbers": numbers}, ensure_ascii=False))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
