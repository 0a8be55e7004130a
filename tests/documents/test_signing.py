"""A document declared `sign: true` carries a valid pyHanko signature made
with the configured PKCS#12 certificate; without one it renders unsigned."""

import datetime as dt
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from engine.documents.models import Document
from engine.documents.selectors import document_verify
from engine.documents.services import document_request

from .conftest import DEFINITION
from .helpers import committed, pdf_text

SIGNED_DEFINITION = DEFINITION.replace("    number: file_no\n", "    number: file_no\n    sign: true\n")


@pytest.fixture
def version_files(version_files):
    return {**version_files, "definition.yaml": SIGNED_DEFINITION}


@pytest.fixture
def certificate(tmp_path, settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "禹州市总工会 测试")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "seal.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", key, cert, None, serialization.BestAvailableEncryption(b"secret")
        )
    )
    pem = tmp_path / "seal.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.DOCUMENT_SIGNING_PKCS12 = str(path)
    settings.DOCUMENT_SIGNING_PASSPHRASE = "secret"
    return load_cert_from_pemder(str(pem))


def read(document):
    with document.file.open("rb") as fh:
        return fh.read()


def test_signed_document_validates_and_verifies(case, certificate, inline_rendering):
    document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.RENDERED, document.error
    assert document.signed
    content = read(document)
    signatures = PdfFileReader(io.BytesIO(content)).embedded_signatures
    assert len(signatures) == 1
    status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[certificate]))
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"
    assert "张喆" in pdf_text(content)
    result = document_verify(short_code=document.short_code, content=content)
    assert result.genuine and result.signed


def test_without_a_certificate_the_document_renders_unsigned(case, settings, inline_rendering):
    settings.DOCUMENT_SIGNING_PKCS12 = ""
    document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.RENDERED and not document.signed
    assert PdfFileReader(io.BytesIO(read(document))).embedded_signatures == []
