"""Make the Ed25519 key that signs the certificates' verifiable credentials (exams/credentials.py).

    manage.py make_credential_key            # once, at set-up (scripts/start): makes CREDENTIAL_KEY_FILE if missing
    manage.py make_credential_key --rotate   # a new key; the old one's PUBLIC half stays beside it, still published

The private key is written with mode 0600 in a directory of mode 0700 (var/keys/ by default, outside git). After a
rotation the retired key's public half is kept as <name>.retired-<date>-<thumbprint>.pem: it stays in the did:web
document and the JWKS so credentials signed before the rotation still verify; its private half is destroyed.
See docs/credentials.md, "Key rotation".
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


def _write(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(path.suffix + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


class Command(BaseCommand):
    help = "Make the Ed25519 key that signs verifiable credentials (CREDENTIAL_KEY_FILE), or rotate it."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true",
                            help="replace the key; the old public key stays published for earlier credentials")

    def handle(self, *args, **options):
        from exams.credentials import _public_key

        path = Path(settings.CREDENTIAL_KEY_FILE)
        say = self.stdout.write if options["verbosity"] > 0 else (lambda *args, **kwargs: None)
        if path.exists() and not options["rotate"]:
            say(f"The credential key is there: {path}")
            return
        if path.exists():
            old = serialization.load_pem_private_key(path.read_bytes(), password=None)
            thumbprint = _public_key(old.public_key()).thumbprint
            retired = path.with_name(f"{path.stem}.retired-{timezone.localdate():%Y%m%d}-{thumbprint[:12]}.pem")
            _write(retired, old.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo), 0o644)
            say(f"Retired key (public half, still published): {retired}")
        key = Ed25519PrivateKey.generate()
        _write(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()), 0o600)
        say(self.style.SUCCESS(f"New credential key {_public_key(key.public_key()).thumbprint}: {path}"))
