"""Issue 21, credentials a wallet can hold: each certificate as a W3C Verifiable Credential (Open Badges 3.0 shape)
secured as a compact JWS (vc+jwt, EdDSA), the did:web document and JWKS, the Bitstring Status List, the download
and the public verification of a pasted or uploaded credential.

Every signature here is checked with an implementation independent of the signer (joserfc): plain `cryptography`
Ed25519 over the JWS signing input, with the key taken from the published did.json; the helper itself is checked
against the Ed25519 test vector of RFC 8037 (A.4). Status bits are read back by decoding the published list by hand.
"""

from __future__ import annotations

import base64
import gzip
import io
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from exams import credentials, services
from exams.enums import Grade, RevocationReason
from exams.models import Certificate, CredentialStatus, CredentialStatusList
from tests.exams.conftest import EXAM_DAY

pytestmark = pytest.mark.django_db

SITE = "https://portal.noks.test"
DID = "did:web:portal.noks.test"


# --- the independent implementation --------------------------------------------------------------------------------

def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def ed25519_verify(token: str, x: str) -> dict:
    """RFC 7515 compact JWS checked with plain cryptography: the signature over ASCII(header.payload)."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    Ed25519PublicKey.from_public_bytes(b64d(x)).verify(b64d(signature_b64), f"{header_b64}.{payload_b64}".encode())
    return json.loads(b64d(payload_b64))


def verify_with_did(token: str, did_document: dict) -> tuple[dict, dict]:
    """Resolve the kid in the did:web document (as a third party would, offline) and verify; (header, payload)."""
    header = json.loads(b64d(token.split(".")[0]))
    assert header["kid"].split("#")[0] == did_document["id"]
    method = next(m for m in did_document["verificationMethod"] if m["id"] == header["kid"])
    assert method["id"] in did_document["assertionMethod"]
    return header, ed25519_verify(token, method["publicKeyJwk"]["x"])


def bit(encoded_list: str, index: int) -> int:
    """The W3C Bitstring Status List, decoded by hand: multibase "u" + base64url, GZIP, index 0 = left-most bit."""
    assert encoded_list[0] == "u"
    bits = gzip.decompress(b64d(encoded_list[1:]))
    return (bits[index >> 3] >> (7 - (index & 7))) & 1


def test_the_independent_verifier_passes_the_rfc_8037_test_vector():
    # RFC 8037, Appendix A.4 (Ed25519 signing), A.1 (the key).
    token = ("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
             "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")
    x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    header, payload, signature = token.split(".")
    Ed25519PublicKey.from_public_bytes(b64d(x)).verify(b64d(signature), f"{header}.{payload}".encode())
    assert b64d(payload) == b"Example of Ed25519 signing"
    with pytest.raises(InvalidSignature):
        Ed25519PublicKey.from_public_bytes(b64d(x)).verify(b64d(signature), f"{header}.{payload}x".encode())


# --- fixtures ------------------------------------------------------------------------------------------------------

def write_key(path, key=None):
    key = key or Ed25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key


@pytest.fixture(autouse=True)
def key(settings, tmp_path):
    """A throwaway signing key for each test (never the one under var/)."""
    settings.SITE_URL = SITE
    settings.CREDENTIAL_KEY_FILE = tmp_path / "keys" / "credential-ed25519.pem"
    settings.CREDENTIAL_RETIRED_KEY_FILES = []
    settings.CERTIFICATE_VERIFY_LIMIT = 1000
    settings.CREDENTIAL_KEY_FILE.parent.mkdir()
    return write_key(settings.CREDENTIAL_KEY_FILE)


@pytest.fixture
def session(school, commission):
    return services.session_create(school["cohort"], commission=commission, held_on=EXAM_DAY, actor=school["user"])


def _pass(school, session, result):
    services.result_draw(result, actor=school["user"], seed=result.pk)
    votes = {m.pk: Grade.PASSED for m in session.commission.members.all()}
    return services.result_record(result, votes=votes, performed={1: True, 2: True, 3: True}, actor=school["user"])


@pytest.fixture
def issued(school, session, django_capture_on_commit_callbacks):
    """Both learners passed, certificates issued: {last name: certificate}."""
    for result in session.results.all():
        _pass(school, session, result)
    with django_capture_on_commit_callbacks(execute=False):
        services.session_issue_certificates(session, actor=school["user"])
    return {c.result.learner.last_name: c for c in Certificate.objects.select_related("result__learner")}


def download(client, certificate) -> str:
    """The public JSON download by code; the compact JWS inside its envelope."""
    response = client.get(reverse("credentials:credential", kwargs={"code": certificate.code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    envelope = json.loads(response.content)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    prefix = "data:application/vc+jwt,"
    assert envelope["id"].startswith(prefix)
    return envelope["id"][len(prefix):]


def did_json(client) -> dict:
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def status_bit(client, credential: dict) -> int:
    """Fetch the status list the credential names, verify it independently, read the credential's bit."""
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    url = entry["statusListCredential"]
    assert url.startswith(SITE)
    response = client.get(url[len(SITE):])
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    header, status_credential = verify_with_did(response.content.decode(), did_json(client))
    assert header["typ"] == "vc+jwt"
    assert status_credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_credential["issuer"] == DID and status_credential["id"] == url
    subject = status_credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert len(gzip.decompress(b64d(subject["encodedList"][1:]))) * 8 >= 131072
    return bit(subject["encodedList"], int(entry["statusListIndex"]))


