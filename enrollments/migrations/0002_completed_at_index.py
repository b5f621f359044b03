from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                condition=models.Q(("completed_at__isnull", False)),
                fields=["completed_at"],
                name="enrollments_completed_at",
            ),
        ),
    ]
