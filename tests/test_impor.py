"""`build.py impor`: existing sheets, ours and foreign (Word, and Word exported by LibreOffice),
read back into content equal to what they were made from; unsure values flagged, never guessed
silently; unreadable files one clear line."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.shared import Pt
from sheet_docx import numbered, write_sheet

from officedocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = ("pengukuran-kinerja-triwulan", "pengumpulan-data-kinerja")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def registry() -> tuple[dict, dict]:
    return load(CONTENT / "dasar_hukum.yaml"), load(CONTENT / "pejabat.yaml")["camat"]["masa"][0]


def comparable(sop: dict) -> dict:
    """Content as a sheet prints it: steps by number, a step's actors as a set, no status."""
    out = numbered(sop)
    out.pop("status", None)
    for s in out["kegiatan"]:
        if isinstance(s["pelaksana"], list):
            s["pelaksana"] = sorted(s["pelaksana"])
        if s.get("keputusan", {}).get("ya") is not None:
            n = out["kegiatan"].index(s) + 2
            if s["keputusan"]["ya"] == n:  # `ya` to the next step is the default
                del s["keputusan"]["ya"]
    return out


def empty_content(root: Path) -> Path:
    """The registries of the real content, and no SOPs: imports land in an empty sop/."""
    dest = root / "content"
    shutil.copytree(CONTENT, dest, ignore=shutil.ignore_patterns("laporan"))
    for p in (dest / "sop").glob("*.yaml"):
        p.unlink()
    return dest


def impor(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["impor", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys, content: Path) -> tuple[int, str]:
    code = main(["check", "--content", str(content)])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture(scope="module")
def own_pdfs(tmp_path_factory) -> Path:
    """The seed SOPs as this project prints them (two WeasyPrint renders)."""
    from officedocs.build import build

    root = tmp_path_factory.mktemp("own")
    content = root / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("laporan"))
    # The 15-step draft on A4 runs over two procedure pages, with its DRAF watermark.
    kantor = (content / "kantor.yaml").read_text(encoding="utf-8")
    (content / "kantor.yaml").write_text(kantor.replace("kertas: F4", "kertas: A4"), "utf-8")
    dumped = yaml.safe_dump(fifteen_steps(), allow_unicode=True, sort_keys=False)
    (content / "sop" / "lima-belas.yaml").write_text(dumped, encoding="utf-8")
    build(content, root / "output", pdf=True, drafts=True, jobs=1)
    return root / "output" / "sop"


def soffice(files: list[Path], outdir: Path) -> list[Path]:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("soffice (Debian libreoffice-writer-nogui) is not installed")
    profile = outdir / "lo-profile"  # a profile of its own: parallel runs do not collide
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return [outdir / f"{f.stem}.pdf" for f in files]


def fifteen_steps() -> dict:
    """15 steps, 4 actors, 4 decisions, a forward jump, a two-actor step: two A4 pages."""
    actors = ["Petugas Loket", "Kasi Pemerintahan", "Sekretaris", "Camat"]
    who = [0, 0, 1, 1, 1, 2, 2, 0, 1, 1, 2, 3, 3, [0, 1], 0]
    steps = []
    for i, w in enumerate(who):
        steps.append(
            {
                "uraian": f"Langkah nomor {i + 1} dari prosedur pelayanan surat keterangan",
                "pelaksana": [actors[k] for k in w] if isinstance(w, list) else actors[w],
                "kelengkapan": "Berkas Permohonan",
                "waktu": f"{i + 5} Menit",
                "output": "Berkas Diperiksa",
            }
        )
    for at, back in ((4, 3), (7, 5), (11, 10), (13, 12)):
        steps[at - 1]["keputusan"] = {"tidak": back}
    steps[8]["lanjut"] = 11
    sop = load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml")
    sop.update(
        nomor="470/05/HLG/I/2024",
        nama="Pelayanan Surat Keterangan",
        status="draf",
        dasar_hukum=["permendagri-52-2011"],
        pelaksana=actors,
        kegiatan=steps,
    )
    return sop


@pytest.fixture(scope="module")
def foreign(tmp_path_factory) -> dict[str, Path]:
    """Word sheets made like an office's, and their LibreOffice PDF exports."""
    root = tmp_path_factory.mktemp("foreign")
    regs, signer = registry()
    files = {}
    for k, sid in enumerate(SEEDS):
        sop = numbered(load(CONTENT / "sop" / f"{sid}.yaml"))
        # One sheet numbers its lists by typing, the other with Word's automatic numbering.
        files[sid] = write_sheet(root / f"{sid}.docx", sop, regs, signer, typed_numbers=k == 0)
    files["lima-belas"] = write_sheet(
        root / "lima-belas.docx", fifteen_steps(), regs, signer, per_page=8
    )
    files["tanpa-simbol"] = write_sheet(
        root / "tanpa-simbol.docx",
        numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml")),
        regs,
        signer,
        without_symbol=frozenset({3}),
    )
    pdfs = soffice(list(files.values()), root) if shutil.which("soffice") else []
    out = {f"{k}.docx": v for k, v in files.items()}
    out.update({f"{p.stem}.pdf": p for p in pdfs})
    return out


