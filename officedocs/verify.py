"""`python build.py verify FILE.pdf [...] [--trust CERT.pem]`: are the signatures still good?

Says in plain Indonesian, per signature: intact or not, trusted against what, who signed and
when, the timestamp, and whether the whole file is covered or what came after the signature.
Exit 0 only when every signature of every file holds; 1 when one fails or a file has none;
2 when a file is not a PDF (or cannot be read) or a --trust file is not a certificate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .formatting import tanggal
from .sign import WITA, why

OK, FAILED, NOT_PDF = 0, 1, 2
Say = Callable[[str], None]

# What an update after the signature did, from pyHanko's difference analysis.
CHANGES = {
    ModificationLevel.NONE: "tidak ada perubahan",
    ModificationLevel.LTA_UPDATES: "hanya data validasi atau cap waktu arsip (boleh)",
    ModificationLevel.FORM_FILLING: "hanya tanda tangan lain atau isian formulir (boleh)",
    ModificationLevel.ANNOTATIONS: "catatan atau coretan (anotasi) ditambahkan di atas halaman",
    ModificationLevel.OTHER: "isi dokumen diubah (teks, angka atau gambar halaman)",
}


class TrustFileError(Exception):
    pass


def load_trust(paths: list[Path]) -> list[x509.Certificate]:
    """Certificates from PEM (one or more) or DER files; a clear error for anything else."""
    certs = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrustFileError(f"{path}: tidak bisa dibaca ({why(exc)})") from None
        try:
            if pem.detect(data):
                certs += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True)]
            else:
                cert = x509.Certificate.load(data)
                cert.native  # noqa: B018 - parse now, so a bad file fails here
                certs.append(cert)
        except Exception:  # noqa: BLE001 - any parse failure: not a certificate
            raise TrustFileError(f"{path}: bukan sertifikat (PEM atau DER)") from None
    return certs


def verify_files(paths: list[Path], trust: list[x509.Certificate], say: Say = print) -> int:
    # pyHanko logs what it finds wrong with tracebacks; the report below says it in words.
    logger = logging.getLogger("pyhanko")
    level, logger.level = logger.level, logging.CRITICAL + 1
    try:
        return max((verify_file(p, trust, say) for p in paths), default=OK)
    finally:
        logger.setLevel(level)


def verify_file(path: Path, trust: list[x509.Certificate], say: Say = print) -> int:
    try:
        data = path.read_bytes()
    except OSError as exc:
        say(f"{path}: tidak bisa dibaca ({why(exc)})")
        return NOT_PDF
    if b"%PDF-" not in data[:1024]:
        say(f"{path}: bukan berkas PDF")
        return NOT_PDF
    try:
        sigs = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is reported, never a traceback
        say(f"{path}: PDF rusak, tidak bisa dibaca ({exc})")
        return FAILED
    if not sigs:
        say(f"{path}: GAGAL: tidak ada tanda tangan elektronik di berkas ini")
        return FAILED
    say(f"{path}: {len(sigs)} tanda tangan, SHA-256 {hashlib.sha256(data).hexdigest()}")
    results = [
        _verify_signature(n, len(sigs), sig, len(data), trust, say) for n, sig in enumerate(sigs, 1)
    ]
    good = all(results)
    say(f"{path}: {'BAIK: semua tanda tangan berlaku' if good else 'GAGAL'}")
    return OK if good else FAILED


@dataclass
class _Check:
    holds: bool
    text: str


def _verify_signature(
    n: int, total: int, sig: EmbeddedPdfSignature, size: int, trust: list, say: Say
) -> bool:
    say(f"  tanda tangan {n} dari {total} (ruas {sig.field_name}):")
    roots = trust or [sig.signer_cert]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    # Without --trust the timestamp, too, is checked against the certificates it carries.
    ts_roots = trust or _timestamp_certs(sig) or roots
    ts_context = ValidationContext(trust_roots=ts_roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context, ts_validation_context=ts_context)
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a failed one
        say(f"    GAGAL: tanda tangan tidak bisa diperiksa ({exc})")
        return False
    checks = [
        _intact(status),
        _trusted(status, bool(trust)),
        _timestamp(status, bool(trust)),
        _coverage(status, sig, size),
    ]
    name = status.signing_cert.subject.native.get("common_name", "?")
    say(f"    penanda tangan: {name}")
    when = status.signer_reported_dt
    say(
        f"    waktu tanda tangan: {_when(when)} (menurut komputer penanda tangan)"
        if when
        else "    waktu tanda tangan: tidak dicantumkan"
    )
    for check in checks:
        say(f"    {check.text}")
    return all(c.holds for c in checks)


def _intact(status: PdfSignatureStatus) -> _Check:
    if not status.intact:
        return _Check(False, "utuh: TIDAK: isi yang ditandatangani berubah sesudah penandatanganan")
    if not status.valid:
        return _Check(False, "utuh: TIDAK: tanda tangan tidak cocok dengan isinya")
    return _Check(True, "utuh: ya, isi yang ditandatangani tidak berubah")


def _trusted(status: PdfSignatureStatus, given: bool) -> _Check:
    against = (
        "sertifikat --trust yang diberikan"
        if given
        else "sertifikat yang tertanam di tanda tangan itu sendiri (penerbitnya tidak diperiksa; "
        "pakai --trust CA.pem untuk memeriksanya)"
    )
    if status.trusted:
        return _Check(True, f"sah: ya, terhadap {against}")
    problem = status.trust_problem_indic
    why = f" ({problem.name.lower().replace('_', ' ')})" if problem else ""
    return _Check(False, f"sah: TIDAK terhadap {against}{why}")


def _timestamp_certs(sig: EmbeddedPdfSignature) -> list[x509.Certificate]:
    attrs = sig.signer_info["unsigned_attrs"]
    for attr in attrs if attrs.native is not None else []:
        if attr["type"].native == "signature_time_stamp_token":
            token = attr["values"][0]["content"]
            return [c.chosen for c in token["certificates"] if c.name == "certificate"]
    return []


def _timestamp(status: PdfSignatureStatus, given: bool) -> _Check:
    ts = status.timestamp_validity
    if ts is None:
        return _Check(True, "cap waktu: tidak ada")
    tsa = ts.signing_cert.subject.native.get("common_name", "?")
    if not (ts.intact and ts.valid):
        return _Check(False, f"cap waktu: TIDAK utuh ({tsa})")
    trust = "dipercaya" if ts.trusted else "penerbitnya TIDAK dipercaya"
    if not given:
        trust += " (terhadap sertifikat yang dibawa cap waktu itu sendiri)"
    return _Check(ts.trusted, f"cap waktu: {_when(ts.timestamp)} dari {tsa}, {trust}")


def _coverage(status: PdfSignatureStatus, sig: EmbeddedPdfSignature, size: int) -> _Check:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return _Check(True, "cakupan: seluruh berkas")
    _, _, start2, len2 = (int(v) for v in sig.byte_range)
    added = size - (start2 + len2)
    level = status.modification_level
    what = (
        CHANGES.get(level, "perubahan yang tidak dikenal")
        if level is not None
        else ("perubahan yang mencurigakan")
    )
    allowed = level is not None and level <= ModificationLevel.FORM_FILLING and status.docmdp_ok
    head = "cakupan: bukan seluruh berkas" if allowed else "cakupan: TIDAK seluruh berkas"
    return _Check(allowed, f"{head}: {added} bait ditambahkan sesudah tanda tangan: {what}")


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone(WITA)
    return f"{tanggal(local.date())} pukul {local:%H.%M.%S} WITA"


def main(argv: list[str]) -> int:
    """The `verify` subcommand: its own arguments, so the build's options do not apply."""
    import argparse
    import sys

    p = argparse.ArgumentParser(
        prog="build.py verify", description="periksa tanda tangan elektronik PDF"
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--trust",
        action="append",
        type=Path,
        default=[],
        metavar="CERT.pem",
        help="sertifikat CA yang dipercaya (boleh berulang)",
    )
    args = p.parse_args(argv)  # exits 2 on wrong usage
    try:
        trust = load_trust(args.trust)
    except TrustFileError as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return NOT_PDF
    return verify_files(args.files, trust)
