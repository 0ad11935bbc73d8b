"""The editor in a real browser against a real `build.py serve`: an SOP made and changed only
through the form, problems shown beside their field, and the drawing beside the form the same
as the built sheet's. Nothing is timed: waits are generous for a busy machine."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM, chromium, serious_violations, serve  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs.yamltext import load_text

ROOT = Path(__file__).resolve().parent.parent
SOP = "content/sop/pengukuran-kinerja-triwulan.yaml"
WAIT = 60_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


@pytest.fixture
def editor(site_dir: Path) -> Iterator[str]:
    """`build.py serve` in a copy of the content; yields the editor's link with its key."""
    with serve(site_dir) as (lines, _):
        assert lines.get(timeout=60).startswith("Situs: http://127.0.0.1:")
        second = lines.get(timeout=60)
        assert re.fullmatch(r"Penyunting: http://127\.0\.0\.1:\d+/_sunting/\?kunci=\S+\n", second)
        yield second.split()[1]


@pytest.fixture
def page(editor: str, site_dir: Path):  # noqa: ANN201
    pytest.importorskip("playwright.sync_api")
    viewport = {"width": 1400, "height": 1000}
    with chromium(site_dir / "chromium", viewport=viewport) as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.set_default_timeout(WAIT)
        page.goto(editor)  # the key becomes a cookie; the address loses it
        assert "kunci" not in page.url
        yield page
    assert errors == []  # the script never failed, the page's policy refused nothing


def _label(page, text: str):  # noqa: ANN001, ANN202
    return page.get_by_label(text, exact=True)


def _checked(page) -> None:  # noqa: ANN001
    """Wait until the server has answered the last change (the form says which it showed)."""
    page.wait_for_function(
        "() => { const m = document.querySelector('main.sunting');"
        " return m.dataset.checked && !document.querySelector('main.sunting[data-busy]'); }"
    )


def _save(page) -> str:  # noqa: ANN001
    status = page.get_by_role("status")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_function(
        "() => { const s = document.getElementById('status').textContent;"
        " return s && s !== 'Menyimpan...'; }"
    )
    return status.inner_text()


def _add(page, button: str, label: str, values: list[str]) -> None:  # noqa: ANN001
    for n, value in enumerate(values, 1):
        page.get_by_role("button", name=button, exact=True).click()
        _label(page, f"{label} {n}").fill(value)


