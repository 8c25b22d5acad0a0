"""The NOKS levels (with descriptors and level-to-hours rules) and the sectors, shipped with the project."""

from django.db import migrations

from noks_portal.reference_data import read_json, translated_values

TEXT_FIELDS = ("name", "typical", "knowledge", "skills", "abilities_attitudes")


def load(apps, schema_editor):
    NoksLevel = apps.get_model("qualifications", "NoksLevel")
    Sector = apps.get_model("qualifications", "Sector")
    hours = {row["level"]: row for row in read_json("qualifications/data/level_hours.json")}
    for row in read_json("qualifications/data/noks_levels.json"):
        values = {"order": row["order"], "eqf_level": row["eqf_level"]}
        for field in TEXT_FIELDS:
            values.update(translated_values(field, row.get(field)))
        rule = hours.get(row["code"], {})
        values.update(
            training_min_hours=rule.get("min_hours"),
            training_max_hours=rule.get("max_hours"),
            training_min_months=rule.get("min_months"),
        )
        NoksLevel.objects.update_or_create(code=row["code"], defaults=values)
    for code, rule in hours.items():
        if rule.get("requires_level"):
            NoksLevel.objects.filter(code=code).update(
                requires_level=NoksLevel.objects.get(code=rule["requires_level"])
            )
    for row in read_json("qualifications/data/sectors.json"):
        Sector.objects.update_or_create(code=row["code"], defaults=translated_values("name", row["name"]))


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