# --- the credential ------------------------------------------------------------------------------------------------

def test_a_certificate_is_a_signed_open_badge_credential_that_verifies_independently(client, issued, school):
    certificate = issued["Ђорђевић"]
    token = download(client, certificate)
    header, credential = verify_with_did(token, did_json(client))
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc",
                      "kid": f"{DID}#{credentials.public_keys()[0].thumbprint}"}
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{SITE}/credentials/{certificate.code}.json"
    assert credential["issuer"]["id"] == DID and credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"].endswith("Z")
    subject = credential["credentialSubject"]
    assert subject["identifier"] == [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                      "identityHash": "Љубица Ђорђевић"}]
    assert subject["source"]["name"] == school["organization"].name
    assert subject["source"]["identifier"][0]["identifier"] == school["organization"].mb
    achievement = subject["achievement"]
    program = school["program"]
    assert achievement["name"] == program.name_sr and achievement["type"] == ["Achievement"]
    assert achievement["criteria"]["narrative"]
    assert [o["title"] for o in achievement["learningOutcome"]] == ["Општи исходи.", "Посебни исходи."]
    assert achievement["volumeOfLearning"] == f"PT{program.duration_hours}H"
    assert achievement["inLanguage"] == "sr-Cyrl"
    if program.qualification_standard_id:
        level = program.qualification_standard.level
        frameworks = {a["targetFramework"]: a["targetCode"] for a in achievement["alignment"]}
        assert frameworks["NOKS"] == level.code
        assert frameworks["European Qualifications Framework"] == str(level.eqf_level)
    # The least personal data: no JMBG, no year of birth, no e-mail anywhere in what is signed.
    payload = b64d(token.split(".")[1]).decode()
    learner = certificate.result.learner
    assert learner.jmbg not in payload and str(learner.birth_year) not in payload
    assert status_bit(client, credential) == 0


def test_a_latin_certificate_gives_a_latin_credential(client, issued):
    _header, credential = verify_with_did(download(client, issued["Џаковић"]), did_json(client))
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Njegoš Džaković"
    assert credential["credentialSubject"]["achievement"]["inLanguage"] == "sr-Latn"


