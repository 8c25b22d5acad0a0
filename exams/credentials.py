"""Certificates as W3C Verifiable Credentials (VC Data Model 2.0) in the Open Badges 3.0 shape, secured with JOSE
(VC-JOSE-COSE: a compact JWS, ``typ`` "vc+jwt", ``alg`` EdDSA over Ed25519), and their revocation through a W3C
Bitstring Status List that the portal publishes. docs/credentials.md tells the trust chain and key rotation.

- The signing key: an Ed25519 private key in a PEM file (settings.CREDENTIAL_KEY_FILE; ``manage.py
  make_credential_key`` makes it for the embedded default). Its public half is published in the portal's did:web
  document (/.well-known/did.json) and as a JWKS (/.well-known/jwks.json); the JWS ``kid`` is
  ``did:web:<host>#<RFC 7638 thumbprint>``, so a rotated key has a new kid and retired keys stay published.
- Issuer: the portal (did:web of SITE_URL's host) signs on behalf of the school or JPOA, which is named as the
  achievement's creator and the subject's ``source`` (OB 3.0: "the organization that assessed the achievement on
  behalf of the issuer"). The holder is named (first and last name, as on the certificate) and nothing more.
- Status: each certificate gets an index in a status list when it is issued (status_allocate, called by
  exams.services._certificate_new); its bit is set when it is revoked (status_revoke, called by
  exams.services._revoke, the one revocation step). Indexes are a keyed permutation of the order of issue, so
  neighbouring indexes do not tell which certificates were issued together (the spec's herd privacy).
- Verification (credential_verify) accepts the JSON download (an EnvelopedVerifiableCredential) or the bare JWS.

The credential is built from the certificate's frozen records each time it is asked for; the signature makes any
change to a copy detectable, and the status list says whether it is still in force.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import hmac
import json
import re
import secrets
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from exams.enums import CertificateKind, Script
from exams.models import Certificate, CredentialStatus, CredentialStatusList
from rules.translit import cyr_to_lat

ALGORITHM = "EdDSA"  # RFC 8037; RFC 9864's fully specified "Ed25519" is accepted on verification as well
ACCEPTED_ALGORITHMS = ("EdDSA", "Ed25519")
MEDIA_TYPE = "application/vc+jwt"
PURPOSE = "revocation"
LIST_BITS = 1 << 18  # 262 144 bits (the spec's minimum is 131 072), 32 KiB before compression
HALF_BITS = 9  # the Feistel permutation works on two 9-bit halves of an 18-bit position
CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
LANGUAGE = {Script.CYRILLIC: "sr", Script.LATIN: "sr-latn"}
LANGUAGE_TAG = {Script.CYRILLIC: "sr-Cyrl", Script.LATIN: "sr-Latn"}
MAX_INPUT = 64 * 1024
CODE = re.compile(r"[A-Z0-9]{10}")


class CredentialKeyMissing(RuntimeError):
    """The signing key file is not there: ``manage.py make_credential_key`` makes one."""


# --- Keys and the did:web document -------------------------------------------------------------------------------


def site_did() -> str:
    """did:web of SITE_URL's host (a port is percent-encoded, as the did:web method says)."""
    host = urlsplit(settings.SITE_URL).netloc
    return "did:web:" + quote(host, safe="")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class PublicKey:
    jwk: dict  # kty, crv, x
    thumbprint: str  # RFC 7638, the fragment of the kid

    @property
    def kid(self) -> str:
        return f"{site_did()}#{self.thumbprint}"


def _public_key(key: Ed25519PublicKey) -> PublicKey:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    canonical = json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    return PublicKey(jwk=jwk, thumbprint=_b64url(hashlib.sha256(canonical).digest()))


_KEY_CACHE: dict[tuple[str, int], object] = {}


def _read_pem(path: Path):
    """The key in a PEM file (private or public), read once per file version."""
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise CredentialKeyMissing(str(path)) from None
    cached = _KEY_CACHE.get((str(path), stamp))
    if cached is None:
        data = path.read_bytes()
        if b"PRIVATE KEY" in data:
            cached = serialization.load_pem_private_key(data, password=None)
        else:
            cached = serialization.load_pem_public_key(data)
        _KEY_CACHE[(str(path), stamp)] = cached
    return cached


