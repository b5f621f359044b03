"""The indicator rows count a person by account instead of a key built from the registration
number (a registration number belongs to one account at a time, so both count the same people,
and a change of number no longer rewrites rows); the goal rows PROTECT the enrolment, person
and course they derive from, so those are deleted through ``enrollments.services``, never by a
cascade; each filter of the dashboard gets an index that holds what it counts.

The rows are derived: they are emptied here and rebuilt from the completions by 0008 (in a
transaction of its own: PostgreSQL creates this one's deferred indexes at its end, which it
refuses on a table with rows just inserted).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def empty_indicator_rows(apps, schema_editor):
    apps.get_model("enrollments", "GoalAttainment").objects.all().delete()
    apps.get_model("enrollments", "GoalCompletion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_default_certificate_template"),
        ("enrollments", "0006_goal_tally"),
        ("lms", "0007_audit_changes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(empty_indicator_rows, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="goalattainment", name="enrollments_goal_attainment_once"
        ),
        migrations.RemoveIndex(model_name="goalcompletion", name="enrollments_goal_id_443091_idx"),
        migrations.RemoveIndex(model_name="goalcompletion", name="enrollments_person__c62d76_idx"),
        migrations.RemoveIndex(model_name="goalcompletion", name="enrollments_unit_id_90948a_idx"),
        migrations.RemoveIndex(model_name="goalcompletion", name="enrollments_territo_ec8fb8_idx"),
        migrations.RemoveField(model_name="goalattainment", name="person_key"),
        migrations.RemoveField(model_name="goalcompletion", name="person_key"),
        migrations.AddField(
            model_name="goalattainment",
            name="user",
            field=models.ForeignKey(
                default=None,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="goalcompletion",
            name="user",
            field=models.ForeignKey(
                default=None,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="goalcompletion",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="courses.coursepage",
            ),
        ),
        migrations.AlterField(
            model_name="goalcompletion",
            name="enrollment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="goal_completions",
                to="enrollments.enrollment",
            ),
        ),
        migrations.AlterField(
            model_name="goalcompletion",
            name="goal",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="courses.plangoal",
            ),
        ),
        migrations.AlterField(
            model_name="goalcompletion",
            name="territory",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lms.territory",
            ),
        ),
        migrations.AlterField(
            model_name="goalcompletion",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lms.organisationalunit",
            ),
        ),
        migrations.AddIndex(
            model_name="goalcompletion",
            index=models.Index(
                fields=["goal", "completed_at", "user"], name="enrollments_gc_goal"
            ),
        ),
        migrations.AddIndex(
            model_name="goalcompletion",
            index=models.Index(
                fields=["completed_at", "goal", "user"], name="enrollments_gc_when"
            ),
        ),
        migrations.AddIndex(
            model_name="goalcompletion",
            index=models.Index(
                fields=["unit", "completed_at", "goal", "user"], name="enrollments_gc_unit"
            ),
        ),
        migrations.AddIndex(
            model_name="goalcompletion",
            index=models.Index(
                fields=["territory", "completed_at", "goal", "user"],
                name="enrollments_gc_territory",
            ),
        ),
        migrations.AddConstraint(
            model_name="goalattainment",
            constraint=models.UniqueConstraint(
                fields=("goal", "user"), name="enrollments_goal_attainment_once"
            ),
        ),
    ]
