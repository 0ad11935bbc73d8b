"""The editor's requests without a browser: who may write, what a save writes and refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officedocs.cli import main
from officedocs.editor.app import Editor, Request, digest
from officedocs.yamltext import load_text

SOP = "content/sop/pengukuran-kinerja-triwulan.yaml"
PORT = 8123
HOST = {"host": f"127.0.0.1:{PORT}"}


def _editor(site: Path) -> Editor:
    return Editor(site / "content", key="kunci-uji")


def _post(editor: Editor, route: str, body: dict, headers: dict | None = None):  # noqa: ANN202
    headers = HOST | {"x-kunci": "kunci-uji"} if headers is None else headers
    req = Request("POST", f"/_sunting/api/{route}", headers, PORT, json.dumps(body).encode())
    return editor.handle(req)


def _save(editor: Editor, data: dict, base: str | None, doc_id: str = "pengukuran-kinerja-triwulan"):  # noqa: ANN202
    body = {"kind": "sop", "id": doc_id, "data": data, "base": base, "new": False}
    answer = _post(editor, "simpan", body)
    return answer.status, json.loads(answer.body)


def test_only_the_key_and_the_local_host_may_write(site_dir: Path) -> None:
    editor = _editor(site_dir)
    sop = site_dir / SOP
    data = load_text(sop.read_bytes()).data | {"nama": "Diubah"}
    body = {"kind": "sop", "id": "pengukuran-kinerja-triwulan", "data": data}
    body |= {"base": digest(sop), "new": False}
    before = sop.read_bytes()
    assert _post(editor, "simpan", body, HOST).status == 403
    assert _post(editor, "simpan", body, HOST | {"x-kunci": "salah"}).status == 403
    other = {"host": f"evil.example:{PORT}", "x-kunci": "kunci-uji"}
    assert _post(editor, "simpan", body, other).status == 421
    assert _post(editor, "simpan", body, {"x-kunci": "kunci-uji"}).status == 421
    # A cookie alone does not write: a form on another site could send one.
    assert _post(editor, "simpan", body, HOST | {"cookie": "sunting=kunci-uji"}).status == 403
    assert sop.read_bytes() == before
    assert _post(editor, "simpan", body).status == 200
    assert b"nama: Diubah\n" in sop.read_bytes()


def test_pages_need_the_key_once_then_the_cookie(site_dir: Path) -> None:
    editor = _editor(site_dir)
    page = "/_sunting/sop/pengukuran-kinerja-triwulan"
    assert editor.handle(Request("GET", page, HOST, PORT)).status == 403
    first = editor.handle(Request("GET", "/_sunting/?kunci=kunci-uji", HOST, PORT))
    assert first.status == 303 and first.headers["Location"] == "/_sunting/"
    cookie = first.headers["Set-Cookie"].split(";")[0]
    assert "HttpOnly" in first.headers["Set-Cookie"] and "SameSite=Strict" in first.headers["Set-Cookie"]
    answer = editor.handle(Request("GET", page, HOST | {"cookie": cookie}, PORT))
    assert answer.status == 200
    assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    html = answer.body.decode()
    assert "Pelaksanaan Pengukuran Kinerja Triwulan" in html and 'data-label="Nomor SOP"' in html
    lost = editor.handle(Request("GET", "/_sunting/sop/..%2Fkantor", HOST | {"cookie": cookie}, PORT))
    assert lost.status == 404


def test_a_file_changed_on_disk_is_not_overwritten(site_dir: Path) -> None:
    editor = _editor(site_dir)
    sop = site_dir / SOP
    base = digest(sop)
    data = load_text(sop.read_bytes()).data | {"nama": "Dari Formulir"}
    sop.write_text(sop.read_text().replace("Pelaksanaan", "Diubah di Luar"))
    changed = sop.read_bytes()
    status, answer = _save(editor, data, base)
    assert (status, answer) == (409, {"ok": False, "changed": True})
    assert sop.read_bytes() == changed


def test_a_value_with_a_problem_is_not_saved_and_a_good_one_passes_check(site_dir: Path) -> None:
    editor = _editor(site_dir)
    sop = site_dir / SOP
    before = sop.read_bytes()
    data = load_text(before).data
    status, answer = _save(editor, data | {"tanggal_efektif": "2023-02-30"}, digest(sop))
    assert status == 200 and not answer["ok"]
    assert {"where": "tanggal_efektif", "kind": "error", "line": 1} | {
        "message": 'tanggal ini tidak ada di kalender (ditemukan: "2023-02-30")'
    } in answer["problems"]
    assert sop.read_bytes() == before
    status, answer = _save(editor, data | {"tanggal_revisi": "2024-01-02"}, digest(sop))
    assert answer["ok"] and answer["base"] == digest(sop)
    assert not list(sop.parent.glob(".*.tmp"))  # the atomic save left nothing beside the file
    assert main(["check", "--content", str(site_dir / "content")]) == 0


def test_a_new_sop_needs_a_free_file_name(site_dir: Path) -> None:
    editor = _editor(site_dir)
    data = load_text((site_dir / SOP).read_bytes()).data | {"nomor": "099/HLG/2024"}
    for doc_id, message in [
        ("Bad Name", "nama berkas hanya huruf kecil, angka dan tanda -, misalnya pelayanan-ktp"),
        ("pengukuran-kinerja-triwulan", "berkas content/sop/pengukuran-kinerja-triwulan.yaml sudah ada; pilih nama lain"),
    ]:
        body = {"kind": "sop", "id": doc_id, "data": data, "base": None, "new": True}
        answer = json.loads(_post(editor, "simpan", body).body)
        assert answer == {"ok": False, "problems": [{"where": "__berkas", "message": message, "kind": "error"}]}
    body = {"kind": "sop", "id": "salinan", "data": data, "base": None, "new": True}
    assert json.loads(_post(editor, "simpan", body).body)["ok"]
    text = (site_dir / "content/sop/salinan.yaml").read_text()
    assert text.startswith("# SOP baru, dibuat dari templat penyunting.")
    assert main(["check", "--content", str(site_dir / "content")]) == 0


def test_the_check_names_the_field_of_a_jump_to_a_removed_step(site_dir: Path) -> None:
    editor = _editor(site_dir)
    data = load_text((site_dir / SOP).read_bytes()).data
    data["kegiatan"][4]["keputusan"]["tidak"] = "\x00dihapus"
    body = {"kind": "sop", "id": "pengukuran-kinerja-triwulan", "data": data}
    answer = json.loads(_post(editor, "periksa", body).body)
    errors = [p for p in answer["problems"] if p["kind"] == "error"]
    assert [(p["where"], p["message"]) for p in errors] == [
        ("kegiatan[4].keputusan.tidak", "langkah tujuan sudah dihapus; pilih langkah lain")
    ]
    assert answer["page"] is None  # no drawing of a flow with a hole in it
    assert answer["pejabat"] == {"camat": "RAHMADI, S.Sos., M.AP"}


def test_every_field_of_the_models_has_a_control() -> None:
    from officedocs.editor.forms import FORMS
    from officedocs.schema import Kegiatan, Laporan, Sop

    sop, laporan = FORMS["sop"], FORMS["laporan"]
    assert [f.key for f in sop.fields] == list(Sop.model_fields)
    assert [f.key for f in laporan.fields] == list(Laporan.model_fields)
    step = next(f for f in sop.fields if f.key == "kegiatan").item
    assert [f.key for f in step.fields] == list(Kegiatan.model_fields)
    labels = {f.key: (f.label, f.widget) for f in sop.fields}
    assert labels["tanggal_efektif"] == ("Tanggal Efektif", "date")
    assert labels["disahkan_oleh"] == ("Disahkan Oleh", "role")
    assert labels["peralatan"] == ("Peralatan/Perlengkapan", "list")
    assert {f.key: f.widget for f in step.fields}["keputusan"] == "branches"


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(st.sampled_from(["nama", "pelaksana", "kegiatan", "x", "dasar_hukum", "tanggal_efektif", "keterkaitan"]), JSONISH, max_size=3),
    route=st.sampled_from(["periksa", "simpan"]),
)
def test_whatever_a_request_carries_the_answer_is_a_verdict(site_dir: Path, changes: dict, route: str) -> None:
    editor = _editor(site_dir)
    sop = site_dir / SOP
    data = load_text(sop.read_bytes()).data | changes
    body = {"kind": "sop", "id": "pengukuran-kinerja-triwulan", "data": data, "base": digest(sop), "new": False}
    answer = _post(editor, route, body)
    assert answer.status == 200, answer.body
    verdict = json.loads(answer.body)
    if route == "simpan" and verdict["ok"]:
        assert main(["check", "--content", str(site_dir / "content")]) == 0  # what it saved holds


def test_a_key_the_form_does_not_show_is_kept_and_reported(site_dir: Path) -> None:
    editor = _editor(site_dir)
    sop = site_dir / SOP
    sop.write_text(sop.read_text().replace("    waktu: 2 Hari\n", "    waktu: 2 Hari\n    catatan_lain: x\n", 1))
    before = sop.read_bytes()
    form = load_text(before).data
    del form["kegiatan"][3]["catatan_lain"]  # the form has no control for it
    form["kegiatan"] = [dict(s, __asal=i) for i, s in enumerate(form["kegiatan"])]
    status, answer = _save(editor, form | {"nama": "Diubah"}, digest(sop))
    assert not answer["ok"]
    assert [(p["where"], p["message"]) for p in answer["problems"] if p["kind"] == "error"] == [
        ("kegiatan[3].catatan_lain", 'kunci "catatan_lain" tidak dikenal')
    ]
    assert sop.read_bytes() == before
