"""``manage.py evidence_verify``: re-hash every stored evidence file and report missing or altered ones.

Exit status 0 when every file matches its SHA-256, 1 otherwise (for cron and monitoring). The result is
recorded in the audit log (``evidence.verify``). ``--orphans`` also lists stored files no row refers to
(left by a registration that was rolled back)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sunshine.audit.services import audit_append
from sunshine.evidence import storage
from sunshine.evidence.models import Blob


class Command(BaseCommand):
    help = "Check every stored evidence file against its SHA-256; exit 1 if any is missing or altered."

    def add_arguments(self, parser):
        parser.add_argument("--orphans", action="store_true", help="also list files without a database row")

    def handle(self, *args, **options):
        counts = {"ok": 0, "missing": 0, "altered": 0}
        bad: list[tuple[str, str, list[int]]] = []
        for blob in Blob.objects.order_by("id").iterator(chunk_size=2000):
            status = storage.check(blob.sha256, blob.size)
            counts[status] += 1
            if status != "ok":
                items = list(blob.items.values_list("pk", flat=True))
                bad.append((status, blob.sha256, items))
                self.stdout.write(f"{status.upper()} {blob.sha256} items={','.join(map(str, items))}")
        orphans: list[str] = []
        if options["orphans"]:
            known = set(Blob.objects.values_list("sha256", flat=True))
            base = storage.root()
            for path in base.glob("??/??/*"):
                if path.is_file() and path.name not in known:
                    orphans.append(path.name)
                    self.stdout.write(f"ORPHAN {path.name}")
        audit_append(
            actor=None,
            action="evidence.verify",
            payload={**counts, "failures": [[s, h] for s, h, _ in bad][:1000], "orphans": len(orphans)},
        )
        self.stdout.write(
            f"checked {sum(counts.values())}: ok {counts['ok']}, missing {counts['missing']}, "
            f"altered {counts['altered']}" + (f", orphans {len(orphans)}" if options["orphans"] else "")
        )
        if bad:
            raise CommandError(f"{len(bad)} evidence file(s) missing or altered", returncode=1)
