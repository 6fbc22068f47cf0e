"""`manage.py calendar_seed`: import years added by a newer chinese-calendar release.

Years an administrator entered are kept; open deadlines through changed years are recomputed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sunshine.workdays.services import calendar_seed_from_package


class Command(BaseCommand):
    help = "Import the working-day calendar from the installed chinese-calendar package."

    def handle(self, *args, **options):
        changed = calendar_seed_from_package(actor=None)
        if changed:
            self.stdout.write(f"calendar years imported: {', '.join(map(str, changed))}")
        else:
            self.stdout.write("calendar up to date")
