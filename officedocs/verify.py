"""`python build.py verify FILE.pdf [...] [--trust CERT.pem] [--json] [--daring]`.

Says in plain Indonesian, per signature: its verdict, the PAdES level, who signed, when and by
whose clock, whether the content is intact, which trust anchor its chain ends at, whether
revocation was checked (from data in the file; network only with --daring), the timestamp, and
what was added after it. Exit status (README, Signing):
0 every signature of every file is good; 1 one fails, or a file has none;
2 a file is not a PDF (or cannot be read), or a trust anchor file is not a certificate;
3 every signature is intact but one is not trusted (`tidak terpercaya`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

from .formatting import tanggal
from .problems import os_error_text
from .sign import WITA, tanggal_wita
from .trust import Anchor, TrustFileError, anchors
from .validation import FAILED, GOOD, UNTRUSTED, Settings, Verdict, check_pdf

OK, FAILED_EXIT, NOT_PDF, UNTRUSTED_EXIT = 0, 1, 2, 3
SEVERITY = {OK: 0, UNTRUSTED_EXIT: 1, FAILED_EXIT: 2, NOT_PDF: 3}
EXPIRY_WARNING = dt.timedelta(days=365)
Say = Callable[[str], None]


def verify_files(
    paths: list[Path],
    trust: list[Anchor],
    say: Say = print,
    *,
    now: dt.datetime | None = None,
    online: bool = False,
    as_json: bool = False,
) -> int:
    settings = Settings(tuple(trust), now or dt.datetime.now(dt.UTC), online)
    # pyHanko logs what it finds wrong with tracebacks; the report says it in words.
    logger = logging.getLogger("pyhanko")
    level, logger.level = logger.level, logging.CRITICAL + 1
    try:
        reports = [verify_file(p, settings) for p in paths]
    finally:
        logger.setLevel(level)
    if as_json:
        say(json.dumps({"berkas": reports}, ensure_ascii=False, indent=2, default=str))
    else:
        for report in reports:
            for line in _text(report):
                say(line)
    return max((r["exit"] for r in reports), key=SEVERITY.__getitem__, default=OK)


def verify_file(path: Path, settings: Settings) -> dict:
    """One file's report: its verdict, exit status and each signature's findings."""
    report: dict = {"path": str(path), "signatures": [], "warnings": []}
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _verdict(report, NOT_PDF, f"tidak bisa dibaca ({os_error_text(exc)})")
    if b"%PDF-" not in data[:1024]:
        return _verdict(report, NOT_PDF, "bukan berkas PDF")
    report["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        verdicts = check_pdf(data, settings)
    except Exception as exc:  # noqa: BLE001 - a damaged PDF is reported, never a traceback
        return _verdict(report, FAILED_EXIT, f"GAGAL: PDF rusak, tidak bisa dibaca ({exc})")
    if not verdicts:
        return _verdict(report, FAILED_EXIT, "GAGAL: tidak ada tanda tangan elektronik")
    report["signatures"] = [_as_dict(v) for v in verdicts]
    report["warnings"] = _expiry(verdicts, settings.now)
    kinds = {v.verdict for v in verdicts}
    if FAILED in kinds:
        return _verdict(report, FAILED_EXIT, "GAGAL")
    if UNTRUSTED in kinds:
        return _verdict(
            report, UNTRUSTED_EXIT, "tidak terpercaya: penerbit sertifikat tidak dikenal"
        )
    return _verdict(report, OK, "BAIK: semua tanda tangan berlaku")


def _verdict(report: dict, code: int, words: str) -> dict:
    report["exit"], report["verdict"] = code, words
    return report


def _expiry(verdicts: list[Verdict], now: dt.datetime) -> list[str]:
    """The last timestamp carries the file's proof of time: say when it needs renewing."""
    stamps = [v.timestamp for v in verdicts if v.timestamp is not None]
    if not stamps:
        return []
    last = max(stamps, key=lambda s: s.time)
    until = last.tsa_valid_until
    if now < until <= now + EXPIRY_WARNING:
        return [
            f"peringatan: sertifikat cap waktu terakhir ({last.tsa}) berakhir "
            f"{tanggal_wita(until)}: "
            "jalankan `python build.py perpanjang` sebelum tanggal itu agar tanda tangan tetap "
            "bisa diperiksa"
        ]
    return []


def _as_dict(v: Verdict) -> dict:
    ts = v.timestamp
    return {
        "field": v.field,
        "kind": v.kind,
        "verdict": v.verdict,
        "level": v.level,
        "signer": v.signer,
        "signing_time": v.time.isoformat() if v.time else None,
        "time_source": v.time_source,
        "intact": v.intact,
        "trusted": v.trusted,
        "trust_anchor": v.anchor,
        "revocation": v.revocation,
        "timestamp": None
        if ts is None
        else {
            "tsa": ts.tsa,
            "time": ts.time.isoformat(),
            "trusted": ts.trusted,
            "tsa_certificate_valid_until": ts.tsa_valid_until.isoformat(),
            "revocation": ts.revocation,
        },
        "after": v.after,
        "added_after": v.added_after,
        "problems": v.problems,
        "untrusted": v.distrust,
        "warnings": v.warnings,
    }