def test_did_document_and_jwks_publish_the_signing_key(client, key, settings):
    x = b64e(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    document = did_json(client)
    assert document["id"] == DID
    [method] = document["verificationMethod"]
    assert method["controller"] == DID and method["publicKeyJwk"] == {"crv": "Ed25519", "kty": "OKP", "x": x}
    assert all("d" not in m["publicKeyJwk"] for m in document["verificationMethod"])  # no private part
    jwks = client.get("/.well-known/jwks.json").json()
    assert [(k["kid"], k["x"], k["alg"]) for k in jwks["keys"]] == [(method["id"], x, "EdDSA")]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert did_json(client)["id"] == "did:web:127.0.0.1%3A8000"  # the port is percent-encoded (did:web)


def test_without_a_key_the_keys_and_downloads_are_unavailable_but_issuing_works(client, issued, settings, tmp_path):
    settings.CREDENTIAL_KEY_FILE = tmp_path / "missing.pem"
    assert client.get("/.well-known/did.json").status_code == 503
    certificate = issued["Ђорђевић"]
    assert client.get(reverse("credentials:credential", kwargs={"code": certificate.code})).status_code == 503
    assert CredentialStatus.objects.filter(certificate=certificate).exists()


# --- the status list -----------------------------------------------------------------------------------------------

def test_revocation_sets_the_credentials_bit_and_only_its(client, issued, school):
    revoked, kept = issued["Ђорђевић"], issued["Џаковић"]
    revoked_credential = verify_with_did(download(client, revoked), did_json(client))[1]
    kept_credential = verify_with_did(download(client, kept), did_json(client))[1]
    assert status_bit(client, revoked_credential) == 0
    services.certificate_revoke(revoked, reason=RevocationReason.HOLDER_DATA, reasons="Погрешно име.",
                                actor=school["user"])
    assert status_bit(client, revoked_credential) == 1
    assert status_bit(client, kept_credential) == 0


def test_a_duplicate_revokes_the_originals_bit_and_gets_its_own(client, issued, school):
    original = issued["Ђорђевић"]
    original_credential = verify_with_did(download(client, original), did_json(client))[1]
    duplicate = services.certificate_duplicate(original, reasons="Изјава о губитку.", actor=school["user"])
    duplicate_credential = verify_with_did(download(client, duplicate), did_json(client))[1]
    assert status_bit(client, original_credential) == 1
    assert status_bit(client, duplicate_credential) == 0
    assert duplicate_credential["credentialStatus"]["statusListIndex"] != \
        original_credential["credentialStatus"]["statusListIndex"]
    assert original.serial in duplicate_credential["description"]


def test_a_changed_result_revokes_the_credential_in_the_same_step(client, issued, school, session):
    certificate = issued["Ђорђевић"]
    credential = verify_with_did(download(client, certificate), did_json(client))[1]
    votes = {m.pk: Grade.FAILED for m in session.commission.members.all()}
    services.result_record(certificate.result, votes=votes, performed={1: True}, actor=school["user"],
                           revoke=services.Revocation(reason=RevocationReason.RESULT_CHANGED, reasons="Исправка."))
    assert status_bit(client, credential) == 1


def test_a_certificate_from_before_credentials_gets_its_place_and_bit_when_first_asked(client, issued, school):
    certificate = issued["Ђорђевић"]
    services.certificate_revoke(certificate, reason=RevocationReason.HOLDER_DATA, reasons="x", actor=school["user"])
    CredentialStatus.objects.filter(certificate=certificate).delete()  # as if issued before this feature
    credential = verify_with_did(download(client, certificate), did_json(client))[1]
    assert status_bit(client, credential) == 1


def test_indexes_are_a_permutation_not_the_order_of_issue():
    key = bytes(range(32))
    indexes = [credentials._permute(position, key) for position in range(credentials.LIST_BITS)]
    assert sorted(indexes) == list(range(credentials.LIST_BITS))  # every bit once: no two certificates share one
    assert indexes[:8] != list(range(8))
    assert credentials.LIST_BITS >= 131072


def test_a_full_list_is_followed_by_a_new_one(issued, school, session):
    first = CredentialStatusList.objects.get()
    assert first.allocated == 2 and first.number == 1
    CredentialStatusList.objects.filter(pk=first.pk).update(allocated=first.size)
    certificate = issued["Ђорђевић"]
    duplicate = services.certificate_duplicate(certificate, reasons="Изгубљено.", actor=school["user"])
    assert duplicate.credential_status.status_list.number == 2
    assert CredentialStatusList.objects.count() == 2


# --- verification --------------------------------------------------------------------------------------------------

def verify(client, text=None, upload=None, lang="en"):
    data = {"credential": text or ""}
    if upload is not None:
        data["file"] = upload
    with translation.override(lang):
        url = reverse("exams:credential_verify")
    return client.post(url, data)


def outcome(response) -> str | None:
    html = response.content.decode()
    marker = 'data-outcome="'
    return html.split(marker)[1].split('"')[0] if marker in html else None


def test_a_downloaded_credential_verifies_as_valid_pasted_or_uploaded(client, issued):
    certificate = issued["Ђорђевић"]
    response = client.get(reverse("credentials:credential", kwargs={"code": certificate.code}))
    response = verify(client, response.content.decode())
    assert response.status_code == 200 and outcome(response) == "valid"
    assert "Valid: the credential was issued through this portal" in response.content.decode()
    assert certificate.serial in response.content.decode()
    upload = SimpleUploadedFile("credential.json", client.get(
        reverse("credentials:credential", kwargs={"code": certificate.code})).content, "application/json")
    assert outcome(verify(client, upload=upload)) == "valid"
    assert outcome(verify(client, download(client, certificate))) == "valid"  # the bare JWS


def test_the_verdict_is_in_the_pages_language(client, issued):
    token = download(client, issued["Ђорђевић"])
    html = verify(client, token, lang="sr").content.decode()
    assert "data-outcome=\"valid\"" in html
    with translation.override("sr"):
        from django.utils.translation import gettext
        message = gettext("Valid: the credential was issued through this portal, it has not been changed, and it "
                          "has not been revoked.")
    assert message != "Valid: the credential was issued through this portal, it has not been changed, and it has " \
                      "not been revoked." and message in html


def test_a_revoked_credential_verifies_as_revoked(client, issued, school):
    certificate = issued["Ђорђевић"]
    token = download(client, certificate)
    assert outcome(verify(client, token)) == "valid"
    services.certificate_revoke(certificate, reason=RevocationReason.ISSUED_IN_ERROR, reasons="Грешка.",
                                actor=school["user"])
    response = verify(client, token)
    assert outcome(response) == "revoked"
    assert reverse("documents:verify", kwargs={"code": certificate.code}).split("/", 2)[2] in \
        response.content.decode()


def _with_payload(token: str, change) -> str:
    header, payload, signature = token.split(".")
    document = json.loads(b64d(payload))
    change(document)
    return ".".join([header, b64e(json.dumps(document, ensure_ascii=False).encode()), signature])


def test_a_credential_with_a_changed_field_is_altered(client, issued):
    token = download(client, issued["Ђорђевић"])

    def rename(document):
        document["credentialSubject"]["identifier"][0]["identityHash"] = "Петар Петровић"

    altered = _with_payload(token, rename)
    with pytest.raises(InvalidSignature):  # the independent check agrees
        verify_with_did(altered, did_json(client))
    response = verify(client, altered)
    assert outcome(response) == "altered" and "Петар Петровић" not in response.content.decode()
    # one character of the signature changed
    signature = token.rsplit(".", 1)[1]
    flipped = token[: -len(signature)] + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert outcome(verify(client, flipped)) == "altered"
    # the same change inside the JSON download's envelope
    envelope = json.dumps(credentials.enveloped(altered))
    assert outcome(verify(client, envelope)) == "altered"


def test_a_credential_signed_by_someone_else_is_not_ours(client, issued):
    token = download(client, issued["Ђорђевић"])
    header, payload, _signature = token.split(".")
    stranger = Ed25519PrivateKey.generate()
    # another issuer's key and kid
    other_header = b64e(json.dumps({"alg": "EdDSA", "typ": "vc+jwt", "kid": "did:web:elsewhere.example#k"}).encode())
    forged = f"{other_header}.{payload}"
    forged += "." + b64e(stranger.sign(forged.encode()))
    assert outcome(verify(client, forged)) == "not_ours"
    # a stranger's signature under our kid does not pass as ours
    ours_header = f"{header}.{payload}"
    assert outcome(verify(client, ours_header + "." + b64e(stranger.sign(ours_header.encode())))) == "altered"
    # "alg": "none" and a symmetric algorithm are never accepted
    for alg in ("none", "HS256"):
        bad = b64e(json.dumps({**json.loads(b64d(header)), "alg": alg}).encode())
        assert outcome(verify(client, f"{bad}.{payload}.")) in ("not_ours", None)
        assert outcome(verify(client, f"{bad}.{payload}.{_signature}")) == "not_ours"
    # an unsigned credential in JSON
    unsigned = json.dumps(json.loads(b64d(payload)))
    assert outcome(verify(client, unsigned)) == "not_ours"


def test_something_else_is_refused_and_what_was_typed_stays(client, issued):
    response = verify(client, "Ово није акредитив <script>")
    html = response.content.decode()
    assert response.status_code == 400 and outcome(response) is None
    assert "This is not a credential this page can read" in html
    assert "Ово није акредитив &lt;script&gt;" in html and 'aria-invalid="true"' in html
    response = verify(client, "")
    assert response.status_code == 400 and "Paste the credential or choose its file." in response.content.decode()
    big = SimpleUploadedFile("big.json", b"{" + b" " * (credentials.MAX_INPUT + 1) + b"}", "application/json")
    assert "too large" in verify(client, upload=big).content.decode()


@pytest.mark.parametrize("limit, allowed", [(3, True), (2, False)])
def test_verification_and_downloads_by_code_count_against_the_limit(client, issued, settings, limit, allowed):
    settings.CERTIFICATE_VERIFY_LIMIT = limit
    certificate = issued["Ђорђевић"]
    first = client.get(reverse("credentials:credential", kwargs={"code": certificate.code}))  # 1
    assert first.status_code == 200
    verify(client, first.content.decode())  # 2
    third = verify(client, first.content.decode())  # 3
    if allowed:
        assert outcome(third) == "valid"
    else:
        assert third.status_code == 429 and outcome(third) is None
        assert client.get(reverse("credentials:credential", kwargs={"code": certificate.code})).status_code == 429
    # the keys and the status lists are never limited
    assert client.get("/.well-known/did.json").status_code == 200


def test_the_verification_form_is_a_labelled_accessible_form(client):
    with translation.override("sr"):
        html = client.get(reverse("exams:credential_verify")).content.decode()
    assert '<label class="form-label" for="id_credential">' in html
    assert '<label class="form-label" for="id_credential_file">' in html
    assert 'aria-describedby="id_credential_help"' in html and 'enctype="multipart/form-data"' in html
    assert "<h1>" in html


# --- pages and downloads -------------------------------------------------------------------------------------------

def test_the_public_page_offers_the_credential_and_its_qr_only_while_in_force(client, issued, school):
    certificate = issued["Ђорђевић"]
    with translation.override("en"):
        page = reverse("documents:verify", kwargs={"code": certificate.code})
    html = client.get(page).content.decode()
    assert reverse("credentials:credential", kwargs={"code": certificate.code}) in html
    assert reverse("credentials:credential_qr", kwargs={"code": certificate.code}) in html
    assert "Download credential (JSON)" in html
    services.certificate_revoke(certificate, reason=RevocationReason.HOLDER_DATA, reasons="x", actor=school["user"])
    html = client.get(page).content.decode()
    assert reverse("credentials:credential", kwargs={"code": certificate.code}) not in html


def test_the_qr_carries_the_credentials_address(client, monkeypatch):
    seen = []
    monkeypatch.setattr("exams.views_credentials.qr_svg", lambda data: seen.append(data) or "<svg/>")
    response = client.get(reverse("credentials:credential_qr", kwargs={"code": "ABCDEFGH23"}))
    assert response["Content-Type"] == "image/svg+xml" and seen == [f"{SITE}/credentials/ABCDEFGH23.json"]
    assert client.get("/credentials/abc/qr.svg").status_code == 404


def test_the_school_downloads_its_certificates_credential_from_its_page(client, issued, school, settings):
    certificate = issued["Ђорђевић"]
    client.force_login(school["user"])
    with translation.override("en"):
        html = client.get(reverse("exams:certificate", kwargs={"pk": certificate.pk})).content.decode()
        url = reverse("exams:certificate_credential", kwargs={"pk": certificate.pk})
    assert url in html and "Download credential (JSON)" in html
    settings.CERTIFICATE_VERIFY_LIMIT = 1  # the issuer's own copy is not counted
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
    assert f'filename="credential-{certificate.serial}.json"' in response["Content-Disposition"]
    token = json.loads(response.content)["id"].split(",", 1)[1]
    assert verify_with_did(token, did_json(client))[1]["id"] == f"{SITE}/credentials/{certificate.code}.json"


def test_an_unknown_code_has_no_credential(client):
    assert client.get("/credentials/ABCDEFGH23.json").status_code == 404
    assert client.get("/credentials/status/9").status_code == 404


# --- keys ----------------------------------------------------------------------------------------------------------

def test_the_key_is_made_once_and_rotation_keeps_earlier_credentials_verifiable(client, issued, settings, tmp_path):
    settings.CREDENTIAL_KEY_FILE = tmp_path / "made" / "credential-ed25519.pem"
    out = io.StringIO()
    call_command("make_credential_key", stdout=out)
    made = settings.CREDENTIAL_KEY_FILE.read_bytes()
    assert (settings.CREDENTIAL_KEY_FILE.stat().st_mode & 0o777) == 0o600
    call_command("make_credential_key", stdout=out)  # set-up runs it every time: the key stays
    assert settings.CREDENTIAL_KEY_FILE.read_bytes() == made
    certificate = issued["Ђорђевић"]
    before = download(client, certificate)
    call_command("make_credential_key", "--rotate", stdout=out)
    assert settings.CREDENTIAL_KEY_FILE.read_bytes() != made
    retired = list(settings.CREDENTIAL_KEY_FILE.parent.glob("*.retired-*.pem"))
    assert len(retired) == 1 and b"PRIVATE" not in retired[0].read_bytes()
    document = did_json(client)
    assert len(document["verificationMethod"]) == 2
    verify_with_did(before, document)  # signed before the rotation, still verifies offline
    after = download(client, certificate)
    assert json.loads(b64d(after.split(".")[0]))["kid"] != json.loads(b64d(before.split(".")[0]))["kid"]
    assert outcome(verify(client, before)) == "valid" and outcome(verify(client, after)) == "valid"


def test_the_public_verification_page_leads_to_the_credential_check(client):
    from django.urls import reverse

    page = client.get(reverse("documents:verify_form")).content.decode()
    assert f'href="{reverse("exams:credential_verify")}"' in page and 'id="verify-credential"' in page
