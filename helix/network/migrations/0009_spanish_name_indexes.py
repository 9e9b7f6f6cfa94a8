"""The directory's name indexes in Spanish order: lists sort with the helix_es collation (core 0002 on
PostgreSQL; a function registered on every SQLite connection), and an index serves an ORDER BY only in
its own collation. Changing helix.core.collation.sort_key on SQLite calls for REINDEX helix_es."""

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_spanish_collation'),
        ('network', '0008_rut_and_chilean_kinds'),
        ('territory', '0003_countries'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='organisation',
            name='organisation_name_idx',
        ),
        migrations.RemoveIndex(
            model_name='person',
            name='person_public_name_idx',
        ),
        migrations.AddIndex(
            model_name='organisation',
            index=models.Index(django.db.models.functions.comparison.Collate(models.F('name'), 'helix_es'), models.F('id'), name='organisation_name_idx'),
        ),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(models.F('public_profile'), django.db.models.functions.comparison.Collate(models.F('last_name'), 'helix_es'), django.db.models.functions.comparison.Collate(models.F('first_name'), 'helix_es'), models.F('id'), name='person_public_name_idx'),
        ),
    ]
