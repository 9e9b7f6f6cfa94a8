"""PostgreSQL full-text search for the directory (no-op on other databases).

Each searchable table gets a `search_vector` tsvector column (Spanish configuration) that a trigger
keeps in sync on every insert and update — bulk inserts included — and a GIN index on it. The name
is weighted A and the rest of the folded `search_text` D, so `ts_rank` puts name matches first.
The column is deliberately not a model field: it exists only on PostgreSQL and nothing but the
search in `helix.network.queries` reads it (SQLite uses the FTS5 tables of migration 0004).
"""

from django.db import migrations

# Accent folding in SQL without the unaccent extension (names are stored as typed).
FOLD = "translate(lower({}), 'áéíóúüñàèìòùâêîôûç', 'aeiouunaeiouaeiouc')"
NAME = {
    "network_organisation": "NEW.normalized_name",
    "network_person": FOLD.format("coalesce(NEW.first_name, '') || ' ' || coalesce(NEW.last_name, '')"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name in NAME.items():
        for sql in [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector",
            f"""CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.search_vector :=
                    setweight(to_tsvector('spanish'::regconfig, coalesce({name}, '')), 'A') ||
                    setweight(to_tsvector('spanish'::regconfig, coalesce(NEW.search_text, '')), 'D');
                  RETURN NEW;
                END $$""",
            f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}",
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()",
            f"UPDATE {table} SET search_text = search_text",
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)",
        ]:
            schema_editor.execute(sql)
    # The public expert directory searches only public profiles: a partial index spares the planner
    # an AND with the public_profile index and halves what it reads.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS network_person_public_search_gin ON network_person "
        "USING gin (search_vector) WHERE public_profile"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS network_person_public_search_gin")
    for table in NAME:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("network", "0002_load_taxonomy")]

    operations = [migrations.RunPython(forwards, backwards)]
