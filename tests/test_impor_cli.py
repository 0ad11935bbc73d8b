"""`build.py impor` on the command line: never overwriting, one line per unreadable file, wrong
usage, and the build not loading the importer."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from docx import Document
from sheet_docx import numbered, write_sheet
from test_impor import CONTENT, ROOT, empty_content, impor, load, registry

from officedocs.cli import main


def test_never_overwrites(tmp_path, capsys):
    regs, signer = registry()
    path = write_sheet(
        tmp_path / "x.docx",
        numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml")),
        regs,
        signer,
    )
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    before = (content / "sop" / "pengumpulan-data-kinerja.yaml").read_bytes()
    code, out, err = impor(capsys, path, "--content", content, "--id", "pengumpulan-data-kinerja")
    assert (code, out) == (1, "")
    assert (
        err
        == f"{path}: tidak diimpor: {content}/sop/pengumpulan-data-kinerja.yaml sudah ada; tidak ditimpa (pakai --id untuk nama lain)\n"
    )
    assert (content / "sop" / "pengumpulan-data-kinerja.yaml").read_bytes() == before


def test_unreadable_files_are_one_clear_line(tmp_path, capsys):
    import pikepdf

    letter = tmp_path / "surat.docx"
    doc = Document()
    doc.add_paragraph("Dengan hormat, bersama ini kami sampaikan undangan rapat.")
    doc.save(letter)
    broken = tmp_path / "rusak.pdf"
    broken.write_text("bukan pdf", encoding="utf-8")
    broken_word = tmp_path / "rusak.docx"
    broken_word.write_text("bukan docx", encoding="utf-8")
    scan = tmp_path / "pindaian.pdf"
    blank = pikepdf.new()
    blank.add_blank_page()
    blank.save(scan)
    locked = tmp_path / "terkunci.pdf"
    blank.save(locked, encryption=pikepdf.Encryption(user="rahasia", owner="rahasia"))
    pdf_letter = tmp_path / "undangan.pdf"
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Undangan rapat koordinasi) Tj ET")
    pdf.save(pdf_letter)
    old = tmp_path / "lama.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    content = empty_content(tmp_path)
    files = [letter, broken_word, pdf_letter, broken, scan, locked, old]
    code, out, err = impor(capsys, *files, "--content", content)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{letter}: tidak diimpor: bukan lembar SOP: tabel prosedur (Uraian Kegiatan, Pelaksana) tidak ada",
        f"{broken_word}: tidak diimpor: bukan berkas Word (.docx) yang terbaca; terkunci kata sandi atau rusak?",
        f"{pdf_letter}: tidak diimpor: bukan lembar SOP: tabel prosedur (Uraian Kegiatan, Pelaksana) tidak ada",
        f"{broken}: tidak diimpor: PDF tidak bisa dibaca (rusak)",
        f"{scan}: tidak diimpor: PDF tanpa teks (hasil pindaian?); ketik ulang atau pakai berkas Word",
        f"{locked}: tidak diimpor: PDF tidak bisa dibaca (terkunci kata sandi)",
        f"{old}: tidak diimpor: berkas .doc lama: simpan ulang sebagai .docx di Word, lalu impor",
    ]
    assert list((content / "sop").iterdir()) == []


def test_wrong_usage_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["impor"])
    assert exc.value.code == 2
    assert "the following arguments are required: FILE" in capsys.readouterr().err
    code, _, err = impor(capsys, "a.pdf", "b.pdf", "--id", "x")
    assert (code, err) == (2, "impor: --id hanya untuk satu berkas\n")


@pytest.mark.slow  # a subprocess
def test_the_build_does_not_load_the_importer():
    probe = "import sys, officedocs.cli, officedocs.build; print('pdfplumber' in sys.modules, 'docx' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False False"
