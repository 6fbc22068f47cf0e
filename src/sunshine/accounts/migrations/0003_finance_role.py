"""The finance officer's group (sunshine.accounts.roles.Role.FINANCE), added with the payments app."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="finance")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
