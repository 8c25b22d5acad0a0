"""Make the embedded default's demo seal: a demo CA and a seal certificate, both named DEMO (core.seal).

scripts/start runs it at set-up; it keeps an existing demo seal (--force makes a new one: documents sealed with the
old one stay verifiable, since its certificate stays under SEAL_DIR/certificates/). Production configures its own
seal (SEAL_PKCS12_PATH or SEAL_PKCS11_MODULE; docs/operations.md, "Seal") and does not need this.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from core import seal


class Command(BaseCommand):
    help = "Make the demo seal (demo CA and seal certificate, marked DEMO) under SEAL_DIR, unless it exists."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="replace an existing demo seal")

    def handle(self, *args, force: bool = False, **options):
        if settings.SEAL_PKCS11_MODULE or settings.SEAL_PKCS12_PATH:
            self.stdout.write("A production seal is configured (SEAL_PKCS11_MODULE / SEAL_PKCS12_PATH); no demo seal "
                              "is made.")
            return
        existed = (settings.SEAL_DIR / seal.DEMO_SEAL_FILE).exists()
        path = seal.make_demo_seal(settings.SEAL_DIR, force=force)
        current = seal.current_seal()
        verb = "kept" if existed and not force else "made"
        self.stdout.write(f"Demo seal {verb}: {path}\n  {current.name}\n  SHA-256 {current.fingerprint}")
