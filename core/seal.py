"""The issuing body's electronic seal on every official PDF (PAdES, with pyHanko), and the check of an uploaded PDF.

Sealing (seal_pdf): the PDF WeasyPrint wrote gets one incremental update holding a certifying PAdES signature
(B-B; B-T with an RFC 3161 time-stamp when SEAL_TSA_URL is set) that allows no later change. The signature field
is named "NOKS-<verification code>", so the code travels inside the signed bytes; the seal's certificate chain is
embedded, so a reader needs nothing from us to check it, and documents sealed before a rotation stay checkable.

Which seal (current_seal, loaded once per process and configuration):
- SEAL_PKCS11_MODULE set: a key on a PKCS#11 token (HSM) — token label, key label, certificate label, PIN;
- else SEAL_PKCS12_PATH set: a PKCS#12 file with its passphrase;
- else the demo seal under SEAL_DIR (make_demo_seal(); scripts/start runs `manage.py make_demo_seal`): a demo CA
  and a seal certificate both named DEMO. Without any of these, sealing raises SealUnavailable — an official
  document is never issued unsealed by accident (in DEBUG the demo seal is made on first use instead).

The certificates of every seal the portal has used are kept under SEAL_DIR/certificates/ (<sha256>.pem, written
when a seal is loaded or made): the fingerprint history, and what check_pdf() trusts. An uploaded PDF is "exactly
a document the portal issued" when its signature named NOKS-… was made by one of these certificates, is
cryptographically intact and valid, and covers the whole file (nothing appended, nothing changed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FIELD_PREFIX = "NOKS-"
DEMO_CA_FILE = "demo-ca.pem"
DEMO_SEAL_FILE = "demo-seal.p12"
PDF_MAGIC = b"%PDF-"
_FIELD_NAME = re.compile(r"NOKS-([A-Z0-9]{4,20})")


class SealUnavailable(RuntimeError):
    """No seal is configured or the configured one cannot be loaded."""


@dataclass(frozen=True)
class Seal:
    signer: object  # pyhanko.sign.signers.Signer
    certificate: object  # asn1crypto.x509.Certificate
    chain: tuple = ()

    @property
    def name(self) -> str:
        return subject_name(self.certificate)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)


def fingerprint(certificate) -> str:
    """SHA-256 of the certificate's DER encoding, hex, lower case (what docs/operations.md records per seal)."""
    return hashlib.sha256(certificate.dump()).hexdigest()


def subject_name(certificate) -> str:
    """The seal's name as a person reads it: its common name, and its organization when that adds something."""
    subject = certificate.subject.native
    common = subject.get("common_name") or ""
    organization = subject.get("organization_name") or ""
    if organization and organization not in common:
        return f"{common} ({organization})" if common else organization
    return common or certificate.subject.human_friendly


# ---------------------------------------------------------------------------------------------------------------
# The demo CA and seal
# ---------------------------------------------------------------------------------------------------------------


