"""The electronic seal (core.seal): sealing with the demo, a PKCS#12 and a PKCS#11 seal, a time-stamp from a local
TSA, and the check of a PDF — unaltered, one byte changed, bytes appended, an incremental edit, unsealed, sealed by
someone else, sealed before a rotation."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509

from core import seal
from core.pdf import render_pdf

CODE = "K7M2QX9ABC"


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return render_pdf("pdf/test_page.html", {"text": "Уверење — Ђорђевић"}, lang="sr")


@pytest.fixture
def sealed(plain_pdf) -> bytes:
    return seal.seal_pdf(plain_pdf, code=CODE)


def _signed_data(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    return signature, signature.signed_data


def _incremental_text_edit(pdf: bytes) -> bytes:
    """What a PDF editor does when text is added or changed: a new content stream on the page, appended as an
    incremental update after the seal."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 72 Td (IZMENJENO) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_sealed_pdf_is_a_certifying_pades_signature_with_the_chain_and_the_code(plain_pdf, sealed):
    signature, signed_data = _signed_data(sealed)
    assert signature.field_name == f"NOKS-{CODE}"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert "/Perms" in signature.reader.root  # certifying (DocMDP): no change allowed after it
    names = [c.chosen.subject.native["common_name"] for c in signed_data["certificates"]
             if isinstance(c.chosen, asn1_x509.Certificate)]
    assert sorted(names) == ["NOKS DEMO CA (not for production)", "NOKS DEMO seal (not for production)"]
    assert sealed.startswith(plain_pdf)  # an incremental update: the rendered bytes are kept as they were


def test_the_signing_certificate_attribute_is_built_once_and_names_the_seal_certificate(plain_pdf, monkeypatch):
    """The signing-certificate-v2 attribute is encoded once per seal (a speed-up: core.seal
    reuse_signing_certificate_attribute) and is still the one signed: it holds the SHA-256 of the seal certificate,
    the signature over the attributes validates, and pyHanko builds it no more after the seal is loaded."""
    import hashlib

    from pyhanko.sign import general
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    current = seal.current_seal()
    assert current.signer.encoded_signing_certificate
    built = []
    original = general.as_signing_certificate_v2
    monkeypatch.setattr(general, "as_signing_certificate_v2", lambda *a, **k: built.append(1) or original(*a, **k))
    signature, signed_data = _signed_data(seal.seal_pdf(plain_pdf, code=CODE))
    assert built == []
    attributes = {a["type"].native: a["values"][0] for a in signed_data["signer_infos"][0]["signed_attrs"]}
    cert_id = attributes["signing_certificate_v2"]["certs"][0]
    assert cert_id["cert_hash"].native == hashlib.sha256(current.certificate.dump()).digest()
    assert cert_id["issuer_serial"]["serial_number"].native == current.certificate.serial_number
    # pyHanko's validation runs its own event loop: outside the one a browser test may have left running here.
    status = seal._outside_an_event_loop(
        lambda: validate_pdf_signature(signature, ValidationContext(trust_roots=list(current.chain))))
    assert status.intact and status.valid and status.trusted


def test_an_unaltered_sealed_pdf_is_authentic_with_its_code_and_seal(sealed):
    check = seal.check_pdf(sealed)
    assert (check.outcome, check.code, check.problems) == (seal.AUTHENTIC, CODE, ())
    assert check.seal_name.startswith("NOKS DEMO seal (not for production)")
    assert check.seal_fingerprint == seal.current_seal().fingerprint
    assert check.signed_at is not None and check.timestamped_at is None


@pytest.mark.parametrize("where", [0.1, 0.5, 0.8, 0.9, 0.95])  # content, signature, its zero padding, trailer
def test_one_byte_changed_anywhere_is_altered(sealed, where):
    changed = bytearray(sealed)
    position = int(len(changed) * where)
    changed[position] = (changed[position] + 1) % 256 if changed[position] != 0x0a else 0x20
    check = seal.check_pdf(bytes(changed))
    assert check.outcome == seal.ALTERED


def test_bytes_appended_after_the_seal_are_altered(sealed):
    check = seal.check_pdf(sealed + b"\n% a note\n")
    assert (check.outcome, check.problems) == (seal.ALTERED, ("the file holds more than what was sealed",))


def test_text_edited_in_an_incremental_update_is_altered(sealed):
    edited = _incremental_text_edit(sealed)
    assert edited.startswith(sealed)
    check = seal.check_pdf(edited)
    assert check.outcome == seal.ALTERED and check.code == CODE
    assert "the file holds more than what was sealed" in check.problems


def test_an_unsealed_pdf_and_garbage_are_not_authentic(plain_pdf):
    assert seal.check_pdf(plain_pdf).outcome == seal.UNSEALED
    assert seal.check_pdf(b"%PDF-1.7\nnot really\n%%EOF").outcome == seal.UNSEALED
    assert seal.check_pdf(b"").outcome == seal.UNSEALED


