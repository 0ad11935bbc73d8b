"""`verify` says good only when it is: trust anchors, what may follow a signature, long-term
signatures (B-LTA) against a CA of the test's own with OCSP, CRL and TSA on 127.0.0.1.

One unsigned build (three WeasyPrint renders) gives the PDFs; each test signs what it needs.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from pki import NOW, issue, make_ca, services, write_p12, write_pem
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from officedocs.cli import main
from officedocs.sign import SigningError, Stamp, sign_pdf, signer_from_env
from officedocs.trust import PINNED, anchors, shipped
from officedocs.verify import verify_files

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SOP = "sop/pengumpulan-data-kinerja.pdf"
PASS = "kata sandi uji"
LATER = NOW + dt.timedelta(hours=1)  # the Camat's test certificate has expired by then


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("situs")
    shutil.copytree(ROOT / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("TTE_P12", raising=False)
        mp.delenv("TTE_PASSPHRASE", raising=False)
        assert main(["--quiet", "--jobs", "1"]) == 0
    return (root / "output" / SOP).read_bytes()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A CA with its OCSP responder, CRL and TSA served on 127.0.0.1; the Camat's
    certificate valid for ten minutes names them."""
    keys = tmp_path_factory.mktemp("kunci")
    ca = make_ca()
    with services(ca) as svc:
        svc.tsa = issue(ca, "TSA Uji", tsa=True, revocation=svc.base)
        camat = issue(ca, "RAHMADI", revocation=svc.base, not_after=NOW + dt.timedelta(minutes=10))
        svc.p12 = write_p12(keys / "camat.p12", camat, ca, PASS)
        svc.ca_pem = write_pem(keys / "ca.pem", ca.cert)
        svc.dir = keys
        yield svc


def _sign(pdf: bytes, p12: Path, tsa: str | None, tmp: Path) -> bytes:
    env = {"TTE_P12": str(p12), "TTE_PASSPHRASE": PASS}
    if tsa:
        env["TTE_TSA"] = tsa
    signer = signer_from_env(env, tmp / "content", tmp / "output")
    return sign_pdf(pdf, signer, Stamp("RAHMADI", "", "uji"))


def _verify(tmp: Path, data: bytes, *args: str, name: str = "uji.pdf") -> tuple[int, str]:
    path = tmp / name
    path.write_bytes(data)
    lines: list[str] = []
    trust = shipped()
    if "--trust" in args:
        trust = anchors([], [Path(args[args.index("--trust") + 1])])
    now = LATER if "--later" in args else None
    code = verify_files([path], trust, lines.append, now=now, as_json="--json" in args)
    return code, "\n".join(lines)


def test_the_shipped_root_is_the_pinned_one() -> None:
    (root,) = shipped()
    assert root.name == "Root CA Indonesia DS G1"
    assert root.fingerprint == PINNED["root-ca-indonesia-ds-g1.pem"]
    assert root.cert.serial_number == 7979107799150453422


