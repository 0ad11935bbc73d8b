"""The importer's text rules, on the wording of the real sheets (../shared/seeds)."""

from __future__ import annotations

import datetime as dt

import yaml

from officedocs.impor import matching
from officedocs.impor.model import Line
from officedocs.impor.text import items, join
from officedocs.impor.yamlout import dump
from officedocs.yamltext import load_text

REGISTRY = {
    "permendagri-73-2009": {
        "jenis": "Peraturan Menteri Dalam Negeri",
        "nomor": "73",
        "tahun": 2009,
    },
    "pp-12-2019": {
        "jenis": "Peraturan Pemerintah Republik Indonesia",
        "nomor": "12",
        "tahun": 2019,
    },
}


def test_wrapped_and_hyphenated_lines_are_joined():
    assert join(["Kasubbag", "Perencanaan", "dan Keuangan"]) == "Kasubbag Perencanaan dan Keuangan"
    assert join(["Pelak-", "sanaan Kegiatan"]) == "Pelaksanaan Kegiatan"
    assert join(["Aplikasi E-", "Kino"]) == "Aplikasi E-Kino"  # the hyphen is the word's own
    assert join(["Kasi Peme\u2010", "rintahan"]) == "Kasi Pemerintahan"  # WeasyPrint's hyphen
    assert join(["masing-", "masing pegawai"]) == "masing-masing pegawai"
    assert join(["laporan sehari-", "hari"]) == "laporan sehari-hari"
    assert join(["Provinsi dan Kabupaten/", "Kota;"]) == "Provinsi dan Kabupaten/Kota;"


def test_numbered_blocks_lose_numbers_and_list_punctuation():
    seed = [
        Line("1. Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar"),
        Line("Operasional Prosedur;"),
        Line("2."),
        Line("Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah."),
        Line("3."),  # an empty numbered slot, as the real sheets print
    ]
    assert items(seed) == [
        "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional Prosedur",
        "Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah",
    ]
    # Word's own numbering: the number is not in the text, the paragraph says it is numbered.
    word = [Line("Renja SKPD", True), Line("Perangkat", True), Line("Komputer")]
    assert items(word) == ["Renja SKPD", "Perangkat Komputer"]
    # A full stop that ends every item is the items' own.
    sentences = [Line("1. Memahami Kepegawaian."), Line("2. Memiliki Kemampuan.")]
    assert items(sentences) == ["Memahami Kepegawaian.", "Memiliki Kemampuan."]


def test_dates_in_indonesian():
    assert matching.tanggal("26 Juli 2023") == (dt.date(2023, 7, 26), None)
    assert matching.tanggal(": 03 Januari 2017") == (dt.date(2017, 1, 3), None)
    assert matching.tanggal(" -") == (None, None)
    assert matching.tanggal("31 Juni 2023")[1] == (
        'tanggal tercetak "31 Juni 2023" tidak terbaca; tulis sebagai TTTT-BB-HH'
    )
    assert matching.tanggal("Juli 2023") == (
        dt.date(2023, 7, 1),
        'tercetak "Juli 2023" tanpa tanggal; ditulis tanggal 1',
    )


def test_citations_match_by_kind_number_and_year():
    seed = "Peraturan Menteri Dalam Negeri Nomor 73 tahun 2009 tentang Tata Cara Pelaksanaan"
    assert matching.dasar_hukum(seed, REGISTRY) == ("permendagri-73-2009", None, None)
    short = "Peraturan Pemerintah Nomor 12 Tahun 2019 tentang Pengelolaan Keuangan Daerah"
    assert matching.dasar_hukum(short, REGISTRY) == ("pp-12-2019", None, None)
    rid, note, entry = matching.dasar_hukum(
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah", REGISTRY
    )
    assert rid == "uu-23-2014" and note and entry["tentang"] == "Pemerintahan Daerah"
    # Same number and year, another kind: the match is offered, and flagged.
    rid, note, entry = matching.dasar_hukum("Perda Nomor 73 Tahun 2009 tentang X", REGISTRY)
    assert (rid, entry) == ("permendagri-73-2009", None) and "berbeda" in note


def test_written_yaml_reads_back_as_the_same_text():
    data = {
        "nomor": "012",
        "nama": "no",
        "peringatan": "Jika: gagal # bukan komentar",
        "tanggal_efektif": dt.date(2023, 7, 26),
        "tanggal_revisi": None,
        "keterkaitan": [{"sop": "a"}, "SOP 'B'"],
        "pencatatan": [],
    }
    text = dump(data, {("nama",): "tebakan"}, ["judul"])
    assert '# PERIKSA: tebakan\nnama: "no"' in text
    assert yaml.safe_load(text)["peringatan"] == "Jika: gagal # bukan komentar"
    loaded = load_text(text.encode()).data
    assert loaded["nomor"] == "012" and loaded["nama"] == "no"
    assert loaded["keterkaitan"] == [{"sop": "a"}, "SOP 'B'"]
