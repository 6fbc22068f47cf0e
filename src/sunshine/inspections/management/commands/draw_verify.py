"""Re-check published draws with the stand-alone verifier; exit non-zero on any mismatch."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sunshine.inspections import verifier
from sunshine.inspections.models import Draw


class Command(BaseCommand):
    help = "Re-run published draws from their published inputs and compare with the published results."

    def add_arguments(self, parser):
        parser.add_argument("plans", nargs="*", help="plan codes")
        parser.add_argument("--all", action="store_true", help="every drawn plan")

    def handle(self, *args, **options):
        draws = Draw.objects.exclude(seed="").select_related("plan").order_by("plan__code")
        if not options["all"]:
            if not options["plans"]:
                raise CommandError("name plan codes or use --all")
            draws = draws.filter(plan__code__in=options["plans"])
        failed = 0
        checked = 0
        for draw in draws.iterator(chunk_size=20):
            checked += 1
            problems = verifier.verify(draw.published())
            if problems:
                failed += 1
                self.stdout.write(f"MISMATCH {draw.plan.code}: {'; '.join(problems)}")
            else:
                self.stdout.write(f"OK {draw.plan.code} {len(draw.result['targets'])} targets")
        if failed:
            raise CommandError(f"{failed} of {checked} draws do not match")
        self.stdout.write(f"{checked} draws verified")
