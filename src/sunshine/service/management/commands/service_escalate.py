"""``manage.py service_escalate``: escalate overdue citizen requests to their squad leaders (idempotent)."""

from django.core.management.base import BaseCommand

from sunshine.service.services import requests_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue citizen requests and supervision items to the squad leader (once each)."

    def handle(self, *args, **options):
        from sunshine.service.supervision import supervision_remind_and_escalate

        count = requests_escalate_overdue()
        reminded, escalated = supervision_remind_and_escalate()
        self.stdout.write(
            f"requests escalated {count}; supervision items reminded {reminded}, escalated {escalated}"
        )