def flagged(text: str) -> list[str]:
    """Each `# PERIKSA:` line (a comment line of its own) with the value line it stands above,
    shown as `value  # PERIKSA: note`."""
    lines = text.splitlines()
    return [
        f"{lines[i + 1].strip()}  {ln.strip()}"
        for i, ln in enumerate(lines)
        if ln.strip().startswith("# PERIKSA:") and i + 1 < len(lines)
    ]


def imported(content: Path, sid: str) -> dict:
    return load(content / "sop" / f"{sid}.yaml")


def test_own_pdfs_read_back_equal_to_their_content(own_pdfs, tmp_path, capsys):
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, *(own_pdfs / f"{s}.pdf" for s in SEEDS), "--content", content)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"pengukuran-kinerja-triwulan.pdf -> {content}/sop/pengukuran-kinerja-triwulan.yaml: 7 langkah, 3 pelaksana, 7 simbol; tidak ada yang perlu diperiksa",
        f"pengumpulan-data-kinerja.pdf -> {content}/sop/pengumpulan-data-kinerja.yaml: 8 langkah, 3 pelaksana, 8 simbol; tidak ada yang perlu diperiksa",
    ]
    for sid in SEEDS:
        got = imported(content, sid)
        assert got["status"] == "draf"
        assert comparable(got) == comparable(load(CONTENT / "sop" / f"{sid}.yaml"))
    code, report = check(capsys, content)
    assert code == 0, report


@pytest.mark.slow  # LibreOffice exports the PDFs
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_foreign_seed_sheets_read_back_equal(foreign, form, tmp_path, capsys):
    files = [foreign.get(f"{s}.{form}") for s in SEEDS]
    if None in files:
        pytest.skip("soffice (Debian libreoffice-writer-nogui) is not installed")
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, *files, "--content", content)
    assert (code, err) == (0, ""), out
    assert all(line.endswith("tidak ada yang perlu diperiksa") for line in out.splitlines()), out
    for sid in SEEDS:
        assert comparable(imported(content, sid)) == comparable(
            load(CONTENT / "sop" / f"{sid}.yaml")
        )
    assert check(capsys, content)[0] == 0


@pytest.mark.slow  # LibreOffice exports the PDFs
@pytest.mark.parametrize("form", ["docx", "pdf", "own"])
def test_fifteen_steps_over_two_pages_with_connectors_jump_and_two_actors(
    foreign, own_pdfs, form, tmp_path, capsys
):
    sheet = own_pdfs / "lima-belas.pdf" if form == "own" else foreign.get(f"lima-belas.{form}")
    if sheet is None:
        pytest.skip("soffice (Debian libreoffice-writer-nogui) is not installed")
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, sheet, "--content", content)
    assert (code, err) == (0, "")
    symbols = 19 if form == "own" else 18  # our sheet draws one more connector pair
    assert out.endswith(
        f"15 langkah, 4 pelaksana, {symbols} simbol; tidak ada yang perlu diperiksa\n"
    )
    assert comparable(imported(content, "lima-belas")) == comparable(fifteen_steps())
    assert check(capsys, content)[0] == 0


@pytest.mark.slow  # LibreOffice exports the PDFs
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_row_without_symbol_is_flagged_not_guessed_silently(foreign, form, tmp_path, capsys):
    sheet = foreign.get(f"tanpa-simbol.{form}")
    if sheet is None:
        pytest.skip("soffice (Debian libreoffice-writer-nogui) is not installed")
    content = empty_content(tmp_path)
    code, out, _ = impor(capsys, sheet, "--content", content)
    assert code == 0
    assert "7 simbol; 3 nilai perlu diperiksa (# PERIKSA)" in out
    text = (content / "sop" / "tanpa-simbol.yaml").read_text(encoding="utf-8")
    # The arrows into and out of the empty row end on nothing: said where they are.
    assert flagged(text) == [
        "- uraian: Membuat Format Isian Data Kinerja Triwulan  # PERIKSA: tidak ada anak panah keluar yang terbaca",
        "- uraian: Menyampaikan Format Isian Data Kinerja Triwulan kepada Kasi dan Kasubbag  # PERIKSA: tidak ada anak panah keluar yang terbaca",
        "pelaksana: Kasubbag Perencanaan dan Keuangan  # PERIKSA: baris ini tanpa simbol; pelaksana ditebak",
    ]


