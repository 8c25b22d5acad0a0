"""Programs existing before versions: those in an approved application (an accreditation) are approved versions,
those in an application with the Office are submitted; the rest stay drafts. The date of approval is the earliest
accreditation's start."""

from django.db import migrations
from django.db.models import Min

WITH_THE_OFFICE = ("submitted", "in_review", "recommended_approve", "recommended_reject")


def forwards(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Accreditation = apps.get_model("applications", "Accreditation")
    Application = apps.get_model("applications", "Application")
    through = Accreditation.programs.through
    approved = dict(through.objects.values("program_id").annotate(first=Min("accreditation__valid_from"))
                    .values_list("program_id", "first"))
    for pk, first in approved.items():
        Program.objects.filter(pk=pk).update(version_state="approved", approved_on=first)
    submitted = Application.programs.through.objects.filter(application__state__in=WITH_THE_OFFICE).exclude(
        program_id__in=list(approved)).values_list("program_id", flat=True)
    Program.objects.filter(pk__in=list(submitted)).update(version_state="submitted")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_application_kind"),
        ("programs", "0005_program_versions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
