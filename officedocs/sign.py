"""Electronic signature (TTE): which key, what the stamp says, and the one call that signs.

The key is read once, in the main process, from the environment (`TTE_P12`, `TTE_PASSPHRASE`,
optional `TTE_TSA`). Rendering workers never get it: they return unsigned bytes and the main
process signs them just before writing. pyHanko itself (slow to import) lives in `pades` and
loads only when there is something to sign or read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .formatting import nip as format_nip
from .formatting import tanggal
from .problems import Problem, os_error_text, signing_warning

WITA = dt.timezone(dt.timedelta(hours=8), "WITA")  # Kabupaten Balangan keeps Central time


def tanggal_wita(moment: dt.datetime) -> str:
    """The date of an aware moment in Balangan, in words: `5 Desember 2026`."""
    return tanggal(moment.astimezone(WITA).date())


class SigningError(Exception):
    """A signing problem, said in one Indonesian line: the build stops with exit 1."""


@dataclass(frozen=True)
class SigningKey:
    """A loaded signing key. Never pickled into worker jobs; `record` is what the build keeps."""

    name: str  # the certificate's common name
    serial_nip: str | None  # the NIP in the certificate's subject, when it carries one
    fingerprint: str  # SHA-256 of the certificate
    tsa: str | None  # the timestamp server's address, without any user and password
    hanko: Any = field(repr=False, compare=False)  # the pyHanko signer (pades.hanko_signer)
    # The TSA's user and password (from TTE_TSA's address): sent to it, never printed or kept.
    tsa_auth: tuple[str, str] | None = field(default=None, repr=False, compare=False)
    # The certificate names an OCSP responder or CRL: with a TSA, the build embeds validation
    # data and a document timestamp (PAdES B-LTA).
    long_term: bool = False

    @property
    def record(self) -> str:
        """What a signed PDF depends on besides its content: the certificate and the TSA."""
        return f"tte:{self.fingerprint}:{self.tsa or ''}"


@dataclass(frozen=True)
class Stamp:
    """The visible stamp of one document: no secret in it."""

    nama: str
    nip: str  # printed form, or "" when unknown
    qr: str  # what the QR code holds


def signer_from_env(
    env: Mapping[str, str], content: Path, output: Path, now: dt.datetime | None = None
) -> SigningKey | None:
    """The signer the environment configures, None when it configures none."""
    p12, passphrase = env.get("TTE_P12"), env.get("TTE_PASSPHRASE")
    if not p12 and passphrase is None:
        return None
    if not p12:
        raise SigningError("TTE_PASSPHRASE diisi tetapi TTE_P12 (berkas kunci .p12) tidak")
    if passphrase is None:
        raise SigningError(f"{p12}: TTE_PASSPHRASE belum diisi, kunci tidak bisa dibuka")
    path = Path(p12)
    for folder in (content, output):
        if path.resolve().is_relative_to(folder.resolve()):
            raise SigningError(
                f"{p12}: kunci penanda tangan tidak boleh di dalam {folder}/ "
                "(bisa ikut tersalin atau terbit); simpan di luar folder proyek"
            )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(
            f"{p12}: berkas kunci tidak bisa dibaca ({os_error_text(exc)})"
        ) from None
    key, cert, extra = _open_p12(p12, data, passphrase)
    _check_validity(p12, cert, now or dt.datetime.now(dt.UTC))
    tsa, tsa_auth = tsa_address(env.get("TTE_TSA") or None)
    if env is os.environ:  # read once: from here on no process of the build holds them
        forget_secrets(("TTE_PASSPHRASE", "TTE_TSA") if tsa_auth else ("TTE_PASSPHRASE",))
    from cryptography.hazmat.primitives.serialization import Encoding

    from .pades import hanko_signer

    der = cert.public_bytes(Encoding.DER)
    signer = SigningKey(
        name=_subject(cert, "COMMON_NAME") or p12,
        serial_nip=_nip_in(_subject(cert, "SERIAL_NUMBER")),
        fingerprint=hashlib.sha256(der).hexdigest(),
        tsa=tsa,
        hanko=hanko_signer(key, cert, extra),
        tsa_auth=tsa_auth,
        long_term=bool(tsa) and _names_revocation(cert),
    )
    _LOADED.add(signer)
    return signer


# The PDF workers are forked from the build, so they start with a copy of its memory and
# environment. They never sign; in every forked child, drop the loaded keys and the
# passphrase so that no worker can reach them.
_LOADED: weakref.WeakSet[SigningKey] = weakref.WeakSet()


def _forget_in_child() -> None:
    os.environ.pop("TTE_PASSPHRASE", None)
    for signer in list(_LOADED):
        object.__setattr__(signer, "hanko", None)
        object.__setattr__(signer, "tsa_auth", None)


def forget_secrets(names: tuple[str, ...]) -> None:
    """Drop the variables `names` from this process for good, before any worker is forked.

    `os.environ.pop` only unlinks a variable: its bytes stay in the environment block the
    process started with, which `/proc/<pid>/environ` shows and every forked worker copies.
    So the value is overwritten in that block too (Linux: its bounds are in /proc/self/stat).
    """
    for name in names:
        os.environ.pop(name, None)
    try:
        stat = Path("/proc/self/stat").read_text()
    except OSError:
        return  # no /proc: nothing shows the block
    fields = stat.rsplit(")", 1)[1].split()
    start, end = int(fields[47]), int(fields[48])  # env_start, env_end (fields 50, 51)
    import ctypes

    block = ctypes.string_at(start, end - start)
    prefixes = tuple(f"{name}=".encode() for name in names)
    offset = 0
    for entry in block.split(b"\0"):
        for prefix in prefixes:
            if entry.startswith(prefix):
                ctypes.memset(start + offset + len(prefix), 0, len(entry) - len(prefix))
        offset += len(entry) + 1


def tsa_address(url: str | None) -> tuple[str | None, tuple[str, str] | None]:
    """TTE_TSA split into the address that may be shown and recorded, and its credentials."""
    if not url:
        return None, None
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        raise SigningError(f"TTE_TSA harus alamat http:// atau https://, bukan {shown!r}")
    if parts.username is None and parts.password is None:
        return url, None
    clean = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return clean, (unquote(parts.username or ""), unquote(parts.password or ""))


def _names_revocation(cert) -> bool:  # noqa: ANN001 - a cryptography certificate
    from cryptography import x509

    for ext in (x509.AuthorityInformationAccess, x509.CRLDistributionPoints):
        try:
            cert.extensions.get_extension_for_class(ext)
            return True
        except x509.ExtensionNotFound:
            pass
    return False


os.register_at_fork(after_in_child=_forget_in_child)


def _open_p12(p12: str, data: bytes, passphrase: str):  # noqa: ANN202 - cryptography types
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError:
        # cryptography says the same for both; a PKCS#12 structure that parses means the
        # file is fine and the passphrase is not.
        if _is_pfx(data):
            raise SigningError(f"{p12}: TTE_PASSPHRASE salah, kunci tidak bisa dibuka") from None
        raise SigningError(f"{p12}: bukan berkas kunci PKCS#12 (.p12/.pfx)") from None
    if key is None or cert is None:
        raise SigningError(f"{p12}: berkas tidak berisi kunci privat dan sertifikatnya")
    return key, cert, extra


def _is_pfx(data: bytes) -> bool:
    from asn1crypto import pkcs12 as apkcs12

    try:
        pfx = apkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native == "data"
    except Exception:  # noqa: BLE001 - any parse failure means "not PKCS#12"
        return False


def _check_validity(p12: str, cert, now: dt.datetime) -> None:  # noqa: ANN001 - x509 cert
    who = _subject(cert, "COMMON_NAME") or "penanda tangan"
    if now > cert.not_valid_after_utc:
        since = tanggal_wita(cert.not_valid_after_utc)
        raise SigningError(f"{p12}: sertifikat {who} sudah kedaluwarsa sejak {since}")
    if now < cert.not_valid_before_utc:
        until = tanggal_wita(cert.not_valid_before_utc)
        raise SigningError(f"{p12}: sertifikat {who} belum berlaku sampai {until}")


def _subject(cert, oid: str) -> str | None:  # noqa: ANN001 - a cryptography certificate
    from cryptography.x509 import NameOID

    attrs = cert.subject.get_attributes_for_oid(getattr(NameOID, oid))
    return str(attrs[0].value) if attrs else None


def _nip_in(value: str | None) -> str | None:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits if len(digits) == 18 else None


def same_person(cert_name: str, printed_name: str) -> bool:
    """Certificates carry the bare name; pejabat.yaml adds degrees after a comma."""

    def bare(name: str) -> str:
        return " ".join(name.split(",")[0].split()).casefold()

    return bare(cert_name) == bare(printed_name)


def make_stamp(signer: SigningKey, printed_name: str, printed_nip: str, qr: str) -> Stamp:
    """The stamp names whoever holds the key; the NIP comes from the certificate when it
    carries one, else from pejabat.yaml when the certificate is that person's."""
    nip = signer.serial_nip or (printed_nip if same_person(signer.name, printed_name) else None)
    return Stamp(nama=signer.name, nip=f"NIP. {format_nip(nip)}" if nip else "", qr=qr)


