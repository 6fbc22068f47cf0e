"""`manage.py catalog_import [path]`: load or update the power list from a CSV (default: the bundled one)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from sunshine.catalog.services import catalog_import


class Command(BaseCommand):
    help = "Create or update the power list (matters, versions, benchmark tiers) from a CSV file; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="CSV file (default: the bundled data/matters.csv).")
        parser.add_argument(
            "--effective-from",
            type=datetime.date.fromisoformat,
            help="Day changed or new versions take effect (YYYY-MM-DD).",
        )

    def handle(self, *args, path=None, effective_from=None, **options):
        try:
            result = catalog_import(path=path, effective_from=effective_from)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(result))
