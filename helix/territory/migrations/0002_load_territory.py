from django.db import migrations


def load(apps, schema_editor):
    from helix.territory.domain import load_territory

    load_territory(region_model=apps.get_model("territory", "Region"), commune_model=apps.get_model("territory", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
