from django.db import migrations


def load(apps, schema_editor):
    from helix.network.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("network", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
