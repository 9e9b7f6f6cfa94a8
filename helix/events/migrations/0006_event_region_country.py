"""Events get a region and country of their own (issue 9): existing events take their commune's region,
else their organiser's (its seat region, else its commune's), and that region's country (else the
organiser's country)."""

import django.db.models.deletion
from django.db import migrations, models


def carry_over(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    events = Event.objects.select_related("commune__region", "organiser__region", "organiser__commune__region")
    changed = []
    for event in events.iterator(chunk_size=500):
        organiser = event.organiser
        region = (
            (event.commune.region if event.commune_id else None)
            or (organiser.region if organiser and organiser.region_id else None)
            or (organiser.commune.region if organiser and organiser.commune_id else None)
        )
        event.region = region
        event.country = region.country if region else (organiser.country if organiser else "CL")
        changed.append(event)
    Event.objects.bulk_update(changed, ["region", "country"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_constraint_messages'),
        ('territory', '0003_countries'),
        ('network', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='country',
            field=models.CharField(blank=True, default='CL', help_text='ISO 3166-1 alpha-2 code; a region sets it.', max_length=2, verbose_name='country'),
        ),
        migrations.AddField(
            model_name='event',
            name='region',
            field=models.ForeignKey(blank=True, help_text='For an event outside Chile, or online: the region it belongs to. A commune sets it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='territory.region', verbose_name='region'),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
