"""Search that understands Serbian (issue 19): the standards' search text becomes the keys of core.textsearch (folded
words and their Snowball stems: `` code and names | purpose and outcomes ``)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from qualifications.services import standard_search_text

    QualificationStandard = apps.get_model("qualifications", "QualificationStandard")
    standards = list(QualificationStandard.objects.all())
    for standard in standards:
        standard.search_text = standard_search_text(standard)
    QualificationStandard.objects.bulk_update(standards, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0002_noks_reference_data")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
