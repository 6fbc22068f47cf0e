"""Import a bank reconciliation file: ``manage.py payments_reconcile FILE --user finance``.

The same checks and the same idempotence as the upload page and the API: the file is imported once, a
transaction seen before is skipped, a malformed file is refused whole (exit status 1, every problem listed).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.payments import services


class Command(BaseCommand):
    help = "Import a bank reconciliation CSV (transaction_id, payment_code, amount, paid_on[, payer])."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV file")
        parser.add_argument("--user", required=True, help="username of the finance officer importing it")

    def handle(self, *args, path, user, **options):
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {user!r}")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"no file {path!r}")
        if file.stat().st_size > services.MAX_FILE_BYTES:
            raise CommandError("the file is larger than 64 MB: split it")
        try:
            record, created = services.reconciliation_import(
                actor=actor, name=file.name, content=file.read_bytes(), source="command"
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        except (PermissionDeniedError, RuleViolation) as exc:
            raise CommandError(str(exc)) from exc
        if not created:
            self.stdout.write(f"already imported as file {record.pk} ({record.name}): nothing changed")
            return
        summary = record.summary
        counts = ", ".join(f"{key} {value}" for key, value in sorted(summary["counts"].items()))
        self.stdout.write(
            f"file {record.pk}: {record.lines} lines; {counts}; "
            f"{summary['duplicate_count']} already imported; {summary['notices_paid']} notices paid in full"
        )