def test_a_new_sop_made_in_the_form_is_saved_checked_and_built(page, site_dir: Path) -> None:  # noqa: ANN001
    page.get_by_role("button", name="SOP baru").click()
    _label(page, "Nama berkas").fill("pelayanan-surat-keterangan")
    _label(page, "Nomor SOP").fill("470/05/HLG/I/2024")
    _label(page, "Nama SOP").fill("Pelayanan Surat Keterangan")
    _label(page, "Status").select_option("final")
    _label(page, "Tanggal Pembuatan").fill("2024-01-15")
    _label(page, "Tanggal Efektif").fill("2024-01-16")
    _label(page, "Disahkan Oleh").select_option("camat")
    # The signer's choice names who holds the office on the effective date.
    page.locator('select[data-role] option[value="camat"]', has_text="RAHMADI").wait_for(state="attached")
    _add(page, "Tambah Dasar Hukum", "Dasar Hukum", ["permendagri-52-2011", "pp-12-2019"])
    _add(page, "Tambah Pelaksana", "Pelaksana", ["Petugas Loket", "Kasi Pemerintahan", "Camat"])
    _add(page, "Tambah Peralatan/Perlengkapan", "Peralatan/Perlengkapan", ["Komputer"])
    # Another SOP of the office, chosen by its name, and a free text.
    _add(page, "Tambah Keterkaitan", "Keterkaitan", ["Pelaksanaan Pengukuran Kinerja Triwulan", "SOP Arsip Surat"])
    _add(page, "Tambah Peringatan", "Peringatan", ["Jika tidak dilaksanakan, layanan terhambat"])
    steps = [
        ("Menerima berkas permohonan", "Petugas Loket"),
        ("Memeriksa kelengkapan berkas", "Kasi Pemerintahan"),
        ("Menyiapkan konsep surat keterangan", "Kasi Pemerintahan"),
        ("Menandatangani surat keterangan", "Camat"),
        ("Menyerahkan surat kepada pemohon", "Petugas Loket"),
    ]
    for n, (uraian, actor) in enumerate(steps, 1):
        page.get_by_role("button", name="Tambah langkah", exact=True).click()
        _label(page, f"Langkah {n}: Uraian Kegiatan").fill(uraian)
        _label(page, f"Langkah {n}: Pelaksana").select_option(label=actor)
        _label(page, f"Langkah {n}: Waktu").fill("15 Menit")
    # Step 4 is a decision: not signed goes back to step 3.
    _label(page, "Langkah 4: Jika tidak, ke langkah").select_option(
        label="Langkah 3: Menyiapkan konsep surat keterangan"
    )
    assert _save(page) == "Tersimpan"
    path = site_dir / "content/sop/pelayanan-surat-keterangan.yaml"
    text = path.read_text()
    assert "nama: Pelayanan Surat Keterangan\n" in text
    assert "    keputusan:\n      tidak: 3\n" in text
    assert "status: final\n" in text
    assert "keterkaitan:\n  - sop: pengukuran-kinerja-triwulan\n  - SOP Arsip Surat\n" in text
    run = [sys.executable, str(ROOT / "build.py")]
    check = subprocess.run([*run, "check"], cwd=site_dir, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    out = site_dir / "built"
    build = subprocess.run([*run, "--output", str(out), "--quiet"], cwd=site_dir, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    assert (out / "sop/pelayanan-surat-keterangan.pdf").stat().st_size > 10_000
    html = (out / "sop/pelayanan-surat-keterangan.html").read_text()
    assert html.count('class="step"') == 5 and 'data-shape="decision"' in html
    assert "_sunting" not in html and "Sunting" not in html  # nothing of the editor in output/


def test_renaming_changes_one_line_and_keeps_the_comments(page, site_dir: Path) -> None:  # noqa: ANN001
    sop = site_dir / SOP
    before = sop.read_text()
    served = urlsplit(page.url)
    page.goto(f"{served.scheme}://{served.netloc}/sop/pengukuran-kinerja-triwulan.html")
    page.get_by_role("link", name="Sunting", exact=True).click()  # the reader's way in
    _checked(page)
    _label(page, "Nama SOP").fill("Pengukuran Kinerja Triwulanan")
    assert _save(page) == "Tersimpan"
    after = sop.read_text()
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("nama: Pelaksanaan Pengukuran Kinerja Triwulan", "nama: Pengukuran Kinerja Triwulanan")
    ]
    # The revoked regulation the SOP cites is marked beside its field (a warning: it saves).
    beside = page.locator('div.field[data-where="dasar_hukum[2]"]')
    assert "(sudah dicabut)" in beside.locator(".kutipan").inner_text()
    assert "Peringatan: SOP \"pengukuran-kinerja-triwulan\" mengutip" in beside.locator(".masalah").inner_text()
    comments = [line for line in before.splitlines() if "#" in line]
    assert comments and all(line in after.splitlines() for line in comments)


def test_bad_values_show_beside_their_field_and_are_not_saved(page, site_dir: Path) -> None:  # noqa: ANN001
    sop = site_dir / SOP
    before = sop.read_bytes()
    page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    _checked(page)
    _label(page, "Tanggal Efektif").fill("2023-02-30")
    field = page.locator('div.field[data-where="tanggal_efektif"] .masalah')
    field.get_by_text('tanggal ini tidak ada di kalender (ditemukan: "2023-02-30")').wait_for()
    assert _label(page, "Tanggal Efektif").get_attribute("aria-invalid") == "true"
    status = _save(page)
    assert status.startswith("Belum disimpan, 1 masalah:")
    assert "Tanggal Efektif: tanggal ini tidak ada di kalender" in status
    assert sop.read_bytes() == before

    _label(page, "Tanggal Efektif").fill("2023-07-26")
    # Step 5 goes back to step 4 when its data is wrong; step 4 is removed.
    assert _label(page, "Langkah 5: Jika tidak, ke langkah").input_value() == "u3"
    page.get_by_role("button", name="Hapus langkah 4", exact=True).click()
    jump = _label(page, "Langkah 4: Jika tidak, ke langkah")
    assert jump.locator("option:checked").inner_text() == "(langkah yang dihapus)"
    beside = page.locator('div.field[data-where="kegiatan[3].keputusan.tidak"] .masalah')
    beside.get_by_text("langkah tujuan sudah dihapus; pilih langkah lain").wait_for()
    status = _save(page)
    assert "Langkah 4: Jika tidak, ke langkah: langkah tujuan sudah dihapus" in status
    assert sop.read_bytes() == before


def test_moved_steps_take_their_jumps_with_them(page, site_dir: Path) -> None:  # noqa: ANN001
    sop = site_dir / SOP
    page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    _checked(page)
    # Step 3 moves above step 2: steps 4 to 7 keep their numbers, labels keep their targets.
    page.get_by_role("button", name="Naikkan langkah 3", exact=True).click()
    assert _label(page, "Langkah 2: Uraian Kegiatan").input_value().startswith("Menyampaikan Format")
    # An actor renamed: the steps it acts in follow.
    _label(page, "Pelaksana 2").fill("Sekretaris Camat")
    _label(page, "Pelaksana 2").dispatch_event("change")
    assert _save(page) == "Tersimpan"
    text = sop.read_text()
    assert "tidak: menghimpun      # data belum benar: dihimpun ulang" in text
    assert "  - Sekretaris Camat\n" in text and "pelaksana: Sekretaris\n" not in text
    assert text.count("pelaksana: Sekretaris Camat\n") == 1
    check = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"], cwd=site_dir, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def _request(editor: str, headers: dict[str, str]) -> int:
    url = urlsplit(editor)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps({"kind": "sop", "id": "x", "data": {}, "new": True}).encode()
    conn.request("POST", "/_sunting/api/simpan", body, headers)
    status = conn.getresponse().status
    conn.close()
    return status


def test_a_write_without_the_key_or_from_another_host_is_refused(editor: str) -> None:
    key = editor.split("kunci=")[1]
    host = urlsplit(editor).netloc
    assert _request(editor, {"Host": host}) == 403
    assert _request(editor, {"Host": host, "X-Kunci": key + "x"}) == 403
    assert _request(editor, {"Host": "attacker.example", "X-Kunci": key}) == 421
    assert _request(editor, {"Host": host, "X-Kunci": key}) == 200  # the key and the Host: heard


def test_the_drawing_beside_the_form_is_the_built_sheets(page, site_dir: Path) -> None:  # noqa: ANN001
    with page.expect_response(lambda r: r.url.endswith("/api/periksa")) as answer:
        page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    svgs = re.findall(r'<svg class="flowchart".*?</svg>', answer.value.json()["page"], re.S)
    out = site_dir / "built"
    build = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--no-pdf", "--output", str(out), "--quiet"],
        cwd=site_dir,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    html = (out / "sop/pengukuran-kinerja-triwulan.html").read_text()
    built = re.findall(r'<svg class="flowchart".*?</svg>', html, re.S)
    assert svgs == built and len(built) >= 1
    sheet = page.frame_locator("#lembar")
    sheet.locator("svg.flowchart").first.wait_for()
    shown = sheet.locator("svg.flowchart g.step")
    assert shown.count() == len(re.findall(r'class="step"', html)) == 7
    # What the frame shows is the built page's procedure: its rows and its drawing.
    rows = sheet.locator("tr.langkah td.uraian").all_inner_texts()
    assert rows == re.findall(r'<td class="uraian">(.*?)</td>', html)


def test_a_report_shows_its_figures_as_you_type_and_saves_one_line(page, site_dir: Path) -> None:  # noqa: ANN001
    report = site_dir / "content/laporan/kinerja-triwulan-iii-2023.yaml"
    before = report.read_text()
    page.get_by_role("link", name="Laporan Kinerja Triwulan III Tahun 2023").click()
    figures = page.locator("#pratinjau table.hasil").first
    row = figures.locator("tr", has_text="Indeks Kepuasan Masyarakat")
    row.get_by_text("100,85 %").wait_for()  # 83.20 / 82.50, the last quarter's position
    _label(page, "Sasaran 1, Indikator Kinerja 1, Realisasi TW 3").fill("90")
    row.get_by_text("109,09 %").wait_for()  # computed again as typed
    _label(page, "Faktor Pendorong").fill("Dukungan **penuh** dari Camat.")
    page.locator('[data-preview="faktor_pendorong"] strong', has_text="penuh").wait_for()
    _label(page, "Faktor Pendorong").fill(load_text(before.encode()).data["faktor_pendorong"])
    assert _save(page) == "Tersimpan"
    changed = [
        (a, b) for a, b in zip(before.splitlines(), report.read_text().splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("        realisasi: [80.10, 81.55, 83.20]", "        realisasi: [80.10, 81.55, 90]")
    ]


def test_a_named_branch_is_added_through_the_form(page, site_dir: Path) -> None:  # noqa: ANN001
    sop = site_dir / SOP
    page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    _checked(page)
    page.get_by_role("button", name="Tambah cabang langkah 5", exact=True).click()
    _label(page, "Langkah 5: Nama cabang 3").fill("Ditunda")
    _label(page, "Langkah 5: Jika Ditunda, ke langkah").select_option(
        label="Langkah 7: Entri pada Aplikasi E-Kino dan E-Monev serta Mengarsipkan"
    )
    page.frame_locator("#lembar").locator('path.edge[data-from="5"][data-label="Ditunda"]').wait_for(state="attached")
    assert _save(page) == "Tersimpan"
    assert (
        "    keputusan:\n      tidak: menghimpun      # data belum benar: dihimpun ulang\n"
        "      Ditunda: 7\n" in sop.read_text()
    )


def test_a_file_changed_on_disk_meanwhile_is_kept_and_a_reload_offered(page, site_dir: Path) -> None:  # noqa: ANN001
    sop = site_dir / SOP
    page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    _checked(page)
    _label(page, "Nama SOP").fill("Dari Formulir")
    sop.write_text(sop.read_text().replace("nama: Pelaksanaan", "nama: Diubah di Luar, Pelaksanaan"))
    changed = sop.read_bytes()
    assert _save(page).startswith("Belum disimpan: berkas ini diubah di luar penyunting")
    assert sop.read_bytes() == changed
    page.get_by_role("button", name="Muat ulang").click()
    page.wait_for_function(
        "() => document.querySelector('main.sunting')?.dataset.checked"
        " && document.querySelector('[data-key=nama]').value.startsWith('Diubah di Luar')"
    )
    assert _label(page, "Nama SOP").input_value() == "Diubah di Luar, Pelaksanaan Pengukuran Kinerja Triwulan"


@pytest.mark.parametrize("form", ["sop/pengukuran-kinerja-triwulan", "laporan/kinerja-triwulan-iii-2023", "sop/baru", ""])
def test_no_serious_accessibility_violation_in_the_editor(page, form: str) -> None:  # noqa: ANN001
    page.goto(page.url.split("/_sunting/")[0] + "/_sunting/" + form)
    if form:
        _checked(page)
    assert serious_violations(page) == []


def test_a_problem_of_a_whole_step_shows_in_that_step(page, site_dir: Path) -> None:  # noqa: ANN001
    page.get_by_role("link", name="Pelaksanaan Pengukuran Kinerja Triwulan").click()
    _checked(page)
    # Step 3 jumps to step 7: steps 4 to 6 are never reached.
    _label(page, "Langkah 3: Lanjut ke langkah").select_option(
        label="Langkah 7: Entri pada Aplikasi E-Kino dan E-Monev serta Mengarsipkan"
    )
    row = page.locator('fieldset.baris[data-where="kegiatan[3]"] > .masalah')
    row.get_by_text("langkah 4 tidak pernah dicapai dari langkah 1", exact=True).wait_for()
