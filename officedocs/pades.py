"""pyHanko's side of signing: the key as a pyHanko signer, the PAdES signature with its
stamp, and reading a signature back. Imported only when a PDF is signed or read: pyHanko
takes a second or more to import."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from asn1crypto import keys, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .stamp import NoStampBox, stamp_box, stamp_style

FIELD = "TTE"


def _asn1(cert) -> x509.Certificate:  # noqa: ANN001 - a cryptography certificate
    return x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def hanko_signer(key, cert, extra) -> signers.SimpleSigner:  # noqa: ANN001 - cryptography objects
    return _LoadedKeySigner(
        key=key,
        signing_cert=_asn1(cert),
        signing_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in extra]),
    )


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko re-parses the key for every raw signature (twice per PDF, ~0.1 s each for
    RSA); this keeps the one parsed when the key file was opened."""

    def __init__(self, *, key, **kwargs) -> None:  # noqa: ANN001 - a cryptography private key
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)["algorithm"].native
        algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism.startswith("sha") and mechanism.endswith("_rsa"):
            return self._key.sign(data, PKCS1v15(), algo)
        if mechanism.endswith("_ecdsa"):
            return self._key.sign(data, ECDSA(algo))
        return super().sign_raw(data, digest_algorithm)


class PadesError(Exception):
    """Signing failed, said in one Indonesian line (`sign.sign_pdf` says it as SigningError)."""


def apply_signature(pdf: bytes, signer: Any, params: dict[str, str]) -> bytes:
    """`signer`: a `sign.SigningKey` (name, tsa, hanko); not imported here: `sign` imports this
    module, not the other way round."""
    try:
        page, box = stamp_box(pdf)
    except NoStampBox as exc:
        raise PadesError(str(exc)) from None
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer.name,
        reason="Pengesahan dokumen resmi",
        # B-LTA: the OCSP responses and CRLs of the chain in the file (DSS), then a document
        # timestamp over them, so the file can be checked after the certificate expires.
        embed_validation_info=signer.long_term,
        use_pades_lta=signer.long_term,
        validation_context=signing_context(signer) if signer.long_term else None,
    )
    timestamper = timestamper_for(signer)
    pdf_signer = signers.PdfSigner(
        meta,
        signer.hanko,
        timestamper=timestamper,
        stamp_style=stamp_style(),
        new_field_spec=fields.SigFieldSpec(FIELD, on_page=page, box=box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # PDF/A wants the Info dictionary and the XMP packet to agree. pyHanko writes its own name
    # as the XMP producer but appends it to the Info one; name it alone in both.
    info = writer.trailer["/Info"].get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.update_container(info)
    try:
        out = pdf_signer.sign_pdf(writer, appearance_text_params=params)
    except (timestamps.TimestampRequestError, OSError) as exc:
        raise PadesError(
            f"server cap waktu {signer.tsa} tidak menjawab dengan benar: "
            f"{redact(str(exc), signer.tsa_auth)}"
        ) from None
    except HankoSigningError as exc:
        why = (
            "sertifikat penanda tangan tidak lolos pemeriksaan (dicabut, atau layanan OCSP/CRL "
            "penerbitnya tidak menjawab)"
            if signer.long_term and "could not be validated" in str(exc)
            else redact(str(exc), signer.tsa_auth)
        )
        raise PadesError(f"penandatanganan gagal: {why}") from None
    return out.getvalue()


def timestamper_for(signer_or_url, auth: tuple[str, str] | None = None):  # noqa: ANN001, ANN201
    """pyHanko's client of the configured TSA (credentials as HTTP basic auth), or None."""
    url = getattr(signer_or_url, "tsa", signer_or_url)
    auth = getattr(signer_or_url, "tsa_auth", auth)
    return timestamps.HTTPTimeStamper(url, timeout=30, auth=auth) if url else None


def signing_context(signer: Any) -> ValidationContext:
    """Where the build gathers validation data while signing: online, against the chain the
    key file carries and the shipped anchors."""
    from .trust import shipped

    chain = list(signer.hanko.cert_registry)
    roots = [c for c in chain if c.self_issued] + [a.cert for a in shipped()]
    return ValidationContext(
        trust_roots=roots, other_certs=chain, allow_fetching=True, revocation_mode="hard-fail"
    )


def redact(text: str, auth: tuple[str, str] | None) -> str:
    """An error's text without the TSA user and password, should a library have put the URL
    in it."""
    for secret in auth or ():
        if secret:
            text = text.replace(secret, "***")
    return text


def last_signature(data: bytes) -> tuple[str, dt.datetime | None] | None:
    """The last signature's signer and self-reported time; None for none or a damaged file.
    Document timestamps (B-LTA, perpanjang) are not signatures: they name the TSA."""
    from .validation import is_doc_ts

    try:
        sigs = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - a damaged file is listed as unsigned, verify says more
        return None
    sigs = [s for s in sigs if not is_doc_ts(s)]
    if not sigs:
        return None
    sig = sigs[-1]
    return sig.signer_cert.subject.native.get("common_name", "?"), sig.self_reported_timestamp
