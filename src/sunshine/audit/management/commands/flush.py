"""Django's ``flush``, made to work with the audit log's append-only triggers.

``flush`` empties every table (tests run it after each transactional test). The audit tables refuse
DELETE and TRUNCATE, so this command lifts their triggers for the flush and puts them back in the same
transaction. It is the only path that empties the log, and it wipes the whole database with it.
"""

import importlib

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

triggers = importlib.import_module("sunshine.audit.migrations.0003_append_only_triggers")


class Command(FlushCommand):
    help = FlushCommand.help + " The audit log's append-only triggers are lifted for the flush."

    def handle(self, **options):
        connection = connections[options["database"]]
        forward = {"sqlite": triggers.SQLITE_FORWARD, "postgresql": triggers.PG_FORWARD}.get(
            connection.vendor
        )
        backward = {"sqlite": triggers.SQLITE_BACKWARD, "postgresql": triggers.PG_BACKWARD}.get(
            connection.vendor
        )
        if forward is None:
            return super().handle(**options)
        existing = set(connection.introspection.table_names())
        if "audit_event" not in existing:
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                for sql in backward:
                    cursor.execute(sql)
            super().handle(**options)
            with connection.cursor() as cursor:
                for sql in forward:
                    cursor.execute(sql)