def test_unsure_values_are_marked(tmp_path, capsys):
    """A date that does not parse, a signer who is not the one in pejabat.yaml, an unnamed actor
    column, a column the format does not have, an arrow that ends on nothing, a regulation not in
    the registry."""
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengukuran-kinerja-triwulan.yaml"))
    regs = copy.deepcopy(regs)
    regs["uu-23-2014"] = {
        "jenis": "Undang-Undang",
        "nomor": "23",
        "tahun": 2014,
        "tentang": "Pemerintahan Daerah",
    }
    sop["dasar_hukum"] = ["uu-23-2014", *sop["dasar_hukum"]]
    path = write_sheet(
        tmp_path / "ragu.docx",
        sop,
        regs,
        dict(signer, nama="BUDI, S.T."),
        dates={"pembuatan": "31 Juni 2023"},
        actor_names=["Camat", "", "Kasubbag Perencanaan dan Keuangan"],
        extra=lambda put: put.line([(10, 30), (10, 45)]),
    )
    doc = Document(path)  # and a column the sheet format does not have
    doc.tables[-1].add_column(Pt(40)).cells[0].text = "Paraf"
    doc.save(path)
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, path, "--content", content, "--id", "ragu")
    assert (code, err) == (0, "")
    text = (content / "sop" / "ragu.yaml").read_text(encoding="utf-8")
    assert flagged(text) == [
        'tanggal_pembuatan: 2023-07-26  # PERIKSA: tanggal tercetak "31 Juni 2023" tidak terbaca; tulis sebagai TTTT-BB-HH; sementara diisi tanggal efektif',
        'disahkan_oleh: camat  # PERIKSA: tercetak "BUDI, S.T." NIP 19810914 201001 1 009, di pejabat.yaml pada tanggal itu "RAHMADI, S.Sos., M.AP" NIP 19810914 201001 1 009',
        "- uu-23-2014  # PERIKSA: peraturan baru, belum di dasar_hukum.yaml: usulannya di dasar_hukum.usulan-ragu.yaml",
        "pelaksana:  # PERIKSA: kolom pelaksana ke-2 tanpa nama; ditulis Pelaksana 2",
        "kegiatan:  # PERIKSA: kolom tidak dikenal, isinya tidak diimpor: Paraf",
        "- uraian: Memerintahkan dan mengarahkan Kasubbag Perencanaan dan Keuangan untuk melaksanakan Pengukuran Kinerja Triwulan  # PERIKSA: ada anak panah yang ujungnya tidak menyentuh simbol; periksa alurnya",
    ]
    assert out.endswith(
        f"6 nilai perlu diperiksa (# PERIKSA); 1 peraturan baru diusulkan di {content}/dasar_hukum.usulan-ragu.yaml\n"
    )
    proposal = load(content / "dasar_hukum.usulan-ragu.yaml")
    assert proposal == {
        "uu-23-2014": {
            "jenis": "Undang-Undang",
            "nomor": "23",
            "tahun": 2014,
            "tentang": "Pemerintahan Daerah",
        }
    }
    assert "uu-23-2014" not in load(content / "dasar_hukum.yaml")  # never added silently
    code, report = check(capsys, content)
    assert code == 1
    assert_only_flagged_lines_fail(report, content / "sop" / "ragu.yaml")


def assert_only_flagged_lines_fail(report: str, path: Path) -> None:
    """Every problem `check` finds is on a line the import marked PERIKSA."""
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = [p for p in report.splitlines() if ".yaml:" in p]
    assert problems
    for problem in problems:
        assert problem.split(":")[0].endswith(path.name), problem
        at = int(problem.split(":")[1]) - 1
        assert "# PERIKSA" in lines[at] or "# PERIKSA" in lines[at - 1], problem


def test_keterkaitan_naming_a_kept_sop_becomes_a_link(tmp_path, capsys):
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    sop["keterkaitan"] = ["SOP Pelaksanaan Pengukuran Kinerja Triwulan", "SOP Yang Tidak Ada"]
    path = write_sheet(tmp_path / "baru.docx", sop, regs, signer)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    assert impor(capsys, path, "--content", content)[0] == 0
    assert imported(content, "baru")["keterkaitan"] == [
        {"sop": "pengukuran-kinerja-triwulan"},
        "SOP Yang Tidak Ada",
    ]


def test_older_word_files_in_vml_read_back_equal(tmp_path, capsys):
    regs, signer = registry()
    sop = load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml")
    path = write_sheet(tmp_path / "lama.docx", numbered(sop), regs, signer, vml=True)
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, path, "--content", content)
    assert (code, err) == (0, "")
    assert out.endswith("8 langkah, 3 pelaksana, 8 simbol; tidak ada yang perlu diperiksa\n")
    assert comparable(imported(content, "lama")) == comparable(sop)


def test_text_hidden_by_a_fixed_row_height_is_flagged(tmp_path, capsys):
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    sop["kegiatan"][1]["uraian"] = " ".join(["Membuat Format Isian Data Kinerja Triwulan"] * 8)
    path = write_sheet(tmp_path / "penuh.docx", sop, regs, signer)
    content = empty_content(tmp_path)
    code, out, _ = impor(capsys, path, "--content", content)
    assert code == 0 and out.endswith("1 nilai perlu diperiksa (# PERIKSA)\n")
    text = (content / "sop" / "penuh.yaml").read_text(encoding="utf-8")
    assert "  # PERIKSA: teks melewati batas sel; periksa kata yang terpotong\n  - uraian:" in text
