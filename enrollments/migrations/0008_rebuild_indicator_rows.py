"""The indicator rows 0007 emptied, rebuilt from the completions."""

from django.db import migrations


def rebuild_indicator_rows(apps, schema_editor):
    # A new database has no completions: today's services never run on a schema of the past.
    if not apps.get_model("enrollments", "Enrollment").objects.filter(
        completed_at__isnull=False
    ).exists():
        return
    from enrollments.services import indicators_rebuild

    indicators_rebuild()


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0007_goal_rows_by_account")]

    operations = [migrations.RunPython(rebuild_indicator_rows, migrations.RunPython.noop)]
