"""The default certificate template, so every course has a certificate from the first day."""

from django.db import migrations

BODY = (
    "Certificamos que {name} concluiu o curso “{course}”, com carga horária de {hours} horas, "
    "em {date}.\n\n"
    "A formação integra as ações de capacitação de agentes públicos do Plano Municipal de "
    "Políticas para Imigrantes e contribui para: {goal}."
)


def create_default(apps, schema_editor):
    CertificateTemplate = apps.get_model("courses", "CertificateTemplate")
    if CertificateTemplate.objects.exists():
        return
    CertificateTemplate.objects.create(
        name="Modelo padrão",
        title="Certificado de conclusão",
        body=BODY,
        is_default=True,
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_certificate_templates")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