def test_a_self_made_certificate_is_not_trusted(unsigned: bytes, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """Someone makes a CA of their own and a certificate in the Camat's name."""
    fake_ca = make_ca("CA Buatan Sendiri")
    p12 = write_p12(tmp_path / "palsu.p12", issue(fake_ca, "RAHMADI"), fake_ca, PASS)
    signed = _sign(unsigned, p12, None, tmp_path)
    (tmp_path / "palsu.pdf").write_bytes(signed)
    assert main(["verify", str(tmp_path / "palsu.pdf")]) == 3
    out = capsys.readouterr().out
    assert "sah: tidak terpercaya: penerbit sertifikat tidak dikenal" in out
    assert "utuh: ya" in out and "bentuk: PAdES B-B" in out
    assert out.rstrip().endswith("palsu.pdf: tidak terpercaya: penerbit sertifikat tidak dikenal")
    # The office's own CA, named in kantor.yaml or given with --trust, is trusted.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    pem = write_pem(content / "aset/ca-kantor.pem", fake_ca.cert)
    assert main(["verify", str(tmp_path / "palsu.pdf"), "--trust", str(pem)]) == 0
    assert "sah: ya, berantai ke CA Buatan Sendiri (sertifikat --trust)" in capsys.readouterr().out
    with (content / "kantor.yaml").open("a") as f:
        f.write("tte:\n  jangkar:\n    - aset/ca-kantor.pem\n")
    assert main(["verify", str(tmp_path / "palsu.pdf"), "--content", str(content)]) == 0
    assert "(jangkar dari kantor.yaml)" in capsys.readouterr().out


def test_our_signature_is_b_lta_and_verifies_after_the_certificate_expired(
    unsigned: bytes, pki, tmp_path: Path
) -> None:  # noqa: ANN001
    signed = _sign(unsigned, pki.p12, pki.tsa_url, tmp_path)
    assert {"/ocsp", "/tsa"} <= set(pki.requests)  # validation data gathered while signing
    code, out = _verify(tmp_path, signed, "--trust", str(pki.ca_pem), "--later")
    assert code == 0, out
    for expected in (
        "tanda tangan 1 dari 2 (ruas TTE): BAIK",
        "bentuk: PAdES B-LTA",
        "penanda tangan: RAHMADI",
        "(cap waktu dari TSA Uji)",
        "sah: ya, berantai ke CA Uji (sertifikat --trust)",
        "pencabutan sertifikat: diperiksa dari data di dalam berkas",
        "cap waktu dokumen 2 dari 2",
        "BAIK: semua tanda tangan berlaku",
    ):
        assert expected in out, out
    # The TSA's certificate ends within a year: renew before then.
    assert "peringatan: sertifikat cap waktu terakhir (TSA Uji) berakhir" in out
    # The same, for machines.
    code, text = _verify(tmp_path, signed, "--trust", str(pki.ca_pem), "--later", "--json")
    (report,) = json.loads(text)["berkas"]
    first = report["signatures"][0]
    assert (report["exit"], first["level"], first["verdict"]) == (0, "PAdES B-LTA", "baik")
    assert first["time_source"] == "cap waktu dari TSA Uji"
    assert first["revocation"] == "diperiksa dari data di dalam berkas"


def test_without_a_timestamp_an_expired_certificate_fails(
    unsigned: bytes, pki, tmp_path: Path
) -> None:  # noqa: ANN001
    signed = _sign(unsigned, pki.p12, None, tmp_path)
    assert _verify(tmp_path, signed, "--trust", str(pki.ca_pem))[0] == 0
    code, out = _verify(tmp_path, signed, "--trust", str(pki.ca_pem), "--later")
    assert code == 1 and "sudah kedaluwarsa" in out, out
    assert "(menurut komputer penanda tangan)" in out and "bentuk: PAdES B-B" in out


def test_a_revoked_certificate_fails(unsigned: bytes, pki, tmp_path: Path) -> None:  # noqa: ANN001
    ca = pki.ca
    other = issue(ca, "RAHMADI", revocation=pki.base)
    p12 = write_p12(tmp_path / "dicabut.p12", other, ca, PASS)
    pki.revoked.add(other.cert.serial_number)
    try:
        with pytest.raises(
            SigningError,
            match="^penandatanganan gagal: sertifikat penanda tangan tidak lolos pemeriksaan",
        ):
            _sign(unsigned, p12, pki.tsa_url, tmp_path)
    finally:
        pki.revoked.discard(other.cert.serial_number)


def _cover_page_one(data: bytes) -> bytes:
    """An incremental update adding an empty signature field whose appearance paints a white
    box with new words over page 1: what a forger would do."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("Batal", on_page=0, box=(40, 300, 560, 700))
    )
    paint = b"q 1 g 0 0 520 400 re f Q BT /Helv 28 Tf 20 200 Td (SOP INI DIBATALKAN) Tj ET"
    ap = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [generic.FloatObject(v) for v in (0, 0, 520, 400)]
            ),
        },
        stream_data=paint,
    )
    form = writer.root["/AcroForm"]
    for ref in form["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "Batal":
            field["/AP"] = generic.DictionaryObject(
                {generic.NameObject("/N"): writer.add_object(ap)}
            )
            writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_page_covered_after_signing_fails_and_says_what(
    unsigned: bytes, pki, tmp_path: Path
) -> None:  # noqa: ANN001
    signed = _sign(unsigned, pki.p12, pki.tsa_url, tmp_path)
    code, out = _verify(tmp_path, _cover_page_one(signed), "--trust", str(pki.ca_pem))
    assert code == 1, out
    assert (
        "sesudah tanda tangan: TIDAK BOLEH: ruas tanda tangan kosong 'Batal' dengan tampilan 520 x 400 pt di halaman 1"
        in out
    )
    assert out.rstrip().endswith("GAGAL")


def test_a_second_good_signature_is_allowed(unsigned: bytes, pki, tmp_path: Path) -> None:  # noqa: ANN001
    """A later signature that is itself good may add its own field; a document timestamp and
    validation data may follow any signature."""
    first = _sign(unsigned, pki.p12, None, tmp_path)
    from officedocs import pades

    writer = IncrementalPdfFileWriter(io.BytesIO(first))
    from pyhanko.sign import signers

    signer = signer_from_env(
        {"TTE_P12": str(pki.p12), "TTE_PASSPHRASE": PASS}, tmp_path / "c", tmp_path / "o"
    )
    second = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Kedua", md_algorithm="sha256"),
        signer.hanko,
        new_field_spec=fields.SigFieldSpec("Kedua", on_page=0, box=(10, 10, 110, 60)),
    ).sign_pdf(writer)
    code, out = _verify(tmp_path, second.getvalue(), "--trust", str(pki.ca_pem))
    assert code == 0, out
    assert pades.FIELD == "TTE" and "tanda tangan 2 dari 2 (ruas Kedua): BAIK" in out


@pytest.mark.skipif(
    not os.environ.get("BSRE_PDF"), reason="BSRE_PDF: a BSrE-signed PDF (not shipped)"
)
def test_a_real_bsre_signed_sop_is_trusted_offline(tmp_path: Path) -> None:
    """Set BSRE_PDF to a signed SOP of ocidserver/openSOP (backend/static/sop/documents/)."""
    data = Path(os.environ["BSRE_PDF"]).read_bytes()
    code, out = _verify(tmp_path, data)
    assert code == 0, out
    assert "sah: ya, berantai ke Root CA Indonesia DS G1 (jangkar bawaan program)" in out
    assert "bentuk: PAdES B-LT" in out and "(cap waktu dari Timestamp Authority" in out


def test_perpanjang_adds_a_document_timestamp(
    unsigned: bytes, pki, tmp_path: Path, capsys, monkeypatch
) -> None:  # noqa: ANN001
    signed = _sign(unsigned, pki.p12, pki.tsa_url, tmp_path)
    path = tmp_path / "arsip.pdf"
    path.write_bytes(signed)
    secret_url = pki.tsa_url.replace("http://", "http://arsip:rahasia-tsa@")
    monkeypatch.setenv("TTE_TSA", secret_url)
    assert main(["perpanjang", str(path), "--trust", str(pki.ca_pem)]) == 0
    out = capsys.readouterr()
    assert "rahasia-tsa" not in out.out + out.err
    assert f"{path}: cap waktu dokumen baru dari {pki.tsa_url}" in out.out
    # The credentials go to the TSA only, as HTTP basic authentication.
    assert pki.auth[-1] == "Basic " + base64.b64encode(b"arsip:rahasia-tsa").decode()
    renewed = path.read_bytes()
    assert renewed.startswith(signed)  # an incremental update: the signature is untouched
    code, report = _verify(
        tmp_path, renewed, "--trust", str(pki.ca_pem), "--later", name="baru.pdf"
    )
    assert code == 0, report
    assert "cap waktu dokumen 3 dari 3" in report and "bentuk: PAdES B-LTA" in report


def _tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [p for p, parent in parents.items() if parent == pid]
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_no_process_holds_the_passphrase_nor_the_tsa_password(pki, tmp_path: Path) -> None:  # noqa: ANN001
    """A signed build as the command line runs it, watched from outside while it runs."""
    import subprocess
    import sys
    import time

    shutil.copytree(ROOT / "content", tmp_path / "content")
    secret = "sandi-tsa-rahasia"
    env = {
        **os.environ,
        "TTE_P12": str(pki.p12),
        "TTE_PASSPHRASE": PASS,
        "TTE_TSA": pki.tsa_url.replace("http://", f"http://arsip:{secret}@"),
    }
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--jobs", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen: dict[int, bool] = {}
    while proc.poll() is None:
        tree = _tree(proc.pid)
        # The build starts with the variable (the user set it); from the moment it has
        # workers, the key is open and no process may hold it any more.
        for pid in tree if len(tree) > 1 else []:
            try:
                block = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            held = PASS.encode() in block or secret.encode() in block
            seen[pid] = seen.get(pid, False) or held
        time.sleep(0.05)
    out, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert len(seen) >= 2 and not any(seen.values()), seen  # the build and its workers
    printed = out.decode() + err.decode()
    assert secret not in printed and PASS not in printed
    for path in tmp_path.rglob("*"):
        if path.is_file() and "content" not in path.relative_to(tmp_path).parts:
            assert secret.encode() not in path.read_bytes(), path
    assert "2 PDF bertanda tangan elektronik" in out.decode()


def test_revocation_offline_from_the_file_online_only_when_asked(
    unsigned: bytes, pki, tmp_path: Path
) -> None:  # noqa: ANN001
    """A B-T signature carries no revocation data: offline, verify says it did not check;
    with --daring it asks the OCSP responder, and a certificate revoked since fails."""
    ca = pki.ca
    camat = issue(ca, "RAHMADI", revocation=pki.base)
    p12 = write_p12(tmp_path / "bt.p12", camat, ca, PASS)
    env = {"TTE_P12": str(p12), "TTE_PASSPHRASE": PASS, "TTE_TSA": pki.tsa_url}
    signer = signer_from_env(env, tmp_path / "content", tmp_path / "output")
    object.__setattr__(signer, "long_term", False)  # as an office without B-LTA signs: B-T
    signed = sign_pdf(unsigned, signer, Stamp("RAHMADI", "", "uji"))
    path = tmp_path / "bt.pdf"
    path.write_bytes(signed)
    trust = anchors([], [pki.ca_pem])
    lines: list[str] = []
    asked = len(pki.requests)
    assert verify_files([path], trust, lines.append) == 0, lines
    assert len(pki.requests) == asked  # offline: nobody was asked
    assert "    bentuk: PAdES B-T" in lines
    assert (
        "    pencabutan sertifikat: TIDAK diperiksa (berkas tidak membawa data pencabutan yang berlaku pada waktunya)"
        in lines
    )
    lines.clear()
    assert verify_files([path], trust, lines.append, online=True) == 0, lines
    assert "    pencabutan sertifikat: diperiksa dari internet atau data di dalam berkas" in lines
    pki.revoked.add(camat.cert.serial_number)
    try:
        lines.clear()
        assert verify_files([path], trust, lines.append, online=True) == 1, lines
        assert "    GAGAL: sertifikat penanda tangan sudah DICABUT" in lines
    finally:
        pki.revoked.discard(camat.cert.serial_number)


def test_a_field_added_first_then_signed_by_a_good_signature(
    unsigned: bytes, pki, tmp_path: Path
) -> None:  # noqa: ANN001
    """BSrE's signer adds the next signature's field in one update and signs it in the next:
    allowed when that signature is good; the same field left empty is what covers a page."""
    from pyhanko.sign import signers

    first = _sign(unsigned, pki.p12, None, tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(first))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("Kedua", on_page=0, box=(10, 10, 60, 60))
    )
    buf = io.BytesIO()
    writer.write(buf)
    with_field = buf.getvalue()
    signer = signer_from_env(
        {"TTE_P12": str(pki.p12), "TTE_PASSPHRASE": PASS}, tmp_path / "c", tmp_path / "o"
    )
    second = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Kedua", md_algorithm="sha256"), signer.hanko
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(with_field)))
    code, out = _verify(tmp_path, second.getvalue(), "--trust", str(pki.ca_pem))
    assert code == 0, out
    assert "sesudah tanda tangan: tanda tangan lain yang juga berlaku" in out
    code, out = _verify(tmp_path, with_field, "--trust", str(pki.ca_pem), name="kosong.pdf")
    assert (
        code == 1
        and "TIDAK BOLEH: ruas tanda tangan kosong 'Kedua' dengan tampilan 50 x 50 pt di halaman 1"
        in out
    ), out


def test_a_certificate_with_a_crl_only_is_b_lta_too(unsigned: bytes, pki, tmp_path: Path) -> None:  # noqa: ANN001
    """No OCSP responder named: the build embeds the CA's CRL, and verify checks it from the
    file after the certificate expired."""
    ca = pki.ca
    camat = issue(ca, "RAHMADI", revocation=pki.base, ocsp=False)
    p12 = write_p12(tmp_path / "crl.p12", camat, ca, PASS)
    asked = len(pki.requests)
    signed = _sign(unsigned, p12, pki.tsa_url, tmp_path)
    assert "/ca.crl" in pki.requests[asked:]
    code, out = _verify(tmp_path, signed, "--trust", str(pki.ca_pem), "--later")
    assert code == 0, out
    assert (
        "bentuk: PAdES B-LTA" in out
        and "pencabutan sertifikat: diperiksa dari data di dalam berkas" in out
    )


def test_a_look_alike_of_the_national_root_fails(unsigned: bytes, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    """A forger's CA named exactly as the shipped root: its certificates do not chain to the
    real one, and verify fails rather than trusting the name."""
    from cryptography import x509 as cx509

    (real,) = shipped()
    fake_root = make_ca(subject=cx509.load_der_x509_certificate(real.cert.dump()).subject)
    p12 = write_p12(tmp_path / "tiruan.p12", issue(fake_root, "RAHMADI"), fake_root, PASS)
    code, out = _verify(tmp_path, _sign(unsigned, p12, None, tmp_path))
    assert code == 1 and "BAIK" not in out, out
    assert "rusak atau tiruan" in out or "(tiruan, atau rusak)" in out, out


def test_any_changed_byte_of_the_signed_part_fails(unsigned: bytes, pki, tmp_path: Path) -> None:  # noqa: ANN001
    """Property: whichever byte of the signed ranges changes (anywhere but the signature's own
    /Contents), verify never says BAIK."""
    import re

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    signed = _sign(unsigned, pki.p12, None, tmp_path)
    a, b, c, d = (
        int(x) for x in re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", signed).groups()
    )
    covered = [*range(a, a + b), *range(c, c + d)]
    trust = anchors([], [pki.ca_pem])

    @settings(
        max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(at=st.sampled_from(covered), bit=st.integers(0, 7))
    def flipped(at: int, bit: int) -> None:
        data = bytearray(signed)
        data[at] ^= 1 << bit
        path = tmp_path / "flip.pdf"
        path.write_bytes(bytes(data))
        assert verify_files([path], trust, lambda _: None) != 0, (at, bit)

    original = tmp_path / "asli.pdf"
    original.write_bytes(signed)
    assert verify_files([original], trust, lambda _: None) == 0
    flipped()
