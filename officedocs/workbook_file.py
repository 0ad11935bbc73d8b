"""The workbook as a file: cell styles, print set-up, document properties, and bytes that are
the same for the same content (fixed timestamps in the zip and in the properties).

Number formats carry the Indonesian locale (`[$-421]`), so LibreOffice shows `1.234,50` and
`Rp1.234.567` whatever the reader's own locale; Excel shows the separators of the machine's
locale (an Indonesian Windows: the same).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from copy import copy
from decimal import Decimal
from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FONT = "Arial"  # LibreOffice substitutes Liberation Sans: the same metrics
FORMAT_K = "[$-421]#,##0.00"
FORMAT_RP = '[$-421]"Rp"#,##0'  # `Rp1.234.567`, no space (PUEBI)
FORMAT_PERCENT = "[$-421]#,##0.00"
PAPER_SIZE = {"A4": 9, "F4": 14}  # Excel's codes; 14 is Folio, 8.5 x 13 in (215.9 x 330.2 mm)
LINE_POINTS = 11.5  # one line of 9 pt text
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="top")
_HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")


class Style(Enum):
    """(bold, alignment, number format, boxed, filled) of a kind of cell."""

    TITLE = (True, Alignment(horizontal="center"), None, False, False)
    SUBTITLE = (False, Alignment(horizontal="center"), None, False, False)
    HEAD = (True, _CENTER, None, True, True)
    NUMBER = (False, _CENTER, None, True, True)
    TEXT = (False, _WRAP_TOP, None, True, False)
    CENTER = (False, Alignment(horizontal="center", vertical="top"), None, True, False)
    CENTER_BOLD = (True, _CENTER, None, True, False)
    LABEL = (True, Alignment(horizontal="right", vertical="center"), None, True, False)
    K = (False, _RIGHT, FORMAT_K, True, False)
    RP = (False, _RIGHT, FORMAT_RP, True, False)
    RP_BOLD = (True, _RIGHT, FORMAT_RP, True, False)
    PERCENT = (False, _RIGHT, FORMAT_PERCENT, True, False)
    PERCENT_BOLD = (True, _RIGHT, FORMAT_PERCENT, True, False)
    PLAIN = (False, _WRAP_TOP, None, False, False)
    PLAIN_BOLD = (True, _WRAP_TOP, None, False, False)
    SIGN_NAME = (True, Alignment(horizontal="center"), None, False, False)
    SIGN = (False, Alignment(horizontal="center"), None, False, False)


class Cells:
    """Writes into a worksheet: text is always text (a name starting with `=` never becomes
    a formula), numbers are exact, merged ranges are styled across."""

    def __init__(self, ws: Worksheet, widths: dict[int, float]):
        self.ws = ws
        self.widths = widths  # column -> width in characters, to size wrapped rows
        self.lines: dict[int, int] = {}  # row -> text lines its wrapped cells need
        self._styled: dict[Style, Any] = {}  # Style -> the StyleArray of a cell styled so
        self._bold = Font(name=FONT, size=9, bold=True)
        self._plain = Font(name=FONT, size=9)
        self._underlined = Font(name=FONT, size=9, bold=True, underline="single")

    def style(self, row: int, col: int, style: Style) -> None:
        cell = self.ws.cell(row, col)
        known = self._styled.get(style)
        if known is not None:
            # A cell's style is a row of indices into the workbook's shared lists: copying it
            # is what openpyxl's own copy_worksheet does, and 20 times faster than setting
            # font, alignment, format, border and fill one by one (each hashes its object).
            cell._style = copy(known)
            return
        bold, align, fmt, boxed, filled = style.value
        cell.font = (
            self._underlined if style is Style.SIGN_NAME else (self._bold if bold else self._plain)
        )
        cell.alignment = align
        if fmt:
            cell.number_format = fmt
        if boxed:
            cell.border = _BOX
        if filled:
            cell.fill = _HEAD_FILL
        self._styled[style] = copy(cell._style)

    def text(
        self,
        row: int,
        col: int,
        value: str | None,
        style: Style,
        to_col: int | None = None,
        to_row: int | None = None,
    ) -> None:
        cell = self.ws.cell(row, col)
        if value is not None:
            # Control characters cannot be stored in a sheet (openpyxl refuses them): each
            # shows as U+FFFD, so the text stays whole and the odd character is seen.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell.data_type = "s"  # openpyxl reads a leading "=" as a formula otherwise
        # A merged range shows its first cell; merging gives its edges that cell's border.
        self.style(row, col, style)
        if value and style.value[1].wrap_text:
            width = sum(self.widths.get(c, 10) for c in range(col, (to_col or col) + 1))
            self._need(range(row, (to_row or row) + 1), value, width)
        if (to_col or col) != col or (to_row or row) != row:
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col
            )

    def _need(self, rows: range, text: str, width: float) -> None:
        """Lines `text` needs in a cell `width` wide, shared by the rows it spans."""
        # A 9 pt Arial character is about 0.72 of the width unit (a default 11 pt character).
        per_line = max(1, int(width / 0.72) - 1)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        each = math.ceil(lines / len(rows))
        for row in rows:
            self.lines[row] = max(self.lines.get(row, 1), each)

    def at_least(self, row: int, lines: int) -> None:
        """A row of formulas whose text result may wrap (a predikat in a narrow column)."""
        self.lines[row] = max(self.lines.get(row, 1), lines)

    def fit_rows(self) -> None:
        """Heights for rows whose wrapped text needs more than one line: LibreOffice does not
        grow rows of a file it opens, and Excel does not grow merged cells."""
        for row, lines in self.lines.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = lines * LINE_POINTS + 2

    def number(self, row: int, col: int, value: Decimal | None, style: Style) -> None:
        if value is not None:
            # Integral figures as int, others as the exact decimal text (never a binary float).
            self.ws.cell(row, col).value = int(value) if value == value.to_integral() else value
        self.style(row, col, style)

    def formula(self, row: int, col: int, formula: str, style: Style) -> None:
        self.ws.cell(row, col).value = formula
        self.style(row, col, style)

    def has(self, row: int, col: int) -> bool:
        return self.ws.cell(row, col).value is not None


def print_setup(
    ws: Worksheet, paper: str, header_rows: tuple[int, int], last_row: int, last_col: str
) -> None:
    """Landscape on the office's paper, the header repeated on every page, fit to width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_SIZE[paper]
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Halaman &P dari &N"


def properties(
    wb: Workbook, title: str, office: str, date: dt.date, custom: dict[str, str | int]
) -> None:
    """Title, office and the report's date as created and modified: the same every build."""
    when = dt.datetime.combine(date, dt.time())
    props = wb.properties
    props.title = title
    props.subject = "Evaluasi terhadap Hasil Renja Perangkat Daerah (Permendagri 86/2017)"
    props.creator = office
    props.lastModifiedBy = office
    props.language = "id-ID"
    props.created = when
    props.modified = when
    for name, value in custom.items():
        cls = IntProperty if isinstance(value, int) else StringProperty
        wb.custom_doc_props.append(cls(name=name, value=value))


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file; the same workbook gives the same bytes.

    openpyxl's `save` stamps the time into the properties and each zip entry; writing with
    its ExcelWriter keeps our properties, and the zip is packed again with one fixed time.
    """
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