def signing_key() -> Ed25519PrivateKey:
    key = _read_pem(Path(settings.CREDENTIAL_KEY_FILE))
    if not isinstance(key, Ed25519PrivateKey):
        raise CredentialKeyMissing(f"{settings.CREDENTIAL_KEY_FILE}: not an Ed25519 private key")
    return key


def retired_key_files() -> list[Path]:
    """Retired keys, still published: the files named in CREDENTIAL_RETIRED_KEY_FILES, and those that
    make_credential_key --rotate left beside the current key (<name>.retired-*.pem)."""
    current = Path(settings.CREDENTIAL_KEY_FILE)
    files = [Path(name) for name in getattr(settings, "CREDENTIAL_RETIRED_KEY_FILES", [])]
    files += sorted(current.parent.glob(f"{current.stem}.retired-*.pem"))
    return list(dict.fromkeys(files))


def public_keys() -> list[PublicKey]:
    """The current key first, then the retired ones (credentials signed before a rotation still verify)."""
    keys = [_public_key(signing_key().public_key())]
    for path in retired_key_files():
        key = _read_pem(path)
        key = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
        if isinstance(key, Ed25519PublicKey):
            public = _public_key(key)
            if public not in keys:
                keys.append(public)
    return keys


def available() -> bool:
    try:
        signing_key()
    except CredentialKeyMissing:
        return False
    return True


def did_document() -> dict:
    did = site_did()
    methods = [{"id": key.kid, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": key.jwk}
               for key in public_keys()]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def jwks() -> dict:
    return {"keys": [{**key.jwk, "kid": key.kid, "use": "sig", "alg": ALGORITHM} for key in public_keys()]}


def sign(payload: dict) -> str:
    """A compact JWS of ``payload`` (VC-JOSE-COSE: typ vc+jwt, cty vc, kid into our did:web document)."""
    private = signing_key()
    key = OKPKey.import_key(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "cty": "vc", "kid": _public_key(private.public_key()).kid}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with warnings.catch_warnings():  # joserfc warns that RFC 9864 deprecates "EdDSA"; wallets still expect it
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, body, key, algorithms=[ALGORITHM])


def enveloped(token: str) -> dict:
    """The JSON form of a secured credential (VC 2.0 §4.13, EnvelopedVerifiableCredential)."""
    return {"@context": CONTEXTS[:1], "id": f"data:{MEDIA_TYPE},{token}", "type": "EnvelopedVerifiableCredential"}


# --- The Bitstring Status List -----------------------------------------------------------------------------------


def _permute(position: int, key: bytes) -> int:
    """A bijection of [0, 2**18): four Feistel rounds keyed by the list's own key."""
    mask = (1 << HALF_BITS) - 1
    left, right = position >> HALF_BITS, position & mask
    for round_number in range(4):
        digest = hmac.new(key, bytes([round_number]) + right.to_bytes(2, "big"), hashlib.sha256).digest()
        left, right = right, left ^ (int.from_bytes(digest[:2], "big") & mask)
    return (left << HALF_BITS) | right


