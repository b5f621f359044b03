"""The course catalogue at /cursos/, under the home page, where trainers author courses."""

import uuid

from django.db import migrations


def create_catalogue(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    home = HomePage.objects.order_by("path").first()
    if home is None or CourseIndexPage.objects.exists():
        return
    last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by(
        "-path"
    ).first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = alphabet[digit] + suffix
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="courseindexpage")
    CourseIndexPage.objects.create(
        title="Cursos",
        draft_title="Cursos",
        slug="cursos",
        content_type=content_type,
        path=home.path + suffix,
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "cursos/",
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        show_in_menus=True,
        introduction=(
            "Cursos online e presenciais para agentes públicos da cidade. Filtre por tema, meta "
            "do plano, modalidade, idioma ou público."
        ),
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
