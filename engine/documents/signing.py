"""Digital signatures over documents declared `sign: true` (e.g. contracts).

pyHanko appends the signature as an incremental update, so the rendered PDF
(and its PDF/A structure) stays byte-identical inside the signed file. The
stored SHA-256 is taken over the signed bytes: that is the file people get."""

import io
from functools import lru_cache

from django.conf import settings

SIGNATURE_FIELD = "UnionSeal"


class SigningNotConfigured(RuntimeError):
    pass


def signing_configured() -> bool:
    return bool(getattr(settings, "DOCUMENT_SIGNING_PKCS12", ""))


@lru_cache(maxsize=4)
def _signer(path: str, passphrase: str):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase.encode() or None)
    if signer is None:
        raise SigningNotConfigured(f"cannot load the signing certificate from {path}")
    return signer


def sign_pdf(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    if not signing_configured():
        raise SigningNotConfigured("DOCUMENT_SIGNING_PKCS12 is not set")
    # pyHanko loads only in processes that sign (importing it takes ~1.7 s here).
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = _signer(
        str(settings.DOCUMENT_SIGNING_PKCS12), getattr(settings, "DOCUMENT_SIGNING_PASSPHRASE", "")
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, reason=reason, location=location or None, md_algorithm="sha256"
    )
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, output=out)
    return out.getvalue()
