"""The search keys as a text search vector (issue 19, speed): on PostgreSQL a GIN index on
``to_tsvector('simple', search_text)``, so a query key is matched as a lexeme prefix (``kuvar:*``): the index reads
the posting lists of the few keys that begin with it, where the trigram index (0003) intersected the posting lists
of every trigram of the key — common ones ("var", "ari") hold most of the register, which made a word 30-170 ms and
let the planner prefer reading the table (1.5 s for a word no program holds). The 'simple' configuration only
lower-cases; the keys are [a-z0-9]+ separated by spaces and ``|``, so each key is one lexeme. The table is analysed
so the planner knows the keys' frequencies (the index expression's statistics). SQLite: nothing (plain matching)."""

from django.db import migrations

CREATE = ("CREATE INDEX IF NOT EXISTS programs_program_search_keys ON programs_program "
          "USING gin (to_tsvector('simple'::regconfig, search_text))")
DROP = "DROP INDEX IF EXISTS programs_program_search_keys"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'", params=None)
        schema_editor.execute(CREATE, params=None)
        schema_editor.execute("ANALYZE programs_program", params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0007_search_words_and_keys"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
