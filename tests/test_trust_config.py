"""The trust anchors an office names in kantor.yaml are checked with the content, at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from officedocs.cli import main


def test_anchor_files_are_checked_where_they_are_named(site_dir: Path, capsys) -> None:  # noqa: ANN001
    with (site_dir / "content/kantor.yaml").open("a") as f:
        f.write("tte:\n  jangkar:\n    - aset/logo.svg\n    - ../luar.pem\n")
    lines = (site_dir / "content/kantor.yaml").read_text().splitlines()
    first = lines.index("    - aset/logo.svg") + 1
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        f'content/kantor.yaml:{first}:7: tte.jangkar ke-1: "aset/logo.svg" bukan sertifikat (PEM atau DER)',
        f'content/kantor.yaml:{first + 1}:7: tte.jangkar ke-2: berkas jangkar tidak ada di dalam content/ (ditemukan: "../luar.pem")',
    ]


def test_verify_without_the_shipped_root_intact_refuses(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # noqa: ANN001
    """A shipped anchor that does not match its pin is a broken install, said so (exit 2)."""
    from officedocs import trust

    fake = tmp_path / "anchors"
    fake.mkdir()
    from pki import make_ca, write_pem  # a look-alike under the pinned name

    write_pem(fake / "root-ca-indonesia-ds-g1.pem", make_ca("Root CA Indonesia DS G1").cert)
    monkeypatch.setattr(trust, "ANCHORS", fake)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert main(["verify", str(pdf)]) == 2
    assert "berkas jangkar bawaan rusak atau diganti" in capsys.readouterr().err


BSRE_LINE = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
    'yang diterbitkan oleh "Balai" Sertifikasi Elektronik (BSrE), BSSN </style>'
)


@pytest.mark.slow  # renders PDFs
def test_the_bsre_footer_line_prints_on_final_documents_only(site_dir: Path) -> None:
    """kantor.yaml `tte: catatan_kaki:`: at the foot of every page of a final document's PDF,
    as written (quotes and markup included); not on drafts, not on the web page."""
    import pypdf

    with (site_dir / "content/kantor.yaml").open("a") as f:
        f.write(f"tte:\n  catatan_kaki: '{BSRE_LINE}'\n")
    draft = site_dir / "content/sop/pengukuran-kinerja-triwulan.yaml"
    draft.write_text(draft.read_text().replace("status: final", "status: draf"))
    assert main(["--quiet", "--jobs", "1", "--drafts"]) == 0  # --drafts: the draft's PDF too
    out = site_dir / "output"

    def text(rel: str) -> str:
        return " ".join(
            " ".join(p.extract_text() for p in pypdf.PdfReader(out / rel).pages).split()
        )

    final = text("sop/pengumpulan-data-kinerja.pdf")
    assert final.count(BSRE_LINE) == len(
        pypdf.PdfReader(out / "sop/pengumpulan-data-kinerja.pdf").pages
    )
    assert "Sertifikasi Elektronik" not in text("sop/pengukuran-kinerja-triwulan.pdf")  # draft
    assert "Sertifikasi Elektronik" not in (out / "sop/pengumpulan-data-kinerja.html").read_text()