def _text(report: dict) -> list[str]:
    path, sigs = report["path"], report["signatures"]
    if not sigs:
        return [f"{path}: {report['verdict']}"]
    lines = [f"{path}: {len(sigs)} tanda tangan, SHA-256 {report['sha256']}"]
    for n, sig in enumerate(sigs, 1):
        lines += _sig_text(n, len(sigs), sig)
    lines += [f"  {w}" for w in report["warnings"]]
    lines.append(f"{path}: {report['verdict']}")
    return lines


def _sig_text(n: int, total: int, s: dict) -> list[str]:
    head = f"  {s['kind']} {n} dari {total} (ruas {s['field']}): {_result(s)}"
    when = _when(s["signing_time"]) if s["signing_time"] else "tidak dicantumkan"
    lines = [head, f"    bentuk: {s['level']}"]
    if s["kind"] == "tanda tangan":
        lines.append(f"    penanda tangan: {s['signer']}")
        lines.append(f"    waktu tanda tangan: {when} ({s['time_source']})")
    problems = [p for p in s["problems"] if not p.startswith("sesudah")]
    if s["intact"]:
        lines.append("    utuh: ya, isi yang ditandatangani tidak berubah")
    else:
        lines.append(f"    utuh: TIDAK: {problems.pop(0) if problems else 'tidak bisa diperiksa'}")
    if s["trusted"]:
        lines.append(f"    sah: ya, berantai ke {s['trust_anchor']}")
    elif s["untrusted"]:
        lines.append("    sah: tidak terpercaya: penerbit sertifikat tidak dikenal")
    lines.append(f"    pencabutan sertifikat: {s['revocation']}")
    ts = s["timestamp"]
    if ts is not None:
        trusted = "dipercaya" if ts["trusted"] else "TIDAK dipercaya"
        until = dt.datetime.fromisoformat(ts["tsa_certificate_valid_until"])
        lines.append(
            f"    cap waktu: {_when(ts['time'])} dari {ts['tsa']}, {trusted}; sertifikatnya "
            f"berlaku sampai {tanggal_wita(until)}"
        )
        if s["kind"] == "tanda tangan":
            lines.append(f"    pencabutan sertifikat cap waktu: {ts['revocation']}")
    lines.append(f"    sesudah tanda tangan: {s['after']}")
    lines += [f"    GAGAL: {p}" for p in problems]
    lines += [f"    tidak terpercaya: {d}" for d in s["untrusted"]]
    lines += [f"    peringatan: {w}" for w in s["warnings"]]
    return lines


def _result(s: dict) -> str:
    if s["verdict"] == GOOD:
        return "BAIK"
    if s["verdict"] == UNTRUSTED:
        return "tidak terpercaya: penerbit sertifikat tidak dikenal"
    return "GAGAL"


def _when(moment: str | dt.datetime) -> str:
    moment = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    local = moment.astimezone(WITA)
    return f"{tanggal(local.date())} pukul {local:%H.%M.%S} WITA"


def office_anchor_files(content: Path) -> list[Path]:
    """The files `kantor.yaml` names under `tte: jangkar:` (relative to content/)."""
    path = content / "kantor.yaml"
    if not path.is_file():
        return []
    from .load import load_file
    from .problems import ContentError, Problems
    from .schema import Kantor

    problems = Problems()
    loaded = load_file(path, Kantor, problems)
    if problems.errors or loaded is None or loaded.value is None:
        raise ContentError(problems.errors)
    return [content / name for name in loaded.value.tte.jangkar]


def main(argv: list[str]) -> int:
    """The `verify` subcommand: its own arguments, so the build's options do not apply."""
    import argparse
    import sys

    from .problems import ContentError

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
        help="sertifikat CA yang juga dipercaya (boleh berulang)",
    )
    p.add_argument("--json", action="store_true", help="laporan sebagai JSON, untuk program")
    p.add_argument(
        "--daring",
        action="store_true",
        help="boleh mengambil data pencabutan dari internet (bawaan: hanya dari berkas)",
    )
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="folder isi (jangkar kantor.yaml)"
    )
    args = p.parse_args(argv)  # exits 2 on wrong usage
    try:
        trust = anchors(office_anchor_files(args.content), args.trust)
    except TrustFileError as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return NOT_PDF
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return NOT_PDF
    return verify_files(args.files, trust, online=args.daring, as_json=args.json)
