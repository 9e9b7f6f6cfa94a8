"""GIN full-text indexes for the directory search on PostgreSQL (no-op elsewhere).

The indexed expression must match the one `helix.network.queries` filters on:
to_tsvector('spanish'::regconfig, COALESCE(search_text, '')).
"""

from django.db import migrations

TABLES = {"network_organisation": "network_org_search_gin", "network_person": "network_person_search_gin"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            "USING gin (to_tsvector('spanish'::regconfig, COALESCE(search_text, '')))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in TABLES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("network", "0002_load_taxonomy")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
