from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("Exams and certificates")

    def ready(self):
        from exams import services, tasks  # noqa: F401  (code check; tasks by name)
        from exams.models import Certificate
        from exams.views_sessions import verify_certificate
        from core import verification

        verification.register(verify_certificate)
        verification.register_serial(
            lambda serial: Certificate.objects.filter(serial__iexact=serial).values_list("code", flat=True).first())
