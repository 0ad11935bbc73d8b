"""Signed documents: a real PAdES signature on final reports and SOPs, checked with pyHanko.

One signed build (three WeasyPrint renders) serves most tests; the configuration errors never
render anything, and the timestamp test signs an already rendered PDF.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import segno
from pki import DAY, NOW, issue, make_ca, tsa_server, write_p12, write_pem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from officedocs.cli import main
from officedocs.sign import (
    SigningError,
    Stamp,
    qr_content,
    sign_pdf,
    signature_info,
    signer_from_env,
)
from officedocs.stamp import stamp_box

pytestmark = pytest.mark.slow  # renders and signs

ROOT = Path(__file__).resolve().parent.parent
REPORT = "laporan/kinerja-triwulan-iii-2023.pdf"
SOP = "sop/pengumpulan-data-kinerja.pdf"
DRAFT = "sop/pengukuran-kinerja-triwulan.pdf"
PASS = "kata sandi uji"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A CA, the Camat's signing key (a .p12 outside the project) and a TSA certificate."""
    keys = tmp_path_factory.mktemp("kunci")
    ca = make_ca()
    camat = issue(ca, "RAHMADI")
    return {
        "ca": ca,
        "ca_pem": write_pem(keys / "ca.pem", ca.cert),
        "p12": write_p12(keys / "camat.p12", camat, ca, PASS),
        "tsa": issue(ca, "TSA Uji", tsa=True),
        "dir": keys,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pki: dict) -> Path:
    """The real content with the report made final and one SOP made a draft, built signed."""
    root = tmp_path_factory.mktemp("situs")
    shutil.copytree(ROOT / "content", root / "content")
    _replace(
        root / "content/laporan/kinerja-triwulan-iii-2023.yaml", "status: draf", "status: final"
    )
    _replace(root / "content/sop/pengukuran-kinerja-triwulan.yaml", "status: final", "status: draf")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("TTE_P12", str(pki["p12"]))
        mp.setenv("TTE_PASSPHRASE", PASS)
        mp.delenv("TTE_TSA", raising=False)
        assert main(["--quiet", "--jobs", "1", "--drafts"]) == 0  # the draft's PDF too
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _status(pdf: Path | bytes, ca) -> object:  # noqa: ANN001
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    (sig,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    trust = ValidationContext(trust_roots=[_asn1(ca.cert)], allow_fetching=False)
    return validate_pdf_signature(sig, trust, ts_validation_context=trust)


def _asn1(cert):  # noqa: ANN001, ANN202
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.Certificate.load(cert.public_bytes(Encoding.DER))


@pytest.mark.parametrize("rel", [REPORT, SOP])
def test_final_documents_are_signed_and_validate(site: Path, pki: dict, rel: str) -> None:
    status = _status(site / "output" / rel, pki["ca"])
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "RAHMADI"
    assert status.timestamp_validity is None  # no TTE_TSA: PAdES B-B


@pytest.mark.parametrize("rel", [REPORT, SOP])
def test_signed_file_stays_pdfa_with_its_source(site: Path, rel: str) -> None:
    path = site / "output" / rel
    with pikepdf.open(path) as pdf:
        assert not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdf:Producer") == str(pdf.docinfo.Producer)  # Info and XMP agree
        assert "/OutputIntents" in pdf.Root
        names = pdf.Root.Names.EmbeddedFiles.Names
        attached = {str(names[i]) for i in range(0, len(names), 2)}
        assert f"{Path(rel).stem}.yaml" in attached and "rujukan.yaml" in attached
        assert int(_widget(pdf).F) & 4  # printed: the stamp is part of the paper document
    if shutil.which("pdffonts"):
        out = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert any("LiberationSans" in line for line in out), out  # the stamp's font
        assert out and all(" yes " in line for line in out), out


def test_draft_is_not_signed_and_summary_counts_signed(site: Path, capsys) -> None:  # noqa: ANN001
    assert b"/ByteRange" not in (site / "output" / DRAFT).read_bytes()
    assert main(["verify", str(site / "output" / DRAFT)]) == 1
    assert "tidak ada tanda tangan elektronik" in capsys.readouterr().out


def test_stamp_sits_in_the_reserved_box_and_moves_nothing(site: Path, tmp_path: Path) -> None:
    signed = (site / "output" / SOP).read_bytes()
    # The signature is an incremental update: the bytes before it are the unsigned build.
    unsigned = signed[: signed.index(b"%%EOF") + len(b"%%EOF\n")]
    assert b"/ByteRange" not in unsigned
    page, (x1, y1, x2, y2) = stamp_box(unsigned)
    assert page == 0 and round((x2 - x1) / 72 * 25.4) == 56 and round((y2 - y1) / 72 * 25.4) == 18
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    dpi = 40
    images = []
    for name, data in (("a", unsigned), ("b", signed)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-gray",
                "-singlefile",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
        )
        images.append(_pgm(tmp_path / f"{name}.pgm"))
    (w, h, a), (_, _, b) = images
    scale = dpi / 72
    box = (
        int(x1 * scale) - 1,
        int(h - y2 * scale) - 1,
        int(x2 * scale) + 2,
        int(h - y1 * scale) + 2,
    )
    inside = outside = 0
    for i, (pa, pb) in enumerate(zip(a, b, strict=True)):
        if pa != pb:
            x, y = i % w, i // w
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                inside += 1
            else:
                outside += 1
    assert outside == 0 and inside > 50  # the stamp is drawn, and only inside its box


def _pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    magic, w, h, _max, pixels = re.match(
        rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S
    ).groups()
    return int(w), int(h), pixels


def test_qr_holds_number_date_and_signer(site: Path) -> None:
    expected = qr_content(
        None,
        "sop/pengumpulan-data-kinerja.html",
        "SOP Nomor 067/03/HLG/VII/2023\nPengumpulan Data Kinerja Per Triwulan",
        __import__("datetime").date(2023, 7, 26),
        "RAHMADI",
    )
    assert "067/03/HLG/VII/2023" in expected and "26 Juli 2023" in expected
    assert _qr_modules(site / "output" / SOP) == _modules(segno.make(expected, error="m"))


def test_qr_points_to_the_page_when_the_office_has_a_site(site: Path, pki: dict) -> None:
    signer = signer_from_env(
        {"TTE_P12": str(pki["p12"]), "TTE_PASSPHRASE": PASS}, site / "content", site / "output"
    )
    url = qr_content("https://halong.example.go.id/", "sop/x.html", "SOP", NOW.date(), "R")
    assert url == "https://halong.example.go.id/sop/x.html"
    draft = (site / "output" / DRAFT).read_bytes()
    signed = sign_pdf(draft, signer, Stamp("RAHMADI", "NIP. 19810914 201001 1 009", url))
    assert _qr_modules(signed) == _modules(segno.make(url, error="m"))


def _widget(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    (widget,) = [a for p in pdf.pages for a in p.get("/Annots", []) if a.get("/FT") == "/Sig"]
    return widget


def _modules(qr: segno.QRCode) -> set[tuple[int, int]]:
    return {(x, y) for y, row in enumerate(qr.matrix) for x, dark in enumerate(row) if dark}


def _qr_modules(pdf: Path | bytes) -> set[tuple[int, int]]:
    """The dark modules the stamp's QR drawing paints (its `x y w 1 re` runs)."""
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        qr = _widget(doc).AP.N.Resources.XObject.QR.read_bytes().decode()
    runs = [tuple(map(int, m)) for m in re.findall(r"(\d+) (\d+) (\d+) 1 re", qr)]
    top = max(y for _, y, _ in runs)
    left = min(x for x, _, _ in runs)
    return {(x - left + i, top - y) for x, y, n in runs for i in range(n)}


def test_verify_says_signed_and_trusted(site: Path, pki: dict, capsys) -> None:  # noqa: ANN001
    assert main(["verify", str(site / "output" / REPORT), "--trust", str(pki["ca_pem"])]) == 0
    out = capsys.readouterr().out
    for expected in (
        "penanda tangan: RAHMADI",
        "utuh: ya",
        "sah: ya, berantai ke CA Uji (sertifikat --trust)",
        "sesudah tanda tangan: tidak ada: tanda tangan mencakup seluruh berkas",
        "BAIK: semua tanda tangan berlaku",
    ):
        assert expected in out, out
    # Without --trust the test CA is nobody's anchor: intact, but not trusted (exit 3).
    assert main(["verify", str(site / "output" / REPORT)]) == 3
    assert "sah: tidak terpercaya: penerbit sertifikat tidak dikenal" in capsys.readouterr().out


def test_one_flipped_byte_fails(site: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    data = bytearray((site / "output" / REPORT).read_bytes())
    at = data.index(b"stream", 2000) + 40  # inside a page's compressed drawing
    data[at] ^= 0x01
    bad = tmp_path / "ubah.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "utuh: TIDAK: isi yang ditandatangani berubah sesudah penandatanganan" in out
    assert out.rstrip().endswith("GAGAL")


def test_appended_update_changing_a_figure_fails(site: Path, tmp_path: Path) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO((site / "output" / REPORT).read_bytes()))
    # White out a figure and print another one over it, as a forger would.
    paint = b"q 1 g 300 500 60 12 re f Q BT /F1 8 Tf 300 502 Td (99,99) Tj ET"
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=paint)))
    out_buf = io.BytesIO()
    writer.write(out_buf)
    bad = tmp_path / "tambah.pdf"
    bad.write_bytes(out_buf.getvalue())
    # As a user runs it: pyHanko's own log (a traceback) must not reach the terminal.
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "verify", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    out = run.stdout
    assert run.returncode == 1 and run.stderr == "", run.stderr
    assert "utuh: ya" in out  # the signed part itself is untouched...
    # ...but something came after it, and the report says what.
    assert "sesudah tanda tangan: TIDAK BOLEH: isi halaman 1 diubah" in out


