"""`python build.py perpanjang [FILE.pdf ...] [--trust CERT.pem]`: renew the proof of time of
archived signed PDFs.

A signed PDF stays checkable only while its last timestamp's certificate is valid. Before it
expires, this adds the validation data of that timestamp (fetched from its OCSP responder or
CRL) and a fresh document timestamp from the TSA in `TTE_TSA`, as an incremental update: the
signatures inside stay untouched. No signing key is needed.

Without FILE arguments: every signed PDF under output/ whose last timestamp's certificate ends
within a year (or that has no document timestamp yet). Exit 0 all renewed, 1 one failed, 2
wrong usage or no TTE_TSA.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import sys
from pathlib import Path

from .atomic import write_atomic
from .problems import os_error_text
from .sign import SigningError, tsa_address

RENEW_BEFORE = dt.timedelta(days=365)


def main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(
        prog="build.py perpanjang",
        description="cap waktu dokumen baru untuk PDF bertanda tangan (arsip jangka panjang)",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE.pdf")
    p.add_argument("--output", type=Path, default=Path("output"), help="folder output/")
    p.add_argument("--content", type=Path, default=Path("content"), help="folder isi")
    p.add_argument("--trust", action="append", type=Path, default=[], metavar="CERT.pem")
    args = p.parse_args(argv)
    try:
        tsa, auth = tsa_address(os.environ.get("TTE_TSA") or None)
    except SigningError as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return 2
    if not tsa:
        print("gagal: TTE_TSA (alamat server cap waktu) belum diatur", file=sys.stderr)
        return 2
    from .problems import ContentError
    from .trust import TrustFileError, anchors
    from .verify import office_anchor_files

    try:
        roots = [a.cert for a in anchors(office_anchor_files(args.content), args.trust)]
    except ContentError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        return 2
    except TrustFileError as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return 2
    files = args.files or due(args.output, dt.datetime.now(dt.UTC))
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL + 1)
    from .buildstate import BuildLock, state_folder

    state = state_folder(args.content, args.output)
    with BuildLock(state, args.output, wait=True):  # not while a build writes output/
        failed, renewed = 0, []
        for path in files:
            try:
                until = renew(path, tsa, auth, roots)
                print(
                    f"{path}: cap waktu dokumen baru dari {tsa}; "
                    f"sertifikatnya berlaku sampai {until}"
                )
                renewed.append(path)
            except SigningError as exc:
                print(f"{path}: gagal: {exc}", file=sys.stderr)
                failed += 1
        record_renewals(args.output, state, renewed)
    print(f"{len(files) - failed} PDF diperpanjang, {failed} gagal")
    return 1 if failed else 0


def due(output: Path, now: dt.datetime) -> list[Path]:
    """Signed PDFs under output/ whose proof of time should be renewed now."""
    found = []
    for path in sorted(output.glob("*/*.pdf")):
        data = path.read_bytes()
        if b"/ByteRange" not in data:
            continue
        until = last_timestamp_until(data)
        if until is None or until - now <= RENEW_BEFORE or b"/DocTimeStamp" not in data:
            found.append(path)
    return found


def last_timestamp_until(data: bytes) -> dt.datetime | None:
    """When the certificate of the file's last timestamp ends (None: no timestamp)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from .validation import is_doc_ts, timestamp_token, token_facts

    ends = []
    for sig in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures:
        token = sig.signed_data if is_doc_ts(sig) else timestamp_token(sig)
        if token is not None:
            when, cert = token_facts(token)
            if cert is not None:
                ends.append((when, cert.not_valid_after))
    return max(ends)[1] if ends else None


def renew(path: Path, tsa: str, auth: tuple[str, str] | None, roots: list) -> str:  # noqa: ANN001
    """Validation data of the last timestamp, then a new document timestamp; written in place
    atomically. Returns when the new timestamp's certificate ends, in words."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko_certvalidator import ValidationContext

    from .formatting import tanggal
    from .pades import redact, timestamper_for
    from .validation import carried_certs

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"tidak bisa dibaca ({os_error_text(exc)})") from None
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if not reader.embedded_signatures:
        raise SigningError("tidak ada tanda tangan elektronik di berkas ini")
    context = ValidationContext(
        trust_roots=roots,
        other_certs=carried_certs(reader.embedded_signatures),
        allow_fetching=True,
        revocation_mode="hard-fail",
    )
    stamper = signers.PdfTimeStamper(timestamper_for(tsa, auth))
    out = io.BytesIO()
    try:
        if last_timestamp_until(data) is None:  # B-B: a first document timestamp
            stamper.timestamp_pdf(
                IncrementalPdfFileWriter(io.BytesIO(data)), "sha256", context, output=out
            )
        else:
            stamper.update_archival_timestamp_chain(reader, context, in_place=False, output=out)
    except Exception as exc:  # noqa: BLE001 - network, TSA and validation failures alike
        raise SigningError(f"cap waktu tidak bisa ditambahkan ({redact(str(exc), auth)})") from None
    _replace(path, out.getvalue())
    until = last_timestamp_until(out.getvalue())
    return tanggal(until.date()) if until else "?"


def record_renewals(output: Path, state: Path, renewed: list[Path]) -> None:
    """The build's record learns the renewed PDFs' new digests: to the next build they are
    the signed PDFs of unchanged documents (kept, their pages and periksa.html updated), not
    damaged outputs to make again."""
    from .deps import Manifest, file_digest
    from .writer import Writer

    manifest = Manifest(output, state)
    changed = False
    for path in renewed:
        try:
            rel = path.resolve().relative_to(output.resolve()).as_posix()
        except ValueError:
            continue  # a PDF outside output/: nothing recorded about it
        record = manifest.records.get(rel)
        if record is not None and rel in record.outputs:
            record.outputs[rel] = file_digest(path)
            st = path.stat()
            manifest.stats[rel] = [st.st_size, st.st_mtime_ns]
            changed = True
    if changed:
        writer = Writer(output)
        for out in manifest.outputs():
            writer.keep(out)
        writer.write_manifest(manifest)


def _replace(path: Path, data: bytes) -> None:
    """The renewed PDF in place of the old one, whole or not at all, with the old one's mode."""
    write_atomic(path, data, mode=path.stat().st_mode & 0o777)
