from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = _("Exams and certificates")

    def ready(self):
        from exams import services, tasks  # noqa: F401  (code check; tasks by name)
        from exams.views_sessions import verify_certificate
        from core import verification

        verification.register(verify_certificate)
        verification.register_serial(_certificate_serial)


def _certificate_serial(serial: str) -> str | None:
    """A certificate's serial alone must not lead to the certificate (serials run in sequence): for anything shaped
    like one, existing or not, the generic verification form goes on with its digits, which verify_certificate
    recognizes and sends to the page that also asks for the holder's surname or date of birth."""
    from exams.verification import SERIAL

    serial = (serial or "").strip()
    return serial.replace("-", "") if SERIAL.fullmatch(serial) else None
