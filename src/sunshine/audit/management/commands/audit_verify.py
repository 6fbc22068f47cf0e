"""``manage.py audit_verify``: recompute the whole audit chain and every signed checkpoint.

Exit status 0 when the log is intact; otherwise 1, naming the first broken event. Streams in batches,
so a log of millions of events is never held in memory.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from sunshine.audit.verify import protection_problems, verify_chain, verify_checkpoints


class Command(BaseCommand):
    help = "Verify the audit log: every event's hash and link, every checkpoint's root and signature."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=20000, help="events read per query")
        parser.add_argument("--skip-checkpoints", action="store_true", help="verify the chain only")

    def handle(self, *args, **options):
        started = time.perf_counter()
        chain = verify_chain(batch_size=max(1, options["batch_size"]))
        problems = list(chain.problems)
        elapsed = time.perf_counter() - started
        if chain.ok:
            rate = chain.count / elapsed if elapsed else 0
            self.stdout.write(
                f"Chain intact: {chain.count} events, last #{chain.last_seq} {chain.last_hash} "
                f"({elapsed:.2f} s, {rate:,.0f} events/s)."
            )
        checkpoints = 0
        if not options["skip_checkpoints"]:
            checkpoints, found = verify_checkpoints()
            problems.extend(found)
            if not found:
                self.stdout.write(
                    f"Checkpoints intact: {checkpoints} day(s), roots and signatures recomputed."
                )
        problems.extend(protection_problems())
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN: {problem.message}")
            raise CommandError(problems[0].message, returncode=1)
        self.stdout.write(self.style.SUCCESS("The audit log is intact."))
