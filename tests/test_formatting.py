"""The Indonesian Jinja filters: each case shows the value and exactly what prints."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedocs.formatting import FILTERS, angka, nip, persen, romawi, rupiah, tanggal


def test_filters_by_name() -> None:
    assert {"tanggal", "nip", "romawi", "angka", "persen", "rupiah"} <= FILTERS.keys()
    assert FILTERS["rupiah"] is rupiah


@pytest.mark.parametrize(
    ("d", "printed"),
    [
        (dt.date(2023, 7, 26), "26 Juli 2023"),
        (dt.date(2023, 10, 10), "10 Oktober 2023"),
        (dt.date(2024, 1, 4), "4 Januari 2024"),
        (dt.date(2021, 2, 1), "1 Februari 2021"),
        (dt.date(2023, 8, 17), "17 Agustus 2023"),
        (None, "-"),
    ],
)
def test_tanggal(d: dt.date | None, printed: str) -> None:
    assert tanggal(d) == printed


@pytest.mark.parametrize(
    "raw", ["198109142010011009", "19810914 201001 1 009", " 19810914 2010011009 "]
)
def test_nip_printed_8_6_1_3(raw: str) -> None:
    assert nip(raw) == "19810914 201001 1 009"


@pytest.mark.parametrize(
    "raw", ["19810914 201001 1 00", "1981091420100110099", "19810914 201001 1 00X"]
)
def test_nip_not_18_digits(raw: str) -> None:
    with pytest.raises(ValueError, match="NIP must be 18 digits"):
        nip(raw)


def test_romawi() -> None:
    assert " ".join(romawi(n) for n in range(1, 13)) == "I II III IV V VI VII VIII IX X XI XII"
    assert romawi(2023) == "MMXXIII"
    with pytest.raises(ValueError):
        romawi(0)


@pytest.mark.parametrize(
    ("x", "places", "printed"),
    [
        (Decimal("1234567.5"), 2, "1.234.567,50"),
        (Decimal("0.125"), 2, "0,13"),  # Babel alone rounds half-even: 0,12
        (Decimal("2.675"), 2, "2,68"),
        (Decimal("-0.125"), 2, "-0,13"),
        (Decimal("-0.001"), 2, "0,00"),  # no negative zero
        (Decimal("1E+3"), 2, "1.000,00"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("45000000"), 0, "45.000.000"),
        (Decimal("3.16666"), 1, "3,2"),
        (7, 2, "7,00"),
        (None, 2, "-"),
    ],
)
def test_angka(x: Decimal | int | None, places: int, printed: str) -> None:
    assert angka(x, places) == printed


def test_angka_refuses_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        angka(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "printed"),
    [
        (Decimal("95.67"), "95,67"),
        (Decimal("47.838324702769646476019"), "47,84"),
        (Decimal("200"), "200,00"),
        (None, "-"),
    ],
)
def test_persen(x: Decimal | None, printed: str) -> None:
    assert persen(x) == printed


@pytest.mark.parametrize(
    ("x", "printed"),
    [
        (1234567, "Rp1.234.567"),
        (Decimal("45000000.00"), "Rp45.000.000"),  # whole rupiah: no decimals
        (Decimal("1234567.5"), "Rp1.234.567,50"),  # sen print with 2 places
        (Decimal("1234567.004"), "Rp1.234.567"),  # rounds to whole rupiah first
        (Decimal("-500000"), "-Rp500.000"),
        (0, "Rp0"),
        (None, "-"),
    ],
)
def test_rupiah(x: Decimal | int | None, printed: str) -> None:
    assert rupiah(x) == printed


@pytest.mark.slow  # property test (hypothesis)
@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_angka_reads_back_as_the_half_up_rounded_value(x: Decimal, places: int) -> None:
    printed = angka(x, places)
    expected = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert Decimal(printed.replace(".", "").replace(",", ".")) == expected
    assert len(printed.partition(",")[2]) == places
