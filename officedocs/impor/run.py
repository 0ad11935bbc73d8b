"""`python build.py impor FILE.docx|FILE.pdf [FILE ...] [--content DIR] [--id ID]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..shown import say
from .draft import Draft, build_draft
from .limits import fenced
from .model import RawSheet, UnreadableSheet
from .yamlout import dump

PROPOSALS = "dasar_hukum.usulan-{id}.yaml"  # beside dasar_hukum.yaml; the loader reads neither


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="SOP sheet: .docx or .pdf")
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default content/)"
    )
    p.add_argument("--id", dest="sop_id", help="id of the new SOP (default: from the file name)")


def sop_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"sop-{slug or 'baru'}"


def read(path: Path) -> RawSheet:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableSheet("berkas tidak ada")
    if suffix == ".pdf":
        from .pdf import read_pdf

        return fenced(read_pdf, path)  # bounded before parsing (limits.py)
    if suffix == ".docx":
        from .docx import read_docx

        return fenced(read_docx, path)
    if suffix == ".doc":
        raise UnreadableSheet("berkas .doc lama: simpan ulang sebagai .docx di Word, lalu impor")
    raise UnreadableSheet("hanya berkas .docx atau .pdf yang bisa diimpor")


def command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="build.py impor", description="Word or PDF SOP sheets -> draft content/sop/<id>.yaml"
    )
    add_arguments(p)
    return main(p.parse_args(argv))  # exits 2 on wrong usage


def main(args: argparse.Namespace) -> int:
    if args.sop_id and len(args.files) > 1:
        print("impor: --id hanya untuk satu berkas", file=sys.stderr)
        return 2
    if args.sop_id and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.sop_id):
        print(f"impor: --id {args.sop_id!r}: pakai huruf kecil, angka dan '-'", file=sys.stderr)
        return 2
    failed = 0
    for path in args.files:
        try:
            line = one(path, args.content, args.sop_id or sop_id(path))
        except UnreadableSheet as exc:
            say(f"{path}: tidak diimpor: {exc}")
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - any file may be thrown at this; one line, never a traceback
            say(
                f"{path}: tidak diimpor: isi berkas tidak terduga ({type(exc).__name__}); "
                "kirim berkas ini ke pengelola program"
            )
            failed += 1
            continue
        say(line, file=sys.stdout)
    return 1 if failed else 0


def one(path: Path, content: Path, sid: str) -> str:
    raw = read(path)
    target = content / "sop" / f"{sid}.yaml"
    if target.exists():
        raise UnreadableSheet(f"{target} sudah ada; tidak ditimpa (pakai --id untuk nama lain)")
    proposals = _free(content, sid)
    draft = build_draft(raw, content, proposals.name)
    if not draft.data["kegiatan"]:
        raise UnreadableSheet("tabel prosedur tanpa langkah bernomor")
    header = [
        f"Diimpor dari {path.name} oleh `python build.py impor`: draf untuk diperiksa.",
        "Baris bertanda PERIKSA berisi tebakan; perbaiki, hapus komentarnya, lalu jalankan",
        "`python build.py check`. Ganti status menjadi final setelah diperiksa.",
    ]
    _write_new(target, dump(draft.data, draft.notes, header))
    try:
        extra = _proposals(draft, proposals, sid)
    except BaseException:
        target.unlink()  # all of the import or none of it: the same command works again
        raise
    return summary(path, target, draft) + extra


def _write_new(target: Path, text: str) -> None:
    """A new file, whole or not at all; never over an existing one, even in a race."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, exclusive=True)
    except FileExistsError:
        raise UnreadableSheet(
            f"{target} sudah ada; tidak ditimpa (pakai --id untuk nama lain)"
        ) from None
    except OSError as exc:
        raise UnreadableSheet(f"{target} tidak bisa ditulis ({exc.strerror})") from None


def _free(content: Path, sid: str) -> Path:
    """Where new regulations of this sheet are proposed; a leftover of an earlier import stays."""
    target, n = content / PROPOSALS.format(id=sid), 2
    while target.exists():
        target = content / PROPOSALS.format(id=f"{sid}-{n}")
        n += 1
    return target


def _proposals(draft: Draft, target: Path, sid: str) -> str:
    if not draft.proposals:
        return ""
    head = [
        f"Usulan peraturan baru dari impor SOP {sid}. Periksa, lalu pindahkan ke dasar_hukum.yaml.",
        "Berkas ini tidak dibaca oleh build.",
    ]
    _write_new(target, dump(draft.proposals, {}, head))
    return f"; {len(draft.proposals)} peraturan baru diusulkan di {target}"


def summary(path: Path, target: Path, draft: Draft) -> str:
    d = draft.data
    n = len(draft.notes)
    look = f"{n} nilai perlu diperiksa (# PERIKSA)" if n else "tidak ada yang perlu diperiksa"
    return (
        f"{path.name} -> {target}: {len(d['kegiatan'])} langkah, {len(d['pelaksana'])} pelaksana, "
        f"{draft.symbols} simbol; {look}"
    )
