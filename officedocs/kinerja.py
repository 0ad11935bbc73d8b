"""The figures of the quarterly performance report (laporan.md, "Computation").

Pure functions on `decimal.Decimal`; nothing is rounded to 2 places here (that happens when
printing, in `formatting`). A figure that cannot be computed is `None`, printed `-` and left
out of averages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from typing import Literal

Polaritas = Literal["positif", "negatif"]
Agregasi = Literal["kumulatif", "posisi_akhir", "rata_rata"]
RumusNegatif = Literal["2t_minus_r", "t_per_r"]

HUNDRED = Decimal(100)
QUARTERS = 4
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _sum(values: Iterable[Decimal]) -> Decimal:
    # Addition at unbounded precision never rounds, so a mean rounds once (in the division)
    # and stays between its smallest and largest value: the mean of equal capaian is that
    # capaian, even when each carries 28 significant digits.
    with localcontext(_EXACT):
        return sum(values, Decimal(0))


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _sum(values) / len(values)


def realisasi_sd(values: Sequence[Decimal], agregasi: Agregasi | str) -> Decimal | None:
    """Realisasi s/d TW n from the quarters reported so far; no quarter reported gives None."""
    if agregasi not in ("kumulatif", "posisi_akhir", "rata_rata"):
        raise ValueError(f"unknown agregasi {agregasi!r}")
    if not values:
        return None
    if agregasi == "kumulatif":
        return _sum(values)
    if agregasi == "posisi_akhir":
        return values[-1]
    return _mean(values)


def capaian(
    target: Decimal,
    realisasi: Decimal | None,
    polaritas: Polaritas | str,
    rumus_negatif: RumusNegatif | str = "2t_minus_r",
) -> Decimal | None:
    """Capaian (%) of realisation R against the annual target T; None when not computable.

    positif: R / T x 100. negatif (lower is better): (2T - R) / T x 100 floored at 0
    (PermenPAN-RB 8/2021), or T / R x 100 with `t_per_r`. Under `t_per_r` a realisation of
    0 is not computable: T / 0 has no value, and picking one (100? the cap?) would be a policy
    the regulation does not state, so it prints `-` rather than a made-up figure.
    """
    if polaritas not in ("positif", "negatif"):
        raise ValueError(f"unknown polaritas {polaritas!r}")
    if rumus_negatif not in ("2t_minus_r", "t_per_r"):
        raise ValueError(f"unknown rumus_negatif {rumus_negatif!r}")
    if realisasi is None or target == 0:
        return None
    # Multiplying by 100 before dividing keeps the one inexact step (the division) last.
    if polaritas == "positif":
        return realisasi * HUNDRED / target
    if rumus_negatif == "t_per_r":
        return None if realisasi == 0 else target * HUNDRED / realisasi
    return max(Decimal(0), (2 * target - realisasi) * HUNDRED / target)


def dibatasi(x: Decimal | None, batas: Decimal | None) -> Decimal | None:
    """Capaian capped at `batas` (laporan.batas_capaian) for averages and kategori."""
    if x is None or batas is None:
        return x
    return min(x, batas)


def rata_rata_capaian(values: Sequence[Decimal | None], batas: Decimal | None) -> Decimal | None:
    """Mean of the computable capaian after capping, unrounded; None if none is computable."""
    capped = [dibatasi(v, batas) for v in values if v is not None]
    if not capped:
        return None
    return _mean(capped)


_BANDS = (
    (Decimal(90), "Sangat Tinggi"),
    (Decimal(75), "Tinggi"),
    (Decimal(65), "Sedang"),
    (Decimal(50), "Rendah"),
)


def kategori(x: Decimal | None) -> str | None:
    """Permendagri 86/2017 interval, strict lower bounds: 90 is Tinggi, 90.01 Sangat Tinggi."""
    if x is None:
        return None
    for lower, name in _BANDS:
        if x > lower:
            return name
    return "Sangat Rendah"


def capaian_keuangan(pagu: Decimal, realisasi: Sequence[Decimal]) -> Decimal | None:
    """Sum of the quarterly realisation / pagu x 100; a pagu of 0 gives None."""
    if pagu == 0:
        return None
    return _sum(realisasi) * HUNDRED / pagu


def realisasi_renstra(
    lalu: Decimal | None, realisasi: Decimal | None, agregasi: Agregasi | str
) -> Decimal | None:
    """Realisasi Renstra s/d this year (column 14 of the Renja evaluation table).

    The table's `6 + 12` holds for counts and rupiah (`kumulatif`); an index or a percentage
    is not summed over the years: its Renstra position is this year's figure. Either way it
    needs last year's figure: without it the indicator is not followed against the Renstra.
    """
    if lalu is None or realisasi is None:
        return None
    with localcontext(_EXACT):
        return lalu + realisasi if agregasi == "kumulatif" else realisasi


def sisa_anggaran(pagu: Decimal, realisasi: Sequence[Decimal]) -> Decimal:
    """Pagu minus the realisation so far (negative when overspent)."""
    return pagu - _sum(realisasi)


@dataclass(frozen=True)
class IndikatorInput:
    nama: str
    satuan: str
    target: Decimal
    realisasi: tuple[Decimal, ...]
    polaritas: Polaritas
    agregasi: Agregasi
    target_renstra: Decimal | None = None
    realisasi_lalu: Decimal | None = None  # Renstra realisation up to last year


@dataclass(frozen=True)
class BudgetLineInput:
    program: str
    kegiatan: str
    sub_kegiatan: str
    pagu: Decimal
    realisasi: tuple[Decimal, ...]
    pagu_renstra: Decimal | None = None
    realisasi_lalu: Decimal | None = None


@dataclass(frozen=True)
class Renstra:
    """Columns (5), (6), (14) and (15) of the Renja evaluation table for one row; None where
    the report does not give the Renstra figures."""

    target: Decimal | None = None
    realisasi_lalu: Decimal | None = None
    realisasi: Decimal | None = None
    capaian: Decimal | None = None

    @property
    def given(self) -> bool:
        return self.target is not None or self.realisasi_lalu is not None


@dataclass(frozen=True)
class IndikatorRow:
    """One row of Table A. `realisasi_triwulan` has 4 entries, None where nothing is reported."""

    nama: str
    satuan: str
    target: Decimal
    polaritas: Polaritas
    agregasi: Agregasi
    realisasi_triwulan: tuple[Decimal | None, ...]
    realisasi_sd: Decimal | None
    capaian: Decimal | None
    kategori: str | None
    renstra: Renstra = Renstra()


@dataclass(frozen=True)
class SasaranGroup:
    """A sasaran and its indicator rows (the sasaran cell spans them)."""

    sasaran: str
    indikator: tuple[IndikatorRow, ...]


@dataclass(frozen=True)
class BudgetLineRow:
    """One row of Table B."""

    program: str
    kegiatan: str
    sub_kegiatan: str
    pagu: Decimal
    realisasi_triwulan: tuple[Decimal | None, ...]
    realisasi_sd: Decimal
    capaian_keuangan: Decimal | None
    sisa: Decimal
    kategori: str | None
    renstra: Renstra = Renstra()


@dataclass(frozen=True)
class BudgetTotal:
    """The footer row of Table B: totals over all budget lines."""

    pagu: Decimal
    realisasi_triwulan: tuple[Decimal | None, ...]
    realisasi_sd: Decimal
    capaian_keuangan: Decimal | None
    sisa: Decimal
    kategori: str | None


@dataclass(frozen=True)
class HasilLaporan:
    triwulan: int
    sasaran: tuple[SasaranGroup, ...]
    rata_rata_capaian: Decimal | None
    kategori_kinerja: str | None
    anggaran: tuple[BudgetLineRow, ...]
    total_anggaran: BudgetTotal

    @property
    def indikator(self) -> tuple[IndikatorRow, ...]:
        """All indicator rows in table order, across sasaran."""
        return tuple(row for group in self.sasaran for row in group.indikator)


def _per_quarter(
    values: Sequence[Decimal], triwulan: int, label: str
) -> tuple[Decimal | None, ...]:
    if len(values) > triwulan:
        raise ValueError(f"{label}: {len(values)} realisasi values for triwulan {triwulan}")
    return tuple(values) + (None,) * (QUARTERS - len(values))


def _indikator_row(
    ind: IndikatorInput, triwulan: int, rumus_negatif: str, batas: Decimal | None
) -> IndikatorRow:
    r = realisasi_sd(ind.realisasi, ind.agregasi)
    c = capaian(ind.target, r, ind.polaritas, rumus_negatif)
    r_renstra = realisasi_renstra(ind.realisasi_lalu, r, ind.agregasi)
    renstra = Renstra(
        ind.target_renstra,
        ind.realisasi_lalu,
        r_renstra,
        None
        if ind.target_renstra is None
        else capaian(ind.target_renstra, r_renstra, ind.polaritas, rumus_negatif),
    )
    return IndikatorRow(
        nama=ind.nama,
        satuan=ind.satuan,
        target=ind.target,
        polaritas=ind.polaritas,
        agregasi=ind.agregasi,
        realisasi_triwulan=_per_quarter(ind.realisasi, triwulan, ind.nama),
        realisasi_sd=r,
        capaian=c,
        kategori=kategori(dibatasi(c, batas)),
        renstra=renstra,
    )


def _budget_row(line: BudgetLineInput, triwulan: int, batas: Decimal | None) -> BudgetLineRow:
    c = capaian_keuangan(line.pagu, line.realisasi)
    spent = _sum(line.realisasi)
    r_renstra = realisasi_renstra(line.realisasi_lalu, spent, "kumulatif")
    renstra = Renstra(
        line.pagu_renstra,
        line.realisasi_lalu,
        r_renstra,
        None
        if line.pagu_renstra is None or r_renstra is None
        else capaian_keuangan(line.pagu_renstra, [r_renstra]),
    )
    return BudgetLineRow(
        program=line.program,
        kegiatan=line.kegiatan,
        sub_kegiatan=line.sub_kegiatan,
        pagu=line.pagu,
        realisasi_triwulan=_per_quarter(line.realisasi, triwulan, line.sub_kegiatan),
        realisasi_sd=spent,
        capaian_keuangan=c,
        sisa=sisa_anggaran(line.pagu, line.realisasi),
        kategori=kategori(dibatasi(c, batas)),
        renstra=renstra,
    )


def _budget_total(rows: Sequence[BudgetLineRow], batas: Decimal | None) -> BudgetTotal:
    def quarter_total(q: int) -> Decimal | None:
        reported = [row.realisasi_triwulan[q] for row in rows]
        present = [v for v in reported if v is not None]
        return _sum(present) if present else None

    pagu = _sum(row.pagu for row in rows)
    spent = [row.realisasi_sd for row in rows]
    c = capaian_keuangan(pagu, spent)
    return BudgetTotal(
        pagu=pagu,
        realisasi_triwulan=tuple(quarter_total(q) for q in range(QUARTERS)),
        realisasi_sd=_sum(spent),
        capaian_keuangan=c,
        sisa=sisa_anggaran(pagu, spent),
        kategori=kategori(dibatasi(c, batas)),
    )


def hitung_laporan(
    sasaran: Sequence[tuple[str, Sequence[IndikatorInput]]],
    anggaran: Sequence[BudgetLineInput],
    triwulan: int,
    rumus_negatif: RumusNegatif | str = "2t_minus_r",
    batas_capaian: Decimal | None = HUNDRED,
) -> HasilLaporan:
    """Every figure of Tables A and B for a report up to `triwulan` (1..4).

    The performance kategori (from the average capaian of all indicators) and the budget
    kategori (from the overall capaian keuangan) are computed independently.
    """
    if not 1 <= triwulan <= QUARTERS:
        raise ValueError(f"triwulan must be 1..{QUARTERS}, got {triwulan}")
    groups = tuple(
        SasaranGroup(
            sasaran=name,
            indikator=tuple(
                _indikator_row(ind, triwulan, rumus_negatif, batas_capaian) for ind in indicators
            ),
        )
        for name, indicators in sasaran
    )
    average = rata_rata_capaian(
        [row.capaian for group in groups for row in group.indikator], batas_capaian
    )
    budget_rows = tuple(_budget_row(line, triwulan, batas_capaian) for line in anggaran)
    return HasilLaporan(
        triwulan=triwulan,
        sasaran=groups,
        rata_rata_capaian=average,
        kategori_kinerja=kategori(average),
        anggaran=budget_rows,
        total_anggaran=_budget_total(budget_rows, batas_capaian),
    )
