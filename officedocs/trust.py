"""Whom `verify` trusts: the national root the project ships, the office's own anchors named in
`kantor.yaml` (`tte: jangkar:`), and any `--trust` certificate given on the command line.

The shipped root is pinned by its SHA-256: a file that does not match is a broken install,
never a silently different trust anchor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509

ANCHORS = Path(__file__).resolve().parent / "anchors"
# Root CA Indonesia DS G1 (Kementerian Komunikasi dan Informatika), serial 7979107799150453422,
# valid 2018-08-28 to 2038-08-23: the root of every BSrE signing certificate. Taken from a
# BSrE-signed PDF; BSrE's own verification service publishes the same fingerprint.
PINNED = {
    "root-ca-indonesia-ds-g1.pem": (
        "B5F36672FD7CFD401E01EF640B2FE61F816F32F447B280B76F536244CF42FCDF"
    ),
}


class TrustFileError(Exception):
    """A trust anchor file that cannot be used, said in one Indonesian line."""


@dataclass(frozen=True)
class Anchor:
    cert: x509.Certificate
    source: str  # "bawaan", "kantor.yaml" or "--trust"

    @property
    def name(self) -> str:
        return self.cert.subject.native.get("common_name", self.cert.subject.human_friendly)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.cert.dump()).hexdigest().upper()


def shipped() -> list[Anchor]:
    """The anchors the project carries, each checked against its pinned fingerprint."""
    found = []
    for name, pin in PINNED.items():
        (cert,) = read_certificates(ANCHORS / name)
        anchor = Anchor(cert, "bawaan")
        if anchor.fingerprint != pin:
            raise TrustFileError(
                f"{ANCHORS / name}: sidik jari SHA-256 {anchor.fingerprint} bukan {pin}; "
                "berkas jangkar bawaan rusak atau diganti, pasang ulang program"
            )
        found.append(anchor)
    return found


def read_certificates(path: Path) -> list[x509.Certificate]:
    """Certificates from PEM (one or more) or DER; a clear error for anything else."""
    from .problems import os_error_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustFileError(f"{path}: tidak bisa dibaca ({os_error_text(exc)})") from None
    try:
        if pem.detect(data):
            certs = [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True)]
        else:
            certs = [x509.Certificate.load(data)]
        for cert in certs:
            cert.native  # noqa: B018 - parse now, so a bad file fails here
    except Exception:  # noqa: BLE001 - any parse failure: not a certificate
        raise TrustFileError(f"{path}: bukan sertifikat (PEM atau DER)") from None
    if not certs:
        raise TrustFileError(f"{path}: tidak berisi sertifikat")
    return certs


def anchors(office: list[Path], extra: list[Path]) -> list[Anchor]:
    """Every trust anchor of a verify run: shipped, the office's (`kantor.yaml`), --trust."""
    found = shipped()
    for path in office:
        found += [Anchor(c, "kantor.yaml") for c in read_certificates(path)]
    for path in extra:
        found += [Anchor(c, "--trust") for c in read_certificates(path)]
    return found
