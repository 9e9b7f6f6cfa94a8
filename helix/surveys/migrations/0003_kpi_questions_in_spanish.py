"""The built-in diagnostic's U4SSC KPI questions in Spanish (issue 12 §7): name, unit and measure."""

from django.db import migrations


def translate(apps, schema_editor):
    from helix.surveys.diagnostic import translate_kpi_questions

    translate_kpi_questions(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_load_diagnostic")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
