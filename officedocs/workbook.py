"""The report as the Permendagri 86/2017 table "Evaluasi terhadap Hasil Renja Perangkat Daerah".

One sheet: title rows, a three-row header with the column-number row under it, one row per
indicator (figures in the K halves of the columns) and per budget line (the Rp halves), the
budget total, the average and its predikat, the narrative and the two signature blocks.

Every computed cell is a live formula, so a seksi's realisations typed into the quarter
columns recompute the sheet. The formulas implement OUR rules (kinerja.py), not the numbering
row's `12 = 8+9+10+11` where they differ: column (12) follows each indicator's `agregasi`,
(13) its `polaritas` (and `laporan.rumus_negatif`), the average caps at
`laporan.batas_capaian`; the note row under the table says so in the sheet itself.

Where to find things is `Layout` (shared with the import, `workbook_import`); styles, print
set-up, properties and the byte-stable file are in `workbook_file`.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.utils import get_column_letter

from .formatting import romawi
from .kinerja import HasilLaporan, IndikatorRow
from .schema import Kantor, Laporan
from .workbook_file import Cells, Style

SHEET_TITLE = "Evaluasi Renja"
TITLE_ROWS = 4  # then a blank row, then the header
HEADER_ROW = 6  # three header rows: 6, 7, 8
NUMBER_ROW = 9  # the column numbers; the data starts under it
FIRST_DATA_ROW = NUMBER_ROW + 1
PD_COLUMN = 16  # (16) Perangkat Daerah penanggung jawab: the last column


def k_col(n: int) -> int:
    """Worksheet column (1-based) of the K half of table column (5)..(15)."""
    return 5 + 2 * (n - 5)


def rp_col(n: int) -> int:
    return k_col(n) + 1


def quarter_col(q: int, rupiah: bool = False) -> int:
    """Columns (8)..(11) hold triwulan I..IV."""
    return (rp_col if rupiah else k_col)(7 + q)


def sheet_col(n: int) -> int:
    """Worksheet column of a single-width table column: (1)..(4) and (16)."""
    return n if n <= 4 else rp_col(15) + 1


LAST_COL = sheet_col(PD_COLUMN)


def widths() -> dict[int, float]:
    """Column widths (characters): text columns, then K 7 and Rp 14 (room for
    Rp99.999.999.999 at 9 pt, so no budget shows as ###), the office's column."""
    out: dict[int, float] = {1: 5, 2: 16, 3: 22, 4: 24, LAST_COL: 13}
    for n in range(5, 16):
        out[k_col(n)] = 7
        out[rp_col(n)] = 14
    return out


def ref(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _headers(lap: Laporan) -> dict[int, str]:
    akhir = lap.tahun_akhir_renstra or "..."
    return {
        1: "No",
        2: "Sasaran",
        3: "Program/Kegiatan",
        4: "Indikator Kinerja Program (outcome)/Kegiatan (output)",
        5: f"Target Renstra PD pada Tahun {akhir} (Akhir Periode Renstra PD)",
        6: f"Realisasi Capaian Kinerja Renstra PD s/d Renja PD Tahun Lalu ({lap.tahun - 1})",
        7: f"Target Kinerja dan Anggaran Renja PD Tahun Berjalan ({lap.tahun}) yang Dievaluasi",
        8: "Realisasi Kinerja pada Triwulan",
        12: "Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi",
        13: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja PD yang Dievaluasi (%)",
        14: f"Realisasi Kinerja dan Anggaran Renstra PD s/d Tahun {lap.tahun}",
        15: f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra PD s/d Tahun {lap.tahun} (%)",
        16: "Perangkat Daerah Penanggung Jawab",
    }


NUMBERS = {12: "12 = 8+9+10+11", 13: "13 = 12/7 × 100", 14: "14 = 6 + 12", 15: "15 = 14/5 × 100"}


def kabupaten(kantor: Kantor) -> str:
    """`PEMERINTAH KABUPATEN BALANGAN` -> `KABUPATEN BALANGAN`."""
    name = kantor.pemerintah.strip()
    return name[len("PEMERINTAH ") :] if name.upper().startswith("PEMERINTAH ") else name


# -- title and header -------------------------------------------------------------------------


def write_title(cells: Cells, lap: Laporan, kantor: Kantor) -> None:
    kab = kabupaten(kantor)
    lines = [
        f"EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP {kab.upper()}",
        f"Perangkat Daerah: {kantor.nama}",
        f"Periode Pelaksanaan: Triwulan {romawi(lap.triwulan)} Tahun {lap.tahun}",
        "Indikator dan target kinerja Perangkat Daerah yang mengacu pada sasaran RKPD "
        f"{kab.title()} Tahun {lap.tahun}",
    ]
    for row, text in enumerate(lines, 1):
        cells.text(row, 1, text, Style.TITLE if row == 1 else Style.SUBTITLE, to_col=LAST_COL)


def write_header(cells: Cells, lap: Laporan) -> None:
    top, mid, low = HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + 2
    for n, label in _headers(lap).items():
        if n <= 4 or n == PD_COLUMN:
            cells.text(top, sheet_col(n), label, Style.HEAD, to_row=low)
        elif n == 8:  # (8)..(11): one label over the four quarters, then I..IV, then K/Rp
            cells.text(top, k_col(8), label, Style.HEAD, to_col=rp_col(11))
            for q in range(1, 5):
                cells.text(mid, quarter_col(q), romawi(q), Style.HEAD, to_col=quarter_col(q, True))
        else:
            cells.text(top, k_col(n), label, Style.HEAD, to_col=rp_col(n), to_row=mid)
    for n in range(5, 16):
        cells.text(low, k_col(n), "K", Style.HEAD)
        cells.text(low, rp_col(n), "Rp", Style.HEAD)
    for n in range(1, PD_COLUMN + 1):
        label = NUMBERS.get(n, str(n))
        if n <= 4 or n == PD_COLUMN:
            cells.text(NUMBER_ROW, sheet_col(n), label, Style.NUMBER)
        else:
            cells.text(NUMBER_ROW, k_col(n), label, Style.NUMBER, to_col=rp_col(n))


# -- the formulas -----------------------------------------------------------------------------


def _quarters(row: int, rupiah: bool) -> str:
    return ",".join(ref(quarter_col(q, rupiah), row) for q in range(1, 5))


def realisasi_formula(row: int, agregasi: str) -> str:
    """Column (12) K by our `agregasi`: the sum, the latest quarter, or the mean."""
    qs = _quarters(row, False)
    if agregasi == "kumulatif":
        return f'=IF(COUNT({qs})=0,"",SUM({qs}))'
    if agregasi == "rata_rata":
        return f'=IF(COUNT({qs})=0,"",AVERAGE({qs}))'
    latest = '""'
    for q in range(1, 5):  # innermost is triwulan I: the latest reported quarter wins
        c = ref(quarter_col(q), row)
        latest = f"IF(ISNUMBER({c}),{c},{latest})"
    return "=" + latest


def capaian_formula(r: str, t: str, polaritas: str, rumus_negatif: str) -> str:
    """Capaian of realisation cell `r` against target cell `t` (kinerja.capaian): an empty
    realisation or a target of 0 (or none) is not computable and stays empty."""
    guard = f'OR({r}="",{t}="",{t}=0)'
    if polaritas == "positif":
        return f'=IF({guard},"",{r}*100/{t})'
    if rumus_negatif == "t_per_r":
        return f'=IF({guard},"",IF({r}=0,"",{t}*100/{r}))'
    return f'=IF({guard},"",MAX(0,(2*{t}-{r})*100/{t}))'


def renstra_formula(lalu: str, r: str, kumulatif: bool) -> str:
    """Column (14) (kinerja.realisasi_renstra): `6 + 12` for counts and rupiah, this year's
    position otherwise; empty without last year's figure or this year's."""
    value = f"{lalu}+{r}" if kumulatif else r
    return f'=IF(OR({lalu}="",{r}=""),"",{value})'


def rata_rata_formula(first: int, last: int, col: int, batas: Decimal | None) -> str:
    """The average capaian of rows first..last, each capped at `batas` (kinerja.rata_rata)."""
    rng = f"{ref(col, first)}:{ref(col, last)}"
    if batas is None:
        mean = f"AVERAGE({rng})"
    else:
        cap = format(batas.normalize(), "f")
        mean = f'(SUMIF({rng},"<={cap}")+{cap}*COUNTIF({rng},">{cap}"))/COUNT({rng})'
    return f'=IF(COUNT({rng})=0,"",{mean})'


def predikat_formula(cell: str) -> str:
    """kinerja.kategori: strict lower bounds. Rounded to 9 places first, so that binary
    floating point (90 computed as 90.00000000000001) lands in the band the exact figure
    does."""
    x = f"ROUND({cell},9)"
    bands = [(50, "Sangat Rendah"), (65, "Rendah"), (75, "Sedang"), (90, "Tinggi")]
    out = '"Sangat Tinggi"'
    for bound, name in reversed(bands):
        out = f'IF({x}<={bound},"{name}",{out})'
    return f'=IF({cell}="","",{out})'


# -- the rows ---------------------------------------------------------------------------------


def indikator_label(row: IndikatorRow) -> str:
    """Column (4): the indicator, then its unit (and its polarity when lower is better). The
    import matches the first line."""
    tail = f"Satuan: {row.satuan}"
    if row.polaritas == "negatif":
        tail += "; negatif (makin kecil makin baik)"
    return f"{row.nama}\n{tail}"


def write_indikator(
    cells: Cells, r: int, label: str, row: IndikatorRow, rumus: str, pd: str
) -> None:
    cells.text(r, 1, label, Style.CENTER)
    cells.text(r, 4, indikator_label(row), Style.TEXT)
    cells.number(r, k_col(5), row.renstra.target, Style.K)
    cells.number(r, k_col(6), row.renstra.realisasi_lalu, Style.K)
    cells.number(r, k_col(7), row.target, Style.K)
    for q in range(1, 5):
        cells.number(r, quarter_col(q), row.realisasi_triwulan[q - 1], Style.K)
    cells.formula(r, k_col(12), realisasi_formula(r, row.agregasi), Style.K)
    cells.formula(
        r,
        k_col(13),
        capaian_formula(ref(k_col(12), r), ref(k_col(7), r), row.polaritas, rumus),
        Style.PERCENT,
    )
    lalu, sd = ref(k_col(6), r), ref(k_col(12), r)
    cells.formula(r, k_col(14), renstra_formula(lalu, sd, row.agregasi == "kumulatif"), Style.K)
    cells.formula(
        r,
        k_col(15),
        capaian_formula(ref(k_col(14), r), ref(k_col(5), r), row.polaritas, rumus),
        Style.PERCENT,
    )
    for n in range(5, 16):
        cells.style(r, rp_col(n), Style.RP)
    cells.text(r, 2, None, Style.TEXT)
    cells.text(r, 3, None, Style.TEXT)
    cells.text(r, sheet_col(PD_COLUMN), pd, Style.TEXT)


def write_anggaran(cells: Cells, r: int, label: str, line, pd: str) -> None:  # noqa: ANN001
    """One budget line (kinerja.BudgetLineRow): its figures in the Rp halves."""
    cells.text(r, 1, label, Style.CENTER)
    cells.text(r, 2, None, Style.TEXT)
    cells.text(r, 3, f"{line.program}\n{line.kegiatan}\n{line.sub_kegiatan}", Style.TEXT)
    cells.text(r, 4, None, Style.TEXT)
    cells.number(r, rp_col(5), line.renstra.target, Style.RP)
    cells.number(r, rp_col(6), line.renstra.realisasi_lalu, Style.RP)
    cells.number(r, rp_col(7), line.pagu, Style.RP)
    for q in range(1, 5):
        cells.number(r, quarter_col(q, True), line.realisasi_triwulan[q - 1], Style.RP)
    cells.formula(r, rp_col(12), f"=SUM({_quarters(r, True)})", Style.RP)
    pagu, spent = ref(rp_col(7), r), ref(rp_col(12), r)
    cells.formula(r, rp_col(13), f'=IF({pagu}=0,"",{spent}*100/{pagu})', Style.PERCENT)
    cells.formula(r, rp_col(14), renstra_formula(ref(rp_col(6), r), spent, True), Style.RP)
    renstra, target = ref(rp_col(14), r), ref(rp_col(5), r)
    cells.formula(
        r,
        rp_col(15),
        f'=IF(OR({renstra}="",{target}="",{target}=0),"",{renstra}*100/{target})',
        Style.PERCENT,
    )
    for n in range(5, 16):
        cells.style(r, k_col(n), Style.K)
    cells.text(r, sheet_col(PD_COLUMN), pd, Style.TEXT)


def write_jumlah(cells: Cells, r: int, first: int, last: int) -> None:
    """The budget total (the report's `Jumlah` row)."""
    cells.text(r, 1, "Jumlah anggaran", Style.LABEL, to_col=4)

    def span(col: int) -> str:
        return f"{ref(col, first)}:{ref(col, last)}"

    cells.formula(r, rp_col(7), f"=SUM({span(rp_col(7))})", Style.RP_BOLD)
    for q in range(1, 5):
        c = quarter_col(q, True)
        cells.formula(r, c, f'=IF(COUNT({span(c)})=0,"",SUM({span(c)}))', Style.RP_BOLD)
    cells.formula(r, rp_col(12), f"=SUM({span(rp_col(12))})", Style.RP_BOLD)
    pagu, spent = ref(rp_col(7), r), ref(rp_col(12), r)
    cells.formula(r, rp_col(13), f'=IF({pagu}=0,"",{spent}*100/{pagu})', Style.PERCENT_BOLD)
    for col in range(k_col(5), LAST_COL + 1):
        if not cells.has(r, col):
            cells.style(r, col, Style.LABEL)


def write_table(
    cells: Cells, lap: Laporan, hasil: HasilLaporan, kantor: Kantor
) -> tuple[int, int | None]:
    """The data rows; returns the row after them and the budget total's row (None without
    budget lines). Indicators come first, so their rows are one range for the average."""
    r = FIRST_DATA_ROW
    n = 0
    for group in hasil.sasaran:
        start = r
        for row in group.indikator:
            n += 1
            write_indikator(cells, r, f"A.{n}", row, kantor.laporan.rumus_negatif, kantor.nama)
            r += 1
        cells.text(start, 2, group.sasaran, Style.TEXT, to_row=r - 1)
    if not hasil.anggaran:
        return r, None
    first = r
    for n, line in enumerate(hasil.anggaran, 1):
        write_anggaran(cells, r, f"B.{n}", line, kantor.nama)
        r += 1
    write_jumlah(cells, r, first, r - 1)
    return r + 1, r


def write_summary(
    cells: Cells, r: int, indicators: int, total_row: int | None, batas: Decimal | None
) -> int:
    """`Rata-rata capaian kinerja (%)` and `Predikat kinerja`: K from the indicators' average,
    Rp from the budget total's capaian. Returns the next free row."""
    avg, pred = r, r + 1
    cells.text(avg, 1, "Rata-rata capaian kinerja (%)", Style.LABEL, to_col=rp_col(12))
    cells.text(pred, 1, "Predikat kinerja", Style.LABEL, to_col=rp_col(12))
    last = FIRST_DATA_ROW + indicators - 1
    cells.formula(
        avg,
        k_col(13),
        rata_rata_formula(FIRST_DATA_ROW, last, k_col(13), batas),
        Style.PERCENT_BOLD,
    )
    cells.formula(pred, k_col(13), predikat_formula(ref(k_col(13), avg)), Style.CENTER_BOLD)
    cells.at_least(pred, 2)  # "Sangat Tinggi" takes two lines in a K column
    if total_row is not None:
        cells.formula(avg, rp_col(13), f"={ref(rp_col(13), total_row)}", Style.PERCENT_BOLD)
        cells.formula(pred, rp_col(13), predikat_formula(ref(rp_col(13), avg)), Style.CENTER_BOLD)
    else:
        cells.style(avg, rp_col(13), Style.LABEL)
        cells.style(pred, rp_col(13), Style.LABEL)
    for row in (avg, pred):
        cells.text(row, k_col(14), None, Style.LABEL, to_col=LAST_COL)
    return pred + 1
