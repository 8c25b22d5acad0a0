"""The municipalities and cities of Serbia, shipped with the project."""

from django.db import migrations

from core.reference_data import load_municipalities


def load(apps, schema_editor):
    load_municipalities(apps.get_model("providers", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