def test_a_pdf_sealed_by_another_ca_is_foreign(plain_pdf, tmp_path, settings):
    own_dir = settings.SEAL_DIR
    settings.SEAL_DIR = tmp_path / "elsewhere"
    seal.make_demo_seal(settings.SEAL_DIR)
    stranger = seal.seal_pdf(plain_pdf, code=CODE)
    settings.SEAL_DIR = own_dir
    check = seal.check_pdf(stranger)
    assert (check.outcome, check.code) == (seal.FOREIGN, CODE)


def test_after_a_rotation_documents_sealed_with_the_old_seal_stay_authentic(plain_pdf, tmp_path, settings):
    settings.SEAL_DIR = tmp_path / "rotation"
    seal.make_demo_seal(settings.SEAL_DIR)
    old_fingerprint = seal.current_seal().fingerprint
    before = seal.seal_pdf(plain_pdf, code=CODE)
    seal.make_demo_seal(settings.SEAL_DIR, force=True)  # a new key and certificate
    assert seal.current_seal().fingerprint != old_fingerprint
    after = seal.seal_pdf(plain_pdf, code=CODE)
    assert seal.check_pdf(before).seal_fingerprint == old_fingerprint
    assert [seal.check_pdf(pdf).outcome for pdf in (before, after)] == [seal.AUTHENTIC, seal.AUTHENTIC]
    history = sorted(p.stem for p in (settings.SEAL_DIR / "certificates").glob("*.pem"))
    assert old_fingerprint in history and seal.current_seal().fingerprint in history and len(history) == 4


def test_without_a_seal_production_refuses_to_seal_and_debug_makes_the_demo_one(plain_pdf, tmp_path, settings):
    settings.SEAL_DIR = tmp_path / "none"
    settings.DEBUG = False
    with pytest.raises(seal.SealUnavailable, match="make_demo_seal"):
        seal.seal_pdf(plain_pdf, code=CODE)
    settings.DEBUG = True
    assert seal.check_pdf(seal.seal_pdf(plain_pdf, code=CODE)).outcome == seal.AUTHENTIC
    assert (settings.SEAL_DIR / seal.DEMO_SEAL_FILE).exists()


def test_a_pkcs12_seal_with_a_passphrase(plain_pdf, tmp_path, settings):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    demo = seal.make_demo_seal(tmp_path / "source")
    key, cert, chain = pkcs12.load_key_and_certificates(demo.read_bytes(), None)
    production = tmp_path / "seal.p12"
    production.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", key, cert, chain,
                                                                 BestAvailableEncryption(b"tajna lozinka")))
    settings.SEAL_DIR = tmp_path / "production"
    settings.SEAL_PKCS12_PATH = str(production)
    settings.SEAL_PKCS12_PASSPHRASE = "wrong"
    with pytest.raises(seal.SealUnavailable):
        seal.seal_pdf(plain_pdf, code=CODE)
    settings.SEAL_PKCS12_PASSPHRASE = "tajna lozinka"
    seal.reset()
    check = seal.check_pdf(seal.seal_pdf(plain_pdf, code=CODE))
    assert check.outcome == seal.AUTHENTIC
    assert (settings.SEAL_DIR / "certificates" / f"{check.seal_fingerprint}.pem").exists()  # the history


def test_render_pdf_seals_official_documents_only(plain_pdf):
    class Official:
        code = CODE
        verification_url = f"https://example.test/v/{CODE}/"

    official = render_pdf("pdf/test_page.html", {"text": "x", "document": Official()}, lang="sr")
    assert seal.check_pdf(official).code == CODE
    assert seal.check_pdf(render_pdf("pdf/test_page.html", {"text": "x"}, lang="sr")).outcome == seal.UNSEALED


def test_a_code_that_is_not_one_is_refused(plain_pdf):
    with pytest.raises(ValueError):
        seal.seal_pdf(plain_pdf, code="a b)")


# -------------------------------------------------------------------------------------------------------------
# RFC 3161: a TSA on the loopback, in this process (pyHanko's DummyTimeStamper answering HTTP)
# -------------------------------------------------------------------------------------------------------------


def _tsa_material(tmp_path):
    import datetime as dt

    from asn1crypto import keys, x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(key, hashes.SHA256()))
    return (asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
            keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption())))


@pytest.fixture
def local_tsa(tmp_path):
    import asyncio

    from asn1crypto import tsp
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    cert, key = _tsa_material(tmp_path)
    stamper = DummyTimeStamper(tsa_cert=cert, tsa_key=key)
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(self.headers["Content-Type"])
            answer = asyncio.run(stamper.async_request_tsa_response(tsp.TimeStampReq.load(body))).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}/", "cert": cert, "requests": requests}
    server.shutdown()
    server.server_close()


