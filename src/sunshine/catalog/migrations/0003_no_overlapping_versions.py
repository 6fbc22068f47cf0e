"""The database refuses two versions of one matter in force on the same day.

Versions follow each other (``services.version_publish`` closes the previous one the day before the new one
starts, under a row lock on the matter); this trigger is the last line of defence against any other
write. A CHECK cannot see other rows and an exclusion constraint would need the btree_gist extension, so
it is a trigger, written for each backend.
"""

from django.db import migrations

OVERLAP = """
    EXISTS (
        SELECT 1 FROM catalog_matterversion other
        WHERE other.matter_id = {new}.matter_id
          AND other.id {distinct} {new}.id
          AND other.effective_from <= COALESCE({new}.effective_to, '9999-12-31')
          AND {new}.effective_from <= COALESCE(other.effective_to, '9999-12-31')
    )
"""

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION catalog_version_no_overlap() RETURNS trigger AS $$
BEGIN
    IF {OVERLAP.format(new="NEW", distinct="IS DISTINCT FROM")} THEN
        RAISE EXCEPTION USING
            MESSAGE = 'catalog_version_no_overlap: versions of matter ' || NEW.matter_id || ' overlap',
            ERRCODE = '23P01';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER catalog_version_no_overlap
    BEFORE INSERT OR UPDATE OF matter_id, effective_from, effective_to ON catalog_matterversion
    FOR EACH ROW EXECUTE FUNCTION catalog_version_no_overlap();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS catalog_version_no_overlap ON catalog_matterversion;
DROP FUNCTION IF EXISTS catalog_version_no_overlap();
"""

SQLITE_FORWARD = [
    f"""
CREATE TRIGGER catalog_version_no_overlap_{event.split()[0].lower()}
BEFORE {event} ON catalog_matterversion
WHEN {OVERLAP.format(new="NEW", distinct="IS NOT")}
BEGIN
    SELECT RAISE(ABORT, 'catalog_version_no_overlap: versions of a matter overlap');
END;
"""
    for event in ("INSERT", "UPDATE OF matter_id, effective_from, effective_to")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_version_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS catalog_version_no_overlap_update;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_fine_rates")]

    operations = [migrations.RunPython(forward, backward)]
