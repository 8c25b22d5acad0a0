"""Search that understands Serbian (issue 19): the programs' search text becomes the keys of core.textsearch (folded
words and their Snowball stems, in three tiers: name | provider, place, standard | content), and the vocabulary of
the search (SearchWord), which typos are corrected to. On PostgreSQL a trigram GIN index on the vocabulary (the
candidates of a correction); the trigram index on the search text (0003) serves the new keys as it did the folded
text. SQLite, the embedded default, needs no index: the vocabulary is read by length."""

from django.db import migrations, models

CREATE = "CREATE INDEX IF NOT EXISTS programs_searchword_trgm ON programs_searchword USING gin (word gin_trgm_ops)"
DROP = "DROP INDEX IF EXISTS programs_searchword_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm", params=None)
        schema_editor.execute(CREATE, params=None)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


def backfill(apps, schema_editor):
    from programs.search import program_search_text, program_vocabulary

    Program = apps.get_model("programs", "Program")
    SearchWord = apps.get_model("programs", "SearchWord")
    programs = Program.objects.select_related("organization__municipality", "qualification_standard").prefetch_related(
        "modules").order_by("pk")
    batch, vocabulary = [], {}
    for program in programs.iterator(chunk_size=2000):
        program.search_text, program.search_name = program_search_text(program)
        vocabulary.update(program_vocabulary(program))
        batch.append(program)
        if len(batch) == 2000:
            Program.objects.bulk_update(batch, ["search_text", "search_name"])
            batch = []
    Program.objects.bulk_update(batch, ["search_text", "search_name"])
    SearchWord.objects.bulk_create([SearchWord(word=k, form=v[:40]) for k, v in vocabulary.items()],
                                   ignore_conflicts=True, batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0006_number_bounds'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('form', models.CharField(max_length=40)),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
            },
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