def _list_with_room() -> CredentialStatusList:
    """The newest status list with a free position, locked; a new one when it is full."""
    while True:
        current = (CredentialStatusList.objects.select_for_update().filter(purpose=PURPOSE)
                   .order_by("-number").first())
        if current is not None and current.allocated < current.size:
            return current
        try:
            with transaction.atomic():
                return CredentialStatusList.objects.create(
                    purpose=PURPOSE, number=(current.number + 1) if current else 1, size=LIST_BITS,
                    shuffle_key=secrets.token_hex(32), bits=bytes(LIST_BITS // 8), updated_at=timezone.now())
        except IntegrityError:  # another process made it first: take that one
            continue


def _set_bit(status_list: CredentialStatusList, index: int) -> None:
    bits = bytearray(status_list.bits)
    bits[index // 8] |= 0x80 >> (index % 8)  # index 0 is the left-most bit of the first byte
    status_list.bits, status_list.updated_at = bytes(bits), timezone.now()
    status_list.save(update_fields=["bits", "updated_at"])


@transaction.atomic
def status_allocate(certificate: Certificate) -> CredentialStatus:
    """The certificate's place in a status list (once; asked again, the same). A certificate already revoked (one
    issued before credentials existed) gets its bit set at once."""
    existing = CredentialStatus.objects.filter(certificate=certificate).select_related("status_list").first()
    if existing is not None:
        return existing
    status_list = _list_with_room()
    index = _permute(status_list.allocated, bytes.fromhex(status_list.shuffle_key))
    status_list.allocated += 1
    status_list.save(update_fields=["allocated"])
    entry = CredentialStatus.objects.create(certificate=certificate, status_list=status_list, index=index)
    if certificate.revoked_at is not None:
        _set_bit(status_list, index)
    return entry


@transaction.atomic
def status_revoke(certificate: Certificate) -> CredentialStatus:
    """Set the revocation bit of a revoked certificate's credential (in the revocation's transaction)."""
    entry = status_allocate(certificate)
    status_list = CredentialStatusList.objects.select_for_update().get(pk=entry.status_list_id)
    _set_bit(status_list, entry.index)
    return entry


def status_list_url(number: int) -> str:
    return settings.SITE_URL + reverse("credentials:status_list", kwargs={"number": number})


def encode_bits(bits: bytes) -> str:
    """encodedList: multibase base64url (prefix "u", no padding) of the GZIP-compressed bitstring."""
    return "u" + _b64url(gzip.compress(bits, mtime=0))


def decode_bits(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    return gzip.decompress(_b64url_decode(encoded[1:]))


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _midnight(day: dt.date) -> str:
    return _utc(timezone.make_aware(dt.datetime.combine(day, dt.time())))


def status_list_credential(status_list: CredentialStatusList) -> dict:
    url = status_list_url(status_list.number)
    return {
        "@context": CONTEXTS[:1],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site_did(),
        "validFrom": _utc(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bits(bytes(status_list.bits)),
            "ttl": 300000,  # ms: how long a verifier may keep it before fetching again
        },
    }


# --- The credential ----------------------------------------------------------------------------------------------


def credential_address(code: str) -> str:
    """The stable address of a certificate's credential (the JSON download, and the credential's id)."""
    return settings.SITE_URL + reverse("credentials:credential", kwargs={"code": code})


def credential_url(certificate: Certificate) -> str:
    return credential_address(certificate.code)


def _in_script(text: str, script: str) -> str:
    return cyr_to_lat(text or "") if script == Script.LATIN else (text or "")


def _lines(*texts: str) -> list[str]:
    """Outcomes as typed, one per line, without list marks."""
    lines = []
    for text in texts:
        for line in (text or "").splitlines():
            line = line.strip().lstrip("-–•*").strip()
            if line:
                lines.append(line)
    return lines


def _profile(organization, script: str) -> dict:
    return {
        "id": f"urn:noks:organization:{organization.mb}",
        "type": ["Profile"],
        "name": _in_script(organization.name, script),
        "identifier": [{"type": "IdentifierEntry", "identifier": organization.mb,
                        "identifierType": "identifier"}],  # the MB (registration number) of the business register
        **({"url": organization.website} if organization.website else {}),
        "address": {"type": ["Address"], "addressCountry": "Serbia", "addressCountryCode": "RS",
                    "streetAddress": _in_script(organization.address, script)},
    }


def _alignments(program, script: str) -> list[dict]:
    standard = program.qualification_standard
    if standard is None:
        return []
    level = standard.level
    return [
        {"type": ["Alignment"], "targetType": "ceterms:Credential",
         "targetFramework": _("National Qualifications Framework of Serbia (NOKS)"), "targetCode": standard.code,
         "targetName": _in_script(standard.name, script), "targetUrl": settings.SITE_URL + standard.get_absolute_url()},
        {"type": ["Alignment"], "targetFramework": "NOKS", "targetCode": level.code,
         "targetName": _("NOKS level %(level)s") % {"level": level.code},
         "targetUrl": settings.SITE_URL + level.get_absolute_url()},
        {"type": ["Alignment"], "targetFramework": "European Qualifications Framework",
         "targetCode": str(level.eqf_level), "targetName": f"EQF {level.eqf_level}",
         "targetUrl": f"http://data.europa.eu/snb/eqf/{level.eqf_level}"},
    ]


def credential_document(certificate: Certificate) -> dict:
    """The unsecured credential (OpenBadgeCredential) of a certificate, in the certificate's script."""
    script = certificate.script
    program, issuer = certificate.program, certificate.issuer
    result = certificate.result
    learner, session = result.learner, result.session
    entry = status_allocate(certificate)
    with translation.override(LANGUAGE.get(script, "sr")):
        program_name = _in_script(program.name_sr, script)
        outcomes = _lines(_in_script(program.general_outcomes_sr, script),
                          _in_script(program.specific_outcomes_sr, script))
        narrative = "\n".join([_in_script(program.assessment_sr, script).strip() or
                               _("Passed the final exam of the program before the exam commission.")]
                              + ([""] + [f"- {line}" for line in outcomes] if outcomes else []))
        achievement = {
            "id": settings.SITE_URL + program.get_absolute_url(),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": program_name,
            "description": _in_script(program.goal_sr or program.purpose_sr, script) or program_name,
            "criteria": {"narrative": narrative},
            "creator": _profile(issuer, script),
            "inLanguage": LANGUAGE_TAG.get(script, "sr-Cyrl"),
            "alignment": _alignments(program, script),
            # ELM 3 (Europass) names for what Open Badges has no field for
            "learningOutcome": [{"type": "LearningOutcome", "title": line} for line in outcomes],
            **({"volumeOfLearning": f"PT{program.duration_hours}H"} if program.duration_hours else {}),
        }
        if program.qualification_standard_id:
            level = program.qualification_standard.level
            achievement["eqfLevel"] = f"http://data.europa.eu/snb/eqf/{level.eqf_level}"
            achievement["fieldOfStudy"] = _in_script(program.qualification_standard.sector.name, script)
        kind = {CertificateKind.DUPLICATE: _("Duplicate of certificate %(serial)s."),
                CertificateKind.REISSUE: _("Replaces certificate %(serial)s.")}.get(certificate.kind)
        description = _("Certificate number %(serial)s, issued on %(date)s by %(issuer)s.") % {
            "serial": certificate.serial, "date": date_format(certificate.issued_on, "DATE_FORMAT"),
            "issuer": _in_script(issuer.name, script)}
        if kind and certificate.replaces_id:
            description += " " + kind % {"serial": certificate.replaces.serial}
        document = {
            "@context": CONTEXTS,
            "id": credential_url(certificate),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": _in_script(program.document_name_sr, script).strip() or program_name,
            "description": description,
            "issuer": {"id": site_did(), "type": ["Profile"], "name": _("NOKS portal"), "url": settings.SITE_URL},
            "validFrom": _utc(certificate.created_at),
            "awardedDate": _utc(certificate.created_at),
            "credentialSubject": {
                "type": ["AchievementSubject"],
                # The least personal data that names the holder: the name as on the certificate, nothing else.
                "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                "identityHash": learner.name_in(script)}],
                "achievement": achievement,
                "source": _profile(issuer, script),
                "activityStartDate": _midnight(session.cohort.starts_on),
                "activityEndDate": _midnight(session.held_on),
            },
            "credentialStatus": {
                "id": f"{status_list_url(entry.status_list.number)}#{entry.index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": PURPOSE,
                "statusListIndex": str(entry.index),
                "statusListCredential": status_list_url(entry.status_list.number),
            },
        }
    return document


def credential_token(certificate: Certificate) -> str:
    return sign(credential_document(certificate))


CREDENTIAL_RELATED = ("result__learner", "result__session__cohort", "program__qualification_standard__level",
                      "program__qualification_standard__sector", "issuer", "replaces")


def certificate_for_code(code: str) -> Certificate | None:
    if not CODE.fullmatch(code or ""):
        return None
    return (Certificate.objects.select_related(*CREDENTIAL_RELATED).filter(code=code).first())


# --- Verification ------------------------------------------------------------------------------------------------

VALID, REVOKED, ALTERED, NOT_OURS = "valid", "revoked", "altered", "not_ours"


class Unreadable(ValueError):
    """What was given is not a credential in a form we read (a JSON envelope or a compact JWS)."""


@dataclass
class Verdict:
    outcome: str
    credential: dict = field(default_factory=dict)
    certificate: Certificate | None = None

    @property
    def holder(self) -> str:
        subject = self.credential.get("credentialSubject") or {}
        names = [i.get("identityHash") for i in subject.get("identifier") or [] if isinstance(i, dict)
                 and i.get("identityType") == "name" and not i.get("hashed")]
        return names[0] if names else ""

    @property
    def achievement(self) -> dict:
        return (self.credential.get("credentialSubject") or {}).get("achievement") or {}

    @property
    def awarded_by(self) -> str:
        return ((self.credential.get("credentialSubject") or {}).get("source") or {}).get("name", "")

    @property
    def valid_from(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.credential.get("validFrom", "").replace("Z", "+00:00"))
        except (TypeError, ValueError):
            return None


COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def token_of(text: str) -> str:
    """The compact JWS in what was pasted or uploaded: the JWS itself, or the JSON download (an enveloped
    credential). A credential in JSON without our envelope (unsigned, or secured another way) is not ours."""
    text = (text or "").strip().lstrip("\ufeff")
    if not text:
        raise Unreadable
    if COMPACT.fullmatch(text):
        return text
    if text.startswith("data:"):
        text = json.dumps({"type": "EnvelopedVerifiableCredential", "id": text})
    try:
        document = json.loads(text)
    except ValueError:
        raise Unreadable from None
    if not isinstance(document, dict):
        raise Unreadable
    types = document.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    if "EnvelopedVerifiableCredential" in types:
        prefix = f"data:{MEDIA_TYPE},"
        value = str(document.get("id", ""))
        if value.startswith(prefix) and COMPACT.fullmatch(value[len(prefix):]):
            return value[len(prefix):]
        raise Unreadable
    if "VerifiableCredential" in types:
        return ""  # a credential, but not secured by this portal's JOSE envelope
    raise Unreadable


def _issuer_id(document: dict) -> str:
    issuer = document.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def credential_verify(text: str) -> Verdict:
    """valid / revoked / altered (the signature does not match the content) / not ours (not signed by a key of this
    portal's did:web document). Raises Unreadable for what is not a credential at all."""
    token = token_of(text)
    if not token:
        return Verdict(NOT_OURS)
    try:
        header = json.loads(_b64url_decode(token.split(".")[0]))
    except ValueError:
        raise Unreadable from None
    if not isinstance(header, dict):
        raise Unreadable
    keys = {key.kid: key for key in public_keys()}
    key = keys.get(header.get("kid"))
    if key is None or header.get("alg") not in ACCEPTED_ALGORITHMS:
        return Verdict(NOT_OURS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            verified = jws.deserialize_compact(token, OKPKey.import_key(key.jwk),
                                               algorithms=list(ACCEPTED_ALGORITHMS))
        document = json.loads(verified.payload)
    except (JoseError, ValueError):
        return Verdict(ALTERED)
    if not isinstance(document, dict) or _issuer_id(document) != site_did():
        return Verdict(NOT_OURS, credential=document if isinstance(document, dict) else {})
    certificate = None
    match = re.fullmatch(re.escape(settings.SITE_URL) + r"/credentials/([A-Z0-9]{10})\.json",
                         str(document.get("id")))
    if match:
        certificate = Certificate.objects.select_related("issuer", "program").filter(code=match.group(1)).first()
    return Verdict(REVOKED if _revoked(document) else VALID, credential=document, certificate=certificate)


def _revoked(document: dict) -> bool:
    """Whether a revocation bit of the credential is set in our status lists (read from the published lists'
    rows; a list we do not know makes the credential count as revoked, never as valid)."""
    entries = document.get("credentialStatus") or []
    entries = [entries] if isinstance(entries, dict) else entries
    prefix = settings.SITE_URL + "/credentials/status/"
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("statusPurpose") != PURPOSE:
            continue
        url = str(entry.get("statusListCredential", ""))
        number, index = url[len(prefix):], str(entry.get("statusListIndex", ""))
        if not (url.startswith(prefix) and number.isdigit() and index.isdigit()):
            return True
        status_list = CredentialStatusList.objects.filter(purpose=PURPOSE, number=int(number)).first()
        if status_list is None or int(index) >= status_list.size or bit_is_set(bytes(status_list.bits), int(index)):
            return True
    return False


def unreadable_message() -> str:
    return _("This is not a credential this page can read: paste the content of the downloaded file (JSON) or the "
             "signed text (three parts separated by dots).")