def make_demo_seal(directory: Path | str | None = None, *, force: bool = False) -> Path:
    """Write a demo CA (demo-ca.pem) and a seal certificate with its key (demo-seal.p12, no passphrase) under
    ``directory`` (SEAL_DIR); both say DEMO in their names. Keeps an existing pair unless ``force``. Returns the
    PKCS#12 path. The files are the embedded default's and the tests' only: production configures its own seal."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = Path(directory or settings.SEAL_DIR)
    p12_path = directory / DEMO_SEAL_FILE
    if p12_path.exists() and not force:
        return p12_path
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "RS"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NOKS DEMO"),
                          x509.NameAttribute(NameOID.COMMON_NAME, common[:64])])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name("NOKS DEMO CA (not for production)")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal = (x509.CertificateBuilder().subject_name(name("NOKS DEMO seal (not for production)"))
            .issuer_name(ca_name).public_key(seal_key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    (directory / DEMO_CA_FILE).write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    data = pkcs12.serialize_key_and_certificates(b"noks-demo-seal", seal_key, seal, [ca],
                                                 serialization.NoEncryption())
    tmp = p12_path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(p12_path)
    from asn1crypto import x509 as asn1_x509

    remember_certificates([asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in (seal, ca)],
                          directory)
    reset()
    return p12_path


# ---------------------------------------------------------------------------------------------------------------
# Loading the seal
# ---------------------------------------------------------------------------------------------------------------

_lock = threading.RLock()  # make_demo_seal (called while loading in DEBUG) resets the cache
_cache: dict[tuple, Seal] = {}


def _config() -> tuple:
    return (settings.SEAL_PKCS11_MODULE or "", settings.SEAL_PKCS11_TOKEN_LABEL or "",
            settings.SEAL_PKCS11_KEY_LABEL or "", settings.SEAL_PKCS11_CERT_LABEL or "",
            settings.SEAL_PKCS12_PATH or "", str(settings.SEAL_DIR), settings.SEAL_CHAIN_PATH or "")


def reset() -> None:
    """Forget the loaded seal (after a rotation in the same process, or between tests)."""
    with _lock:
        for seal in _cache.values():
            session = getattr(seal.signer, "pkcs11_session", None)
            if session is not None:
                try:
                    session.close()
                except Exception:  # noqa: BLE001 — a closed or broken session is already what we want
                    pass
        _cache.clear()


def current_seal() -> Seal:
    key = _config()
    seal = _cache.get(key)
    if seal is None:
        with _lock:
            seal = _cache.get(key)
            if seal is None:
                seal = _load()
                reuse_signing_certificate_attribute(seal.signer)
                remember_certificates([seal.certificate, *seal.chain])
                _cache[key] = seal
    return seal


def reuse_signing_certificate_attribute(signer) -> None:
    """Every seal's signed attributes name the seal certificate by its hash (signing-certificate-v2, which PAdES
    requires); the attribute is the same in every signature of this signer, and asn1crypto spent 8 of a seal's
    11 ms building and serializing it afresh each time (docs/performance.md, documents). It is built once here and
    handed to pyHanko already encoded.

    pyHanko asks its signer for the signed-attribute providers through `_signed_attr_providers` (pyHanko 0.38,
    pinned in requirements.txt); the signer's own method is wrapped, so a PKCS#12 and a PKCS#11 signer get the same.
    tests/core/test_seal.py shows the cached attribute is the one signed and that the signature still validates."""
    from asn1crypto import tsp
    from pyhanko.sign import attributes
    from pyhanko.sign.general import as_signing_certificate_v2

    encoded = as_signing_certificate_v2(signer.signing_cert).dump()

    class EncodedSigningCertificate(attributes.SigningCertificateV2Provider):
        async def build_attr_value(self, dry_run=False):
            return tsp.SigningCertificateV2.load(encoded)

    providers = signer._signed_attr_providers

    def signed_attr_providers(*args, **kwargs):
        for provider in providers(*args, **kwargs):
            if type(provider) is attributes.SigningCertificateV2Provider:
                provider = EncodedSigningCertificate(provider.signing_cert)
            yield provider

    signer._signed_attr_providers = signed_attr_providers
    signer.encoded_signing_certificate = encoded


def _extra_chain() -> list:
    if not settings.SEAL_CHAIN_PATH:
        return []
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([settings.SEAL_CHAIN_PATH]))


def _load() -> Seal:
    from pyhanko.sign import signers

    if settings.SEAL_PKCS11_MODULE:
        return _load_pkcs11()
    path = Path(settings.SEAL_PKCS12_PATH) if settings.SEAL_PKCS12_PATH else Path(settings.SEAL_DIR) / DEMO_SEAL_FILE
    passphrase = (settings.SEAL_PKCS12_PASSPHRASE or "").encode() or None
    if not path.exists():
        if settings.SEAL_PKCS12_PATH or not settings.DEBUG:
            raise SealUnavailable(f"No seal: {path} does not exist. Run `manage.py make_demo_seal` for the demo "
                                  "seal, or set SEAL_PKCS12_PATH or SEAL_PKCS11_MODULE (docs/operations.md, Seal).")
        make_demo_seal(path.parent)
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase, other_certs=_extra_chain())
    except Exception as error:  # a wrong passphrase or a damaged file
        raise SealUnavailable(f"The seal in {path} cannot be loaded: {error}") from error
    if signer is None:
        raise SealUnavailable(f"The seal in {path} cannot be loaded (wrong passphrase?).")
    cert = signer.signing_cert
    chain = tuple(c for c in signer.cert_registry if c.dump() != cert.dump())
    return Seal(signer=signer, certificate=cert, chain=chain)


def _load_pkcs11() -> Seal:
    """A key on a token: the session stays open for the life of the process (reset() closes it)."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    key_label = settings.SEAL_PKCS11_KEY_LABEL or None
    try:
        session = open_pkcs11_session(settings.SEAL_PKCS11_MODULE,
                                      token_criteria=TokenCriteria(label=settings.SEAL_PKCS11_TOKEN_LABEL or None),
                                      user_pin=settings.SEAL_PKCS11_PIN or None)
        signer = PKCS11Signer(session, cert_label=settings.SEAL_PKCS11_CERT_LABEL or key_label, key_label=key_label,
                              ca_chain=_extra_chain(), other_certs_to_pull=None,
                              use_raw_mechanism=settings.SEAL_PKCS11_RAW_ECDSA)
        cert = signer.signing_cert
    except Exception as error:
        raise SealUnavailable(f"The seal on the PKCS#11 token cannot be used: {error}") from error
    signer.pkcs11_session = session
    chain = tuple(c for c in signer.cert_registry if c.dump() != cert.dump())
    return Seal(signer=signer, certificate=cert, chain=chain)


