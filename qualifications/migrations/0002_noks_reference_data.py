"""The NOKS levels (with descriptors and level-to-hours rules) and the sectors, shipped with the project."""

from django.db import migrations

from core.reference_data import load_noks_register


def load(apps, schema_editor):
    load_noks_register(apps.get_model("qualifications", "NoksLevel"), apps.get_model("qualifications", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
