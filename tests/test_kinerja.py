"""Capaian, kategori and budget figures of the quarterly report (laporan.md, "Computation").

Expected figures are worked by hand and shown as they print (through `persen`/`rupiah`).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedocs.formatting import persen, rupiah
from officedocs.kinerja import (
    BudgetLineInput,
    IndikatorInput,
    capaian,
    capaian_keuangan,
    dibatasi,
    hitung_laporan,
    kategori,
    rata_rata_capaian,
    realisasi_sd,
    sisa_anggaran,
)

D = Decimal
HUNDRED = D(100)


def ds(*values: str) -> tuple[Decimal, ...]:
    return tuple(D(v) for v in values)


# --- realisasi s/d TW n ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agregasi", "expected"),
    [("kumulatif", D("19")), ("posisi_akhir", D("6")), ("rata_rata", D("19") / 3)],
)
def test_realisasi_sd(agregasi: str, expected: Decimal) -> None:
    assert realisasi_sd(ds("6", "7", "6"), agregasi) == expected


def test_realisasi_sd_nothing_reported() -> None:
    assert realisasi_sd((), "kumulatif") is None


def test_realisasi_sd_unknown_agregasi() -> None:
    with pytest.raises(ValueError, match="unknown agregasi 'total'"):
        realisasi_sd(ds("1"), "total")


# --- capaian (hand-worked cases of laporan.md) ----------------------------------------------


def test_negatif_2t_minus_r() -> None:
    # (2 x 88.82 - 135.15) / 88.82 x 100 = 42.49 / 88.82 x 100 = 47.838...
    assert persen(capaian(D("88.82"), D("135.15"), "negatif")) == "47,84"


def test_negatif_t_per_r() -> None:
    # 88.82 / 135.15 x 100 = 65.719...
    assert persen(capaian(D("88.82"), D("135.15"), "negatif", "t_per_r")) == "65,72"


def test_negatif_zero_realisation_prints_200_and_counts_100_in_averages() -> None:
    c = capaian(D("5"), D("0"), "negatif")
    assert persen(c) == "200,00"
    assert dibatasi(c, HUNDRED) == 100
    assert rata_rata_capaian([c, D("80")], HUNDRED) == 90


def test_negatif_zero_realisation_with_t_per_r_is_not_computable() -> None:
    assert capaian(D("5"), D("0"), "negatif", "t_per_r") is None


def test_negatif_floored_at_zero() -> None:
    # R more than twice the target: (2 x 10 - 25) / 10 would be -50 %.
    assert capaian(D("10"), D("25"), "negatif") == 0


def test_positif() -> None:
    assert persen(capaian(D("82.50"), D("83.20"), "positif")) == "100,85"  # printed uncapped
    assert persen(capaian(D("25"), D("19"), "positif")) == "76,00"


@pytest.mark.parametrize("polaritas", ["positif", "negatif"])
@pytest.mark.parametrize("rumus", ["2t_minus_r", "t_per_r"])
def test_zero_target_is_not_computable_and_left_out_of_the_average(
    polaritas: str, rumus: str
) -> None:
    c = capaian(D("0"), D("1"), polaritas, rumus)
    assert c is None
    assert persen(c) == "-"
    assert rata_rata_capaian([c, D("70"), D("80")], HUNDRED) == 75


def test_missing_realisation_is_not_computable() -> None:
    assert capaian(D("10"), None, "positif") is None


def test_unknown_polaritas_and_rumus() -> None:
    with pytest.raises(ValueError, match="unknown polaritas 'naik'"):
        capaian(D("1"), D("1"), "naik")
    with pytest.raises(ValueError, match="unknown rumus_negatif 't/r'"):
        capaian(D("1"), D("1"), "negatif", "t/r")


# --- capping and averages -------------------------------------------------------------------


def test_dibatasi() -> None:
    assert dibatasi(D("101.32"), HUNDRED) == 100
    assert dibatasi(D("99.5"), HUNDRED) == D("99.5")
    assert dibatasi(D("101.32"), None) == D("101.32")
    assert dibatasi(None, HUNDRED) is None


def test_average_uses_unrounded_capped_values() -> None:
    # Rounded first, 66.67 + 66.67 + 66.66 would average 66.67; unrounded it is 66.6646...
    assert persen(rata_rata_capaian(ds("66.665", "66.665", "66.664"), HUNDRED)) == "66,66"
    # Rounded first, 75.00 would be Sedang; the unrounded 75.004 is above the bound.
    assert kategori(rata_rata_capaian(ds("75.004", "75.004"), HUNDRED)) == "Tinggi"
    assert rata_rata_capaian(ds("150", "50"), HUNDRED) == 75
    assert rata_rata_capaian(ds("150", "50"), None) == 100
    assert rata_rata_capaian([None, None], HUNDRED) is None
    assert rata_rata_capaian([], HUNDRED) is None


def test_average_of_equal_capaian_is_that_capaian() -> None:
    # 2.36 / 466.40 x 100 carries 28 significant digits; a rounded sum would drift past it.
    c = capaian(D("466.40"), D("2.36"), "positif")
    assert rata_rata_capaian([c, c], HUNDRED) == c


# --- kategori -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        ("100", "Sangat Tinggi"),
        ("90.5", "Sangat Tinggi"),
        ("90.0001", "Sangat Tinggi"),
        ("90", "Tinggi"),
        ("75.5", "Tinggi"),
        ("75", "Sedang"),
        ("65.01", "Sedang"),
        ("65", "Rendah"),
        ("50.01", "Rendah"),
        ("50", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
    ],
)
def test_kategori_strict_lower_bounds(x: str, expected: str) -> None:
    assert kategori(D(x)) == expected


def test_kategori_not_computable() -> None:
    assert kategori(None) is None


# --- budget ---------------------------------------------------------------------------------


def test_budget_line() -> None:
    spent = ds("9500000", "12250000", "11000000")
    assert persen(capaian_keuangan(D("45000000"), spent)) == "72,78"
    assert rupiah(sisa_anggaran(D("45000000"), spent)) == "Rp12.250.000"


def test_budget_overspent_and_zero_pagu() -> None:
    assert rupiah(sisa_anggaran(D("1000000"), ds("600000", "500000"))) == "-Rp100.000"
    assert capaian_keuangan(D("0"), ds("1")) is None


# --- the whole report -----------------------------------------------------------------------


def seed_report(triwulan: int = 3, **settings: object):
    """The figures of content/laporan/kinerja-triwulan-iii-2023.yaml."""
    sasaran = [
        (
            "Meningkatnya kualitas pelayanan administrasi kecamatan",
            [
                IndikatorInput(
                    "IKM",
                    "Indeks",
                    D("82.50"),
                    ds("80.10", "81.55", "83.20"),
                    "positif",
                    "posisi_akhir",
                ),
                IndikatorInput(
                    "Tepat waktu",
                    "Persen",
                    D("95"),
                    ds("92.50", "94.00", "96.25"),
                    "positif",
                    "posisi_akhir",
                ),
                IndikatorInput(
                    "Waktu penyelesaian",
                    "Hari",
                    D("3"),
                    ds("3.5", "3.2", "2.8"),
                    "negatif",
                    "rata_rata",
                ),
            ],
        ),
        (
            "Meningkatnya kualitas penyelenggaraan pemerintahan di kecamatan",
            [
                IndikatorInput(
                    "Desa dibina", "Desa", D("25"), ds("6", "7", "6"), "positif", "kumulatif"
                ),
                IndikatorInput(
                    "Pengaduan", "Persen", D("90"), ds("85", "88", "91"), "positif", "rata_rata"
                ),
                IndikatorInput(
                    "Temuan", "Temuan", D("0"), ds("4", "2", "1"), "negatif", "posisi_akhir"
                ),
            ],
        ),
    ]
    anggaran = [
        BudgetLineInput("P1", "K1", "Laporan Capaian Kinerja", D("45000000"), ds("9500000", "12250000", "11000000")),
        BudgetLineInput("P1", "K2", "Bahan Logistik Kantor", D("36500000"), ds("8125000", "9870500", "7950000")),
        BudgetLineInput("P2", "K3", "Koordinasi Pemerintahan", D("120000000"), ds("18500000", "31250000", "27400000")),
        BudgetLineInput("P3", "K4", "Musrenbang Desa", D("64750000"), ds("4200000", "15600000", "12350000")),
    ]  # fmt: skip
    return hitung_laporan(sasaran, anggaran, triwulan, **settings)


def test_seed_report_table_a() -> None:
    report = seed_report()
    printed = [
        (row.nama, *(persen(v) for v in row.realisasi_triwulan), persen(row.realisasi_sd), persen(row.capaian), row.kategori)
        for row in report.indikator
    ]  # fmt: skip
    assert printed == [
        ("IKM",                "80,10", "81,55", "83,20", "-", "83,20", "100,85", "Sangat Tinggi"),
        ("Tepat waktu",        "92,50", "94,00", "96,25", "-", "96,25", "101,32", "Sangat Tinggi"),
        ("Waktu penyelesaian", "3,50",  "3,20",  "2,80",  "-", "3,17",  "94,44",  "Sangat Tinggi"),
        ("Desa dibina",        "6,00",  "7,00",  "6,00",  "-", "19,00", "76,00",  "Tinggi"),
        ("Pengaduan",          "85,00", "88,00", "91,00", "-", "88,00", "97,78",  "Sangat Tinggi"),
        ("Temuan",             "4,00",  "2,00",  "1,00",  "-", "1,00",  "-",      None),
    ]  # fmt: skip
    assert [g.sasaran[:20] for g in report.sasaran] == ["Meningkatnya kualita"] * 2
    assert [len(g.indikator) for g in report.sasaran] == [3, 3]
    # (100 + 100 + 94.444... + 76 + 97.777...) / 5 = 93.644...; the T = 0 row is left out.
    assert persen(report.rata_rata_capaian) == "93,64"
    assert report.kategori_kinerja == "Sangat Tinggi"


def test_seed_report_table_b() -> None:
    report = seed_report()
    printed = [
        (row.sub_kegiatan, rupiah(row.pagu), *(rupiah(v) for v in row.realisasi_triwulan), rupiah(row.realisasi_sd), persen(row.capaian_keuangan), rupiah(row.sisa), row.kategori)
        for row in report.anggaran
    ]  # fmt: skip
    assert printed == [
        ("Laporan Capaian Kinerja", "Rp45.000.000",  "Rp9.500.000",  "Rp12.250.000", "Rp11.000.000", "-", "Rp32.750.000", "72,78", "Rp12.250.000", "Sedang"),
        ("Bahan Logistik Kantor",   "Rp36.500.000",  "Rp8.125.000",  "Rp9.870.500",  "Rp7.950.000",  "-", "Rp25.945.500", "71,08", "Rp10.554.500", "Sedang"),
        ("Koordinasi Pemerintahan", "Rp120.000.000", "Rp18.500.000", "Rp31.250.000", "Rp27.400.000", "-", "Rp77.150.000", "64,29", "Rp42.850.000", "Rendah"),
        ("Musrenbang Desa",         "Rp64.750.000",  "Rp4.200.000",  "Rp15.600.000", "Rp12.350.000", "-", "Rp32.150.000", "49,65", "Rp32.600.000", "Sangat Rendah"),
    ]  # fmt: skip
    total = report.total_anggaran
    assert (
        rupiah(total.pagu), *(rupiah(v) for v in total.realisasi_triwulan), rupiah(total.realisasi_sd), persen(total.capaian_keuangan), rupiah(total.sisa), total.kategori
    ) == (
        "Rp266.250.000", "Rp40.325.000", "Rp68.970.500", "Rp58.700.000", "-", "Rp167.995.500", "63,10", "Rp98.254.500", "Rendah",
    )  # fmt: skip


def test_budget_kategori_independent_of_performance_kategori() -> None:
    report = seed_report()
    assert (report.kategori_kinerja, report.total_anggaran.kategori) == ("Sangat Tinggi", "Rendah")
    # The same indicators with every budget line fully spent: performance unchanged.
    spent = hitung_laporan(
        [("S", [IndikatorInput("I", "Desa", D("25"), ds("6", "7", "6"), "positif", "kumulatif")])],
        [BudgetLineInput("P", "K", "SK", D("300"), ds("100", "100", "100"))],
        3,
    )
    assert (spent.kategori_kinerja, spent.total_anggaran.kategori) == ("Tinggi", "Sangat Tinggi")


def test_settings_change_capaian_and_average() -> None:
    # The waktu-penyelesaian row under T / R: 3 / 3.1666... x 100 = 94.74; without a cap the
    # average takes 100.85 and 101.32 as they are.
    report = seed_report(rumus_negatif="t_per_r", batas_capaian=None)
    assert persen(report.indikator[2].capaian) == "94,74"
    assert persen(report.rata_rata_capaian) == "94,14"


def test_quarters_after_triwulan_stay_empty() -> None:
    ind = IndikatorInput("I", "Desa", D("10"), ds("2"), "positif", "kumulatif")
    line = BudgetLineInput("P", "K", "SK", D("100"), ds("40"))
    report = hitung_laporan([("S", [ind])], [line], 1)
    assert report.indikator[0].realisasi_triwulan == (D("2"), None, None, None)
    assert report.anggaran[0].realisasi_triwulan == (D("40"), None, None, None)
    assert report.total_anggaran.realisasi_triwulan == (D("40"), None, None, None)


def test_more_values_than_quarters_reported() -> None:
    ind = IndikatorInput("IKM", "Indeks", D("10"), ds("1", "2"), "positif", "kumulatif")
    with pytest.raises(ValueError, match="IKM: 2 realisasi values for triwulan 1"):
        hitung_laporan([("S", [ind])], [], 1)


def test_triwulan_out_of_range() -> None:
    with pytest.raises(ValueError, match="triwulan must be 1..4, got 5"):
        hitung_laporan([], [], 5)


def test_empty_report() -> None:
    report = hitung_laporan([], [], 4)
    assert report.rata_rata_capaian is None and report.kategori_kinerja is None
    assert report.total_anggaran.pagu == 0 and report.total_anggaran.capaian_keuangan is None


# --- properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**12, places=2)
targets = st.decimals(min_value=D("0.01"), max_value=10**9, places=2)
percentages = st.decimals(min_value=0, max_value=1000, places=4)


@pytest.mark.slow  # property test (hypothesis)
@given(st.lists(amounts, max_size=4))
def test_cumulative_realisation_is_the_sum_of_its_quarters(quarters: list[Decimal]) -> None:
    r = realisasi_sd(quarters, "kumulatif")
    assert r == (sum(quarters) if quarters else None)


@pytest.mark.slow  # property test (hypothesis)
@given(targets, amounts, amounts)
def test_positive_capaian_never_decreases_as_realisation_rises(
    t: Decimal, r1: Decimal, r2: Decimal
) -> None:
    low, high = sorted((r1, r2))
    assert capaian(t, low, "positif") <= capaian(t, high, "positif")


@pytest.mark.slow  # property test (hypothesis)
@given(targets, amounts, st.sampled_from(["2t_minus_r", "t_per_r"]))
def test_negative_capaian_never_below_zero(t: Decimal, r: Decimal, rumus: str) -> None:
    c = capaian(t, r, "negatif", rumus)
    assert c is None or c >= 0


def assert_average_within_capped_range(values: list[Decimal | None], batas: Decimal | None) -> None:
    capped = [dibatasi(v, batas) for v in values if v is not None]
    average = rata_rata_capaian(values, batas)
    if capped:
        assert min(capped) <= average <= max(capped)
    else:
        assert average is None


@pytest.mark.slow  # property test (hypothesis)
@given(
    st.lists(st.one_of(st.none(), percentages), max_size=12),
    st.one_of(st.none(), st.decimals(min_value=1, max_value=200, places=2)),
)
def test_average_lies_between_min_and_max_of_capped_values(
    values: list[Decimal | None], batas: Decimal | None
) -> None:
    assert_average_within_capped_range(values, batas)


@pytest.mark.slow  # property test (hypothesis)
@given(st.lists(st.tuples(targets, amounts, st.sampled_from(["positif", "negatif"])), max_size=8))
def test_average_of_computed_capaian_lies_between_min_and_max(
    rows: list[tuple[Decimal, Decimal, str]],
) -> None:
    # Computed capaian carry 28 significant digits, so the sum itself may round.
    assert_average_within_capped_range([capaian(t, r, p) for t, r, p in rows], HUNDRED)


# -- the Renstra columns of the Renja evaluation table (optional fields) ----------------------


def test_realisasi_renstra_by_agregasi() -> None:
    from officedocs.kinerja import realisasi_renstra

    assert realisasi_renstra(D(68), D(19), "kumulatif") == D(87)  # 6 + 12
    assert realisasi_renstra(D("81.75"), D("83.20"), "posisi_akhir") == D("83.20")  # this year's
    assert realisasi_renstra(D(35), D(22), "rata_rata") == D(22)
    assert realisasi_renstra(None, D(19), "kumulatif") is None  # last year's figure needed
    assert realisasi_renstra(D(68), None, "kumulatif") is None


def test_renstra_figures_of_a_report() -> None:
    ind = IndikatorInput(
        "Lama antrean", "Menit", D(30), (D(24), D(20)), "negatif", "rata_rata", D(20), D(35)
    )
    plain = IndikatorInput("IKM", "Indeks", D(80), (D("81.125"),), "positif", "posisi_akhir")
    line = BudgetLineInput(
        "P", "K", "S", D(18750000), (D("4125000.50"), D(5310000)), D(90000000), D(51200000)
    )
    hasil = hitung_laporan([("S", [ind, plain])], [line], 2, "t_per_r", D(120))
    antrean, ikm = hasil.indikator
    assert persen(antrean.renstra.capaian) == "90,91"  # T/R: 20 / 22 x 100
    assert antrean.renstra.realisasi == D(22)
    assert not ikm.renstra.given and ikm.renstra.capaian is None
    b = hasil.anggaran[0].renstra
    assert rupiah(b.realisasi) == "Rp60.635.000,50"
    assert persen(b.capaian) == "67,37"  # 60.635.000,50 / 90.000.000