def qr_content(situs: str | None, page: str, dokumen: str, date: dt.date, nama: str) -> str:
    """The document's web page when the office has a site; else what identifies it."""
    if situs:
        return f"{situs.rstrip('/')}/{page}"
    return f"{dokumen}\nTanggal: {tanggal(date)}\nPenanda tangan: {nama}"


def sign_pdf(pdf: bytes, signer: SigningKey, stamp: Stamp, now: dt.datetime | None = None) -> bytes:
    """The PDF with a PAdES signature (B-B, or B-T with a TSA) drawn in the reserved box."""
    from .pades import PadesError, apply_signature

    now = now or dt.datetime.now(dt.UTC)
    params = {
        "url": stamp.qr,
        "nama": stamp.nama,
        "nip": stamp.nip,
        "tanggal": tanggal_wita(now),
    }
    try:
        return apply_signature(pdf, signer, params)
    except PadesError as exc:
        raise SigningError(str(exc)) from None


def stamp_for(site, folder: str, doc, signer: SigningKey, warnings: list[Problem]) -> Stamp:  # noqa: ANN001
    """The stamp of one final document (an SopDoc or LaporanDoc of `site`)."""
    from .views import judul_laporan  # the report's printed title

    masa = doc.signer.masa
    if not same_person(signer.name, masa.nama):
        # Signing an old sheet with today's key is possible, but a reader should not be
        # surprised: the stamp names the key holder, the printed block the official of the day.
        message = (
            f"{folder}/{doc.id}.pdf: sertifikat TTE atas nama {signer.name}, "
            f"tetapi penanda tangan tercetak {masa.nama}"
        )
        warnings.append(signing_warning(doc.path, message))
    if folder == "sop":
        dokumen = f"SOP Nomor {doc.sop.nomor}\n{doc.sop.nama}"
    else:
        dokumen = judul_laporan(doc)
    qr = qr_content(site.kantor.situs, f"{folder}/{doc.id}.html", dokumen, doc.date, signer.name)
    return make_stamp(signer, masa.nama, masa.nip, qr)


def signature_info(path: Path) -> dict | None:
    """Signer, time and SHA-256 of a published PDF, for its web page; None when unsigned."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"/ByteRange" not in data:  # cheap: most PDFs on a site without a key are unsigned
        return None
    from .pades import last_signature

    found = last_signature(data)
    if found is None:
        return None
    name, when = found
    local = when.astimezone(WITA) if when else None
    return {
        "nama": name,
        "waktu": f"{tanggal(local.date())} {local:%H.%M} WITA" if local else "-",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
