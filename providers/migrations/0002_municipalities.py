"""The municipalities and cities of Serbia, shipped with the project."""

from django.db import migrations

from noks_portal.reference_data import read_json, translated_values


def load(apps, schema_editor):
    Municipality = apps.get_model("providers", "Municipality")
    for row in read_json("providers/data/municipalities.json"):
        values = translated_values("district", row.get("district", ""))
        values.update(translated_values("name", row["name"]))
        name = values.pop("name")
        Municipality.objects.update_or_create(name=name, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