# ---------------------------------------------------------------------------------------------------------------
# The fingerprint history: every seal certificate (and its chain) the portal has used
# ---------------------------------------------------------------------------------------------------------------


def certificates_dir(directory: Path | str | None = None) -> Path:
    return Path(directory or settings.SEAL_DIR) / "certificates"


def remember_certificates(certificates, directory: Path | str | None = None) -> None:
    """Keep each certificate as <sha256>.pem (best effort: a read-only SEAL_DIR is logged, not fatal)."""
    from asn1crypto import pem

    target = certificates_dir(directory)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for certificate in certificates:
            path = target / f"{fingerprint(certificate)}.pem"
            if not path.exists():
                path.write_bytes(pem.armor("CERTIFICATE", certificate.dump()))
    except OSError as error:
        logger.warning("seal: cannot record the seal certificates under %s: %s", target, error)


def known_certificates() -> list:
    """Every certificate under SEAL_DIR/certificates/, and the current seal's chain if one is configured."""
    from pyhanko.keys import load_certs_from_pemder

    certificates = {}
    paths = sorted(str(p) for p in certificates_dir().glob("*.pem")) if certificates_dir().is_dir() else []
    for certificate in load_certs_from_pemder(paths):
        certificates[fingerprint(certificate)] = certificate
    try:
        seal = current_seal()
    except SealUnavailable:
        seal = None
    if seal is not None:
        for certificate in (seal.certificate, *seal.chain):
            certificates[fingerprint(certificate)] = certificate
    return list(certificates.values())


# ---------------------------------------------------------------------------------------------------------------
# Sealing
# ---------------------------------------------------------------------------------------------------------------


