"""A signing key that cannot be used stops the build with one clear line, before anything is
written. None of these tests renders a PDF: the key is checked first."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from pki import DAY, NOW, issue, make_ca, write_p12

from officedocs.cli import main
from officedocs.sign import signer_from_env

pytestmark = pytest.mark.slow  # signing (keys and certificates made for each test)

PASS = "kata sandi uji"


@pytest.fixture(scope="module")
def ca():  # noqa: ANN201
    return make_ca()


def _build(site_dir: Path, capsys, p12: Path | str, passphrase: str | None = PASS) -> str:  # noqa: ANN001
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TTE_P12", str(p12))
        if passphrase is None:
            mp.delenv("TTE_PASSPHRASE", raising=False)
        else:
            mp.setenv("TTE_PASSPHRASE", passphrase)
        assert main(["--quiet"]) == 1
    assert not (site_dir / "output").exists()  # nothing written
    (line,) = capsys.readouterr().err.splitlines()
    return line


def test_wrong_passphrase(site_dir: Path, tmp_path_factory, ca, capsys) -> None:  # noqa: ANN001
    p12 = write_p12(tmp_path_factory.mktemp("k") / "camat.p12", issue(ca, "RAHMADI"), ca, PASS)
    assert _build(site_dir, capsys, p12, "salah") == (
        f"gagal: {p12}: TTE_PASSPHRASE salah, kunci tidak bisa dibuka"
    )


def test_missing_passphrase(site_dir: Path, tmp_path_factory, ca, capsys) -> None:  # noqa: ANN001
    p12 = write_p12(tmp_path_factory.mktemp("k") / "camat.p12", issue(ca, "RAHMADI"), ca, PASS)
    assert _build(site_dir, capsys, p12, None) == (
        f"gagal: {p12}: TTE_PASSPHRASE belum diisi, kunci tidak bisa dibuka"
    )


def test_expired_certificate(site_dir: Path, tmp_path_factory, ca, capsys) -> None:  # noqa: ANN001
    old = issue(ca, "RAHMADI", not_before=NOW - 400 * DAY, not_after=NOW - 35 * DAY)
    p12 = write_p12(tmp_path_factory.mktemp("k") / "lama.p12", old, ca, PASS)
    line = _build(site_dir, capsys, p12)
    assert line.startswith(f"gagal: {p12}: sertifikat RAHMADI sudah kedaluwarsa sejak ")


def test_certificate_not_yet_valid(site_dir: Path, tmp_path_factory, ca, capsys) -> None:  # noqa: ANN001
    new = issue(ca, "RAHMADI", not_before=NOW + 10 * DAY, not_after=NOW + 400 * DAY)
    p12 = write_p12(tmp_path_factory.mktemp("k") / "baru.p12", new, ca, PASS)
    line = _build(site_dir, capsys, p12)
    assert line.startswith(f"gagal: {p12}: sertifikat RAHMADI belum berlaku sampai ")


@pytest.mark.parametrize("folder", ["content", "output"])
def test_key_inside_the_project_is_refused(site_dir: Path, ca, capsys, folder: str) -> None:  # noqa: ANN001
    (site_dir / folder).mkdir(exist_ok=True)
    p12 = write_p12(site_dir / folder / "camat.p12", issue(ca, "RAHMADI"), ca, PASS)
    if folder == "output":
        # output/ exists here only to hold the key; check that nothing else was written to it.
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TTE_P12", str(p12))
            mp.setenv("TTE_PASSPHRASE", PASS)
            assert main(["--quiet"]) == 1
        assert [p.name for p in (site_dir / "output").iterdir()] == ["camat.p12"]
        (line,) = capsys.readouterr().err.splitlines()
    else:
        line = _build(site_dir, capsys, f"{folder}/camat.p12")
        p12 = Path(f"{folder}/camat.p12")
    assert line == (
        f"gagal: {p12}: kunci penanda tangan tidak boleh di dalam {folder}/ "
        "(bisa ikut tersalin atau terbit); simpan di luar folder proyek"
    )


def test_unreadable_and_wrong_files(site_dir: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    missing = tmp_path / "tidak-ada.p12"
    assert _build(site_dir, capsys, missing) == (
        f"gagal: {missing}: berkas kunci tidak bisa dibaca (berkas tidak ada)"
    )
    text = tmp_path / "catatan.p12"
    text.write_text("bukan kunci\n")
    assert _build(site_dir, capsys, text) == (
        f"gagal: {text}: bukan berkas kunci PKCS#12 (.p12/.pfx)"
    )


def test_without_a_key_the_build_says_so_once(site_dir: Path, capsys) -> None:  # noqa: ANN001
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("TTE_P12", raising=False)
        mp.delenv("TTE_PASSPHRASE", raising=False)
        # Only the two final SOPs are built, and only they are worth saying anything about.
        assert main(["--quiet", "--jobs", "1"]) == 0
    err = capsys.readouterr().err.splitlines()
    unsigned = [line for line in err if "tanpa tanda tangan" in line]
    assert unsigned == [
        "catatan: 2 dokumen final tanpa tanda tangan elektronik (TTE_P12 dan TTE_PASSPHRASE tidak diatur)"
    ]


def _child_view(signer, queue) -> None:  # noqa: ANN001 - runs in the forked child
    queue.put((signer.hanko is None, "TTE_PASSPHRASE" in os.environ, signer.fingerprint))


def test_forked_workers_do_not_hold_the_key(tmp_path: Path, ca) -> None:  # noqa: ANN001
    p12 = write_p12(tmp_path / "camat.p12", issue(ca, "RAHMADI"), ca, PASS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TTE_PASSPHRASE", PASS)
        signer = signer_from_env(
            {"TTE_P12": str(p12), "TTE_PASSPHRASE": PASS}, tmp_path / "content", tmp_path / "out"
        )
        context = multiprocessing.get_context("fork")  # as the PDF worker pool starts them
        queue = context.Queue()
        child = context.Process(target=_child_view, args=(signer, queue))
        child.start()
        dropped, env_has_passphrase, fingerprint = queue.get(timeout=60)
        child.join()
        assert dropped and not env_has_passphrase and fingerprint == signer.fingerprint
        assert signer.hanko is not None and os.environ["TTE_PASSPHRASE"] == PASS  # parent keeps it


def test_tsa_down_fails_the_signed_documents(site_dir: Path, tmp_path: Path, ca, capsys) -> None:  # noqa: ANN001
    p12 = write_p12(tmp_path / "camat.p12", issue(ca, "RAHMADI"), ca, PASS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TTE_P12", str(p12))
        mp.setenv("TTE_PASSPHRASE", PASS)
        mp.setenv("TTE_TSA", "http://127.0.0.1:9/")  # nothing listens on the discard port
        assert main(["--quiet", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert (
        "sop/pengumpulan-data-kinerja.pdf gagal dibuat: server cap waktu http://127.0.0.1:9/ tidak menjawab"
        in err
    )
    assert not (
        site_dir / "output/sop/pengumpulan-data-kinerja.pdf"
    ).exists()  # no unsigned stand-in
