"""On PostgreSQL, a trigram GIN index on the programs' search text, so that every `LIKE '%word%'` of a search is
an index scan (pg_trgm ships with PostgreSQL). SQLite, the embedded default, matches without an index."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS programs_program_search_trgm ON programs_program USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS programs_program_name_trgm ON programs_program USING gin (search_name gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS programs_program_search_trgm;
DROP INDEX IF EXISTS programs_program_name_trgm;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_search_text")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
