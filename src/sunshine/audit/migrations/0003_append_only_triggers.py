"""Database triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of audit events and
checkpoints. Only someone who can drop triggers can change the log, and `audit_verify` catches that."""

from django.db import migrations

SQLITE_FORWARD = [
    f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{verb} BEFORE {verb.upper()} ON {table}
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only: {verb.upper()} refused'); END"""
    for table in ("audit_event", "audit_checkpoint")
    for verb in ("update", "delete")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_no_{verb}"
    for table in ("audit_event", "audit_checkpoint")
    for verb in ("update", "delete")
]

PG_FORWARD = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit records are append-only: % refused on %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    *[
        sql
        for table in ("audit_event", "audit_checkpoint")
        for sql in (
            f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
            f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
        )
    ],
]
PG_BACKWARD = [
    *[
        f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
        for table in ("audit_event", "audit_checkpoint")
        for name in ("append_only", "no_truncate")
    ],
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}.get(vendor)
    if statements is None:
        raise RuntimeError(f"the audit log's append-only triggers are not written for {vendor}")
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head")]
    operations = [migrations.RunPython(forward, backward)]
