"""``manage.py audit_checkpoint [--date YYYY-MM-DD | --all-missing]``: sign daily checkpoints.

Without options, signs yesterday's (Asia/Shanghai). Idempotent: a day already signed is left alone.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sunshine.audit.services import checkpoint_create, checkpoint_create_missing
from sunshine.core.errors import RuleViolation


class Command(BaseCommand):
    help = "Sign the audit log's daily checkpoint (Merkle root, Ed25519) for a day that is over."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--date", help="the day to sign, YYYY-MM-DD (default: yesterday)")
        group.add_argument("--all-missing", action="store_true", help="sign every day that has no checkpoint")

    def handle(self, *args, **options):
        try:
            if options["all_missing"]:
                created = checkpoint_create_missing()
                self.stdout.write(f"{len(created)} checkpoint(s) signed.")
                for checkpoint in created:
                    self.stdout.write(
                        f"  {checkpoint.day}: {checkpoint.count} events, root {checkpoint.merkle_root}"
                    )
                return
            if options["date"]:
                try:
                    day = dt.date.fromisoformat(options["date"])
                except ValueError as exc:
                    raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from exc
            else:
                day = timezone.localdate(timezone.now(), timezone.get_default_timezone()) - dt.timedelta(
                    days=1
                )
            checkpoint = checkpoint_create(day=day)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{checkpoint.day}: {checkpoint.count} events, root {checkpoint.merkle_root}")
