"""Load the demo city, idempotently: `manage.py demo_data`.

Each app that has demo data provides ``sunshine/<app>/demo.py`` with ``load(out)``; they run in
:data:`ORDER` (an app later in the list may use what earlier ones made). Refused when DEBUG is off
and not testing, because the demo logins share a published password.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

ORDER = [
    "org",
    "accounts",
    "workdays",
    "catalog",
    "parties",
    "cases",
    "service",
    "inspections",
    "evidence",
    "documents",
    "payments",
    "oversight",
    "evaluation",
    "patrols",
    "disclosure",
    "stats",
]


class Command(BaseCommand):
    help = "Load the demo city (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="Load only these apps' demo data.")

    def handle(self, *args, only=None, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError("demo_data loads published demo passwords: run it with DEBUG=1 only.")
        for app in ORDER:
            if only and app not in only:
                continue
            name = f"sunshine.{app}.demo"
            if importlib.util.find_spec(name) is None:
                continue
            module = importlib.import_module(name)
            with transaction.atomic():
                module.load(self.stdout)
