"""Capacita's four roles replace Wagtail's default "Editors" and "Moderators" groups.

Wagtail's default approval task, which names Moderators, is given to the Administrators, who
approve what trainers submit for publication.
"""

from django.db import migrations

from lms.roles import Role


def replace_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    administrators, _ = Group.objects.get_or_create(name=Role.ADMINISTRATOR.value)
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.add(administrators)
        task.name = "Aprovação dos administradores"
        task.save(update_fields=["name"])
    Workflow.objects.filter(name="Moderators approval").update(name="Aprovação para publicação")
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_roles_and_territories"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(replace_default_groups, migrations.RunPython.noop)]
