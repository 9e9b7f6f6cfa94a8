"""The Spanish collation that lists sort names with (helix.core.collation). PostgreSQL only: SQLite
gets a collation function of the same name on each connection."""

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_staged_upload")]

    operations = [CreateCollation("helix_es", provider="icu", locale="es")]
