from django.db import migrations


def load(apps, schema_editor):
    from helix.surveys.diagnostic import load_diagnostic

    load_diagnostic(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("network", "0002_load_taxonomy")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
