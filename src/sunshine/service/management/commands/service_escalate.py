"""``manage.py service_escalate``: escalate overdue citizen requests to their squad leaders (idempotent)."""

from django.core.management.base import BaseCommand

from sunshine.service.services import requests_escalate_overdue


class Command(BaseCommand):
    help = "Escalate open citizen requests past their time limit to the squad leader (once each)."

    def handle(self, *args, **options):
        count = requests_escalate_overdue()
        self.stdout.write(f"escalated {count}")