def test_with_a_tsa_configured_the_seal_carries_an_rfc3161_time_stamp(plain_pdf, local_tsa, settings, tmp_path):
    from asn1crypto import pem

    settings.SEAL_TSA_URL = local_tsa["url"]
    sealed = seal.seal_pdf(plain_pdf, code=CODE)
    assert local_tsa["requests"] == ["application/timestamp-query"]
    signature, signed_data = _signed_data(sealed)
    unsigned = signed_data["signer_infos"][0]["unsigned_attrs"]
    assert [a["type"].native for a in unsigned] == ["signature_time_stamp_token"]
    # the TSA is trusted like the seal: its certificate in the history folder
    (seal.certificates_dir() / "tsa.pem").write_bytes(pem.armor("CERTIFICATE", local_tsa["cert"].dump()))
    try:
        check = seal.check_pdf(sealed)
    finally:
        (seal.certificates_dir() / "tsa.pem").unlink()
    assert check.outcome == seal.AUTHENTIC and check.timestamped_at is not None


def test_an_unreachable_tsa_fails_the_seal_instead_of_leaving_it_out(plain_pdf, settings):
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    settings.SEAL_TSA_URL = "http://127.0.0.1:9/"  # discard port: nothing answers
    settings.SEAL_TSA_TIMEOUT_SECONDS = 2
    with pytest.raises((TimestampRequestError, SigningError)):
        seal.seal_pdf(plain_pdf, code=CODE)


# -------------------------------------------------------------------------------------------------------------
# PKCS#11: SoftHSM2 as the token, where it is installed (apt-get install softhsm2)
# -------------------------------------------------------------------------------------------------------------

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.mark.skipif(not shutil.which("softhsm2-util") or not Path(SOFTHSM_MODULE).exists(),
                    reason="SoftHSM2 is not installed (apt-get install softhsm2)")
def test_a_seal_on_a_pkcs11_token(plain_pdf, tmp_path, settings, monkeypatch):
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "noks-seal", "--pin", "1234",
                    "--so-pin", "5678"], check=True, capture_output=True)
    demo = seal.make_demo_seal(tmp_path / "source")
    key, cert, chain = pkcs12.load_key_and_certificates(demo.read_bytes(), None)
    key_pem = tmp_path / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    subprocess.run(["softhsm2-util", "--import", str(key_pem), "--token", "noks-seal", "--label", "seal", "--id",
                    "01", "--pin", "1234"], check=True, capture_output=True)
    library = pkcs11.lib(SOFTHSM_MODULE)
    with library.get_token(token_label="noks-seal").open(rw=True, user_pin="1234") as session:
        for certificate, label in ((cert, "seal"), (chain[0], "ca")):
            session.create_object({
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: label,
                pkcs11.Attribute.ID: b"\x01" if label == "seal" else b"\x02",
                pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
                pkcs11.Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER)})
    settings.SEAL_DIR = tmp_path / "hsm"
    settings.SEAL_PKCS11_MODULE = SOFTHSM_MODULE
    settings.SEAL_PKCS11_TOKEN_LABEL = "noks-seal"
    settings.SEAL_PKCS11_KEY_LABEL = "seal"
    settings.SEAL_PKCS11_PIN = "1234"
    settings.SEAL_PKCS11_RAW_ECDSA = True  # SoftHSM2 signs ECDSA over a digest only
    try:
        sealed = seal.seal_pdf(plain_pdf, code=CODE)
        check = seal.check_pdf(sealed)
    finally:
        seal.reset()
    assert check.outcome == seal.AUTHENTIC and check.seal_name.startswith("NOKS DEMO seal")
    _signature, signed_data = _signed_data(sealed)
    names = {c.chosen.subject.native["common_name"] for c in signed_data["certificates"]}
    assert names == {"NOKS DEMO CA (not for production)", "NOKS DEMO seal (not for production)"}  # from the token


@pytest.fixture(autouse=True)
def _fresh_seal_cache():
    seal.reset()
    yield
    seal.reset()


def test_an_unreadable_copy_of_a_sealed_pdf_is_altered_not_unsealed(sealed):
    """The seal's field name is written "NOKS\\055<code>" (the hyphen octal-escaped): still read as ours."""
    assert b"NOKS\\055" + CODE.encode() in sealed or b"NOKS-" + CODE.encode() in sealed
    broken = sealed.replace(b"xref", b"xreF").replace(b"startxref", b"startxreF")
    check = seal.check_pdf(broken[: len(broken) // 2] + b"\x00" + broken[len(broken) // 2 + 1:])
    assert check.outcome == seal.ALTERED and check.code == CODE


def test_sealing_and_checking_work_where_an_event_loop_is_already_running(plain_pdf):
    """As in a browser-driving test that issues a certificate in-process (Playwright's loop runs in that thread)."""
    import asyncio

    async def inside():
        sealed = seal.seal_pdf(plain_pdf, code=CODE)
        return seal.check_pdf(sealed).outcome

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own, whatever loop this one runs
        assert pool.submit(lambda: asyncio.run(inside())).result() == seal.AUTHENTIC