def test_not_a_pdf_is_exit_2(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    odd = tmp_path / "laporan.pdf"
    odd.write_text("bukan PDF\n")
    assert main(["verify", str(odd)]) == 2
    assert capsys.readouterr().out.strip() == f"{odd}: bukan berkas PDF"


def test_unchanged_rebuild_does_not_resign(site: Path, pki: dict, capsys) -> None:  # noqa: ANN001
    before = {rel: (site / "output" / rel).stat() for rel in (REPORT, SOP)}
    data = {rel: (site / "output" / rel).read_bytes() for rel in (REPORT, SOP)}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(site)
        mp.setenv("TTE_P12", str(pki["p12"]))
        mp.setenv("TTE_PASSPHRASE", PASS)
        assert main(["--jobs", "1", "--drafts"]) == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith(
        "3 dokumen, 0 PDF dibuat, 3 PDF dilewati (tidak berubah), 2 PDF bertanda tangan elektronik"
    )
    for rel in (REPORT, SOP):
        assert (site / "output" / rel).read_bytes() == data[rel]
        assert (site / "output" / rel).stat().st_mtime_ns == before[rel].st_mtime_ns


def test_web_page_lists_signer_time_and_sha256(site: Path) -> None:
    html = (site / "output/laporan/kinerja-triwulan-iii-2023.html").read_text()
    digest = hashlib.sha256((site / "output" / REPORT).read_bytes()).hexdigest()
    assert f'<code class="sha256">{digest}</code>' in html
    assert "<dd>RAHMADI</dd>" in html and " WITA</dd>" in html
    sop_html = (site / "output/sop/pengumpulan-data-kinerja.html").read_text()
    assert hashlib.sha256((site / "output" / SOP).read_bytes()).hexdigest() in sop_html


def test_timestamp_from_a_local_tsa(site: Path, pki: dict, capsys) -> None:  # noqa: ANN001
    with tsa_server(pki["tsa"], pki["ca"]) as url:
        signer = signer_from_env(
            {"TTE_P12": str(pki["p12"]), "TTE_PASSPHRASE": PASS, "TTE_TSA": url},
            site / "content",
            site / "output",
        )
        draft = (site / "output" / DRAFT).read_bytes()
        signed = sign_pdf(draft, signer, Stamp("RAHMADI", "", "uji"))
    status = _status(signed, pki["ca"])
    ts = status.timestamp_validity
    assert ts is not None and ts.intact and ts.valid and ts.trusted  # PAdES B-T
    assert abs(ts.timestamp - NOW) < DAY
    path = site / "cap-waktu.pdf"
    path.write_bytes(signed)
    assert main(["verify", str(path), "--trust", str(pki["ca_pem"])]) == 0
    assert "dari TSA Uji, dipercaya" in capsys.readouterr().out
    assert main(["verify", str(path)]) == 3  # the test CA is not an anchor
    assert "tidak terpercaya: penerbit sertifikat tidak dikenal" in capsys.readouterr().out


def test_tsa_that_does_not_answer_is_one_line(site: Path, pki: dict) -> None:
    signer = signer_from_env(
        {"TTE_P12": str(pki["p12"]), "TTE_PASSPHRASE": PASS, "TTE_TSA": "http://127.0.0.1:9/"},
        site / "content",
        site / "output",
    )
    with pytest.raises(SigningError, match=r"^server cap waktu http://127.0.0.1:9/ tidak menjawab"):
        sign_pdf((site / "output" / DRAFT).read_bytes(), signer, Stamp("R", "", "uji"))


def test_a_build_without_the_key_loses_no_signature(site: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """After a signed build, a plain build keeps every signed PDF of an unchanged document
    byte for byte; a final document that changed is made unsigned, said per document, its
    page says so, and --strict fails."""
    root = tmp_path / "salinan"
    shutil.copytree(site, root, symlinks=True)
    signed = {rel: (root / "output" / rel).read_bytes() for rel in (REPORT, SOP)}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("TTE_P12", raising=False)
        mp.delenv("TTE_PASSPHRASE", raising=False)
        assert main(["--jobs", "1"]) == 0
        out = capsys.readouterr()
        for rel in (REPORT, SOP):
            assert (root / "output" / rel).read_bytes() == signed[rel], rel
        assert "2 PDF bertanda tangan elektronik" in out.out
        assert "tanpa tanda tangan" not in out.err
        # The SOP's text changes: its new PDF cannot be signed without the key. (The draft's
        # citation of a revoked regulation goes, so that --strict fails for this alone.)
        _replace(root / "content/sop/pengumpulan-data-kinerja.yaml", "Triwulan", "Triwulanan")
        _replace(root / "content/sop/pengukuran-kinerja-triwulan.yaml", "  - pp-46-2011\n", "")
        assert main(["--jobs", "1", "--strict"]) == 1
        err = capsys.readouterr().err
        assert "1 peringatan (--strict)" in err
    assert (
        f"{SOP}: dokumen berubah sejak ditandatangani; PDF barunya BELUM ditandatangani "
        "(TTE_P12 tidak diatur) dan halaman webnya menyebut 'belum ditandatangani'"
    ) in err
    assert b"/ByteRange" not in (root / "output" / SOP).read_bytes()
    assert (root / "output" / REPORT).read_bytes() == signed[REPORT]  # unchanged: still signed
    page = (root / "output/sop/pengumpulan-data-kinerja.html").read_text()
    assert "<strong>belum ditandatangani</strong>" in page


def test_perpanjang_then_build_keeps_the_renewed_pdfs(
    site: Path, pki: dict, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    """Renewed archive copies are the signed PDFs of unchanged documents to the next build:
    kept as renewed, their pages and periksa.html list the new digest."""
    root = tmp_path / "arsip"
    shutil.copytree(site, root, symlinks=True)
    before = hashlib.sha256((root / "output" / SOP).read_bytes()).hexdigest()
    with tsa_server(pki["tsa"], pki["ca"]) as url, pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("TTE_TSA", url)
        assert main(["perpanjang", "--trust", str(pki["ca_pem"])]) == 0
    assert "2 PDF diperpanjang, 0 gagal" in capsys.readouterr().out
    renewed = (root / "output" / SOP).read_bytes()
    after = hashlib.sha256(renewed).hexdigest()
    assert after != before and b"/DocTimeStamp" in renewed
    # The page and periksa.html still name the Camat, not the timestamp server that renewed it.
    assert signature_info(root / "output" / SOP)["nama"] == "RAHMADI"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("TTE_P12", raising=False)
        mp.delenv("TTE_PASSPHRASE", raising=False)
        mp.delenv("TTE_TSA", raising=False)
        assert main(["--jobs", "1"]) == 0
    assert "0 PDF dibuat" in capsys.readouterr().out
    assert (root / "output" / SOP).read_bytes() == renewed
    assert (
        f'<code class="sha256">{after}</code>'
        in (root / "output/sop/pengumpulan-data-kinerja.html").read_text()
    )
    periksa = (root / "output/periksa.html").read_text()
    assert f'"{after}": {{' in periksa and f'"{before}": {{' in periksa


def test_a_new_tsa_or_program_does_not_re_sign_an_unchanged_document(
    site: Path, pki: dict, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    """Re-signing happens only when the document changed: a signed PDF stays as it is when
    the build's signing setup changes (here the TSA) and the document did not."""
    root = tmp_path / "tsa-baru"
    shutil.copytree(site, root, symlinks=True)
    signed = {rel: (root / "output" / rel).read_bytes() for rel in (REPORT, SOP)}
    with tsa_server(pki["tsa"], pki["ca"]) as url, pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("TTE_P12", str(pki["p12"]))
        mp.setenv("TTE_PASSPHRASE", PASS)
        mp.setenv("TTE_TSA", url)
        assert main(["--jobs", "1"]) == 0
    assert "0 PDF dibuat" in capsys.readouterr().out
    for rel in (REPORT, SOP):
        assert (root / "output" / rel).read_bytes() == signed[rel], rel
