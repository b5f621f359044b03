"""Roles (groups) and São Paulo's 32 subprefeituras.

Permissions are granted to the groups after migrate (see lms.roles): on a fresh database
they do not exist yet while migrations run.
"""

from django.db import migrations

from lms.roles import Role
from lms.territories import territories_ensure


def create_roles_and_territories(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    territories_ensure(apps.get_model("lms", "Territory"))


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles_and_territories, migrations.RunPython.noop)]
