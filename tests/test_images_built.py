"""An image in a report: one of its recorded inputs, copied to the website, embedded in the PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from PIL import Image

from officedocs.cli import main
from officedocs.content import load_site

LAPORAN = "content/laporan/kinerja-triwulan-iii-2023.yaml"
ID = "kinerja-triwulan-iii-2023"


def test_image_in_a_report_is_an_input_on_the_web_and_in_the_pdf(site_dir: Path, capsys) -> None:
    # An odd size and colour, so the PDF's image can only be this file.
    Image.new("RGB", (37, 23), (200, 30, 90)).save("content/aset/peta.png")
    with open(LAPORAN, "a", encoding="utf-8") as f:
        f.write("  3. Peta sebaran: ![peta](aset/peta.png)\n")

    doc = load_site(Path("content")).laporan[ID]
    root = (site_dir / "content").resolve()
    assert set(doc.assets) == {
        root / "laporan" / f"{ID}.yaml",
        root / "aset/logo.svg",
        root / "aset/peta.png",
    }

    for sop in Path("content/sop").glob("*.yaml"):
        sop.unlink()  # only the report's PDF is needed: one render
    assert main(["--drafts", "--quiet", "--jobs", "1"]) == 0, capsys.readouterr().err
    out = site_dir / "output"
    assert (out / "aset/peta.png").read_bytes() == Path("content/aset/peta.png").read_bytes()
    assert '<img alt="peta" src="../aset/peta.png">' in (out / f"laporan/{ID}.html").read_text()

    with pikepdf.open(out / f"laporan/{ID}.pdf") as pdf:
        sizes = [
            (int(obj.Width), int(obj.Height))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
    assert (37, 23) in sizes
    assert "WeasyPrint" not in capsys.readouterr().err