def http_timestamper(url: str, timeout: int = 10):
    """An RFC 3161 client over HTTP with the standard library (pyHanko's own HTTP clients need requests or
    aiohttp, which the portal does not otherwise use)."""
    import asyncio

    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    def post(query: bytes) -> bytes:
        request = urllib.request.Request(url, data=query, method="POST",
                                         headers={"Content-Type": "application/timestamp-query"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — the configured TSA
                if response.headers.get("Content-Type") != "application/timestamp-reply":
                    raise TimestampRequestError("The time-stamping service answered something else.")
                return response.read()
        except (OSError, urllib.error.URLError) as error:
            raise TimestampRequestError(f"The time-stamping service did not answer: {error}") from error

    class UrllibTimeStamper(TimeStamper):
        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            return tsp.TimeStampResp.load(await asyncio.to_thread(post, req.dump()))

    return UrllibTimeStamper()


def timestamper():
    """The time-stamping client, or None when SEAL_TSA_URL is empty (the default: no Internet is assumed)."""
    if not settings.SEAL_TSA_URL:
        return None
    return http_timestamper(settings.SEAL_TSA_URL, timeout=settings.SEAL_TSA_TIMEOUT_SECONDS)


def seal_pdf(pdf: bytes, *, code: str, reason: str = "", location: str = "") -> bytes:
    """The PDF with the portal's certifying PAdES seal (no later change allowed), the field named by the code."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    if not _FIELD_NAME.fullmatch(FIELD_PREFIX + code):
        raise ValueError(f"not a verification code: {code!r}")
    seal = current_seal()
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_PREFIX + code, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None, name=seal.name, certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES)
    stamper = timestamper()
    # Room for the signature reserved up front: pyHanko otherwise signs a dummy first to measure it (twice the work).
    reserved = 4096 + 2 * sum(len(c.dump()) for c in (seal.certificate, *seal.chain)) + (16384 if stamper else 0)
    signer = signers.PdfSigner(meta, signer=seal.signer, timestamper=stamper)
    out = _outside_an_event_loop(lambda: signer.sign_pdf(writer, bytes_reserved=reserved))
    return out.getvalue()


def _outside_an_event_loop(work):
    """pyHanko's synchronous calls run their own asyncio loop, which cannot start in a thread whose loop is already
    running (an async server, or a browser-driving test that renders a document in-process): there the work runs in
    a short-lived thread of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


# ---------------------------------------------------------------------------------------------------------------
# Checking an uploaded PDF
# ---------------------------------------------------------------------------------------------------------------

AUTHENTIC, ALTERED, UNSEALED, FOREIGN = "authentic", "altered", "unsealed", "foreign"


@dataclass(frozen=True)
class PdfCheck:
    """What a PDF's seal says: AUTHENTIC (exactly as the portal sealed it), ALTERED (it carries a portal seal, or
    claims to, but its bytes differ from what was sealed), UNSEALED (no portal seal field), FOREIGN (signed, but
    not with a seal the portal has used)."""

    outcome: str
    code: str = ""
    seal_name: str = ""
    seal_fingerprint: str = ""
    signed_at: dt.datetime | None = None
    timestamped_at: dt.datetime | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def authentic(self) -> bool:
        return self.outcome == AUTHENTIC


def _claimed_code(data: bytes) -> str:
    # the field's name as a PDF string: the hyphen may be written as it is or as the octal escape \055
    match = re.search(rb"/T\s*\(NOKS(?:-|\\055)([A-Z0-9]{4,20})\)", data)
    return match.group(1).decode() if match else ""


def check_pdf(data: bytes) -> PdfCheck:
    """Is ``data`` exactly a PDF the portal sealed? Never raises on hostile input."""
    try:
        return _outside_an_event_loop(lambda: _check_pdf(data))
    except Exception as error:  # noqa: BLE001 — a malformed upload is an answer, not a server error
        logger.info("seal: an uploaded PDF could not be checked: %s", error)
        return PdfCheck(ALTERED if _claimed_code(data) else UNSEALED, problems=(f"{type(error).__name__}",))


def _check_pdf(data: bytes) -> PdfCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    claimed = _claimed_code(data)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 — unreadable structure
        return PdfCheck(ALTERED if claimed else UNSEALED, code=claimed, problems=(f"unreadable: {error}",))
    ours = [s for s in signatures if (s.field_name or "").startswith(FIELD_PREFIX)]
    if not ours:
        if claimed:
            return PdfCheck(ALTERED, code=claimed, problems=("seal field not found",))
        return PdfCheck(FOREIGN if signatures else UNSEALED)
    signature = ours[0]
    code = signature.field_name[len(FIELD_PREFIX):]
    known = {fingerprint(c): c for c in known_certificates()}
    signer_cert = signature.signer_cert
    if fingerprint(signer_cert) not in known:
        return PdfCheck(FOREIGN, code=code, seal_name=subject_name(signer_cert),
                        problems=("not a seal the portal has used",))
    roots = [c for c in known.values() if c.self_signed] or [signer_cert]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signature, context)
    except (SignatureValidationError, ValueError) as error:
        return PdfCheck(ALTERED, code=code, seal_name=subject_name(signer_cert), problems=(str(error),))
    problems = []
    if not status.intact:
        problems.append("the signed bytes changed")
    if not status.valid:
        problems.append("the signature does not verify")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or len(signatures) != 1:
        problems.append("the file holds more than what was sealed")
    if not _contents_as_written(data, signature):
        problems.append("the signature's own bytes changed")
    if signature.signed_revision != reader.xrefs.total_revisions - 1:
        problems.append("revisions were added after the seal")
    timestamp = status.timestamp_validity
    return PdfCheck(
        ALTERED if problems else AUTHENTIC, code=code, seal_name=subject_name(signer_cert),
        seal_fingerprint=fingerprint(signer_cert), signed_at=status.signer_reported_dt,
        timestamped_at=timestamp.timestamp if timestamp is not None and timestamp.valid else None,
        problems=tuple(problems))


def _contents_as_written(data: bytes, signature) -> bool:
    """The one part of the file a signature cannot cover is its own /Contents: the signature, then zeros up to the
    room reserved. Exactly as seal_pdf writes it (upper-case hex, zero padding), or the file was changed there."""
    from asn1crypto import parser

    byte_range = [int(n) for n in signature.sig_object["/ByteRange"]]
    raw = bytes(signature.sig_object["/Contents"])
    _cls, _method, _tag, header, contents, _trailer = parser.parse(raw, strict=False)
    used = len(header) + len(contents)
    written = data[byte_range[0] + byte_range[1]:byte_range[2]]
    return written == b"<" + raw.hex().upper().encode() + b">" and not any(raw[used:])
