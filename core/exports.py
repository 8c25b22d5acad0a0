"""Lists as files people open in a spreadsheet program: CSV that Excel in a Serbian locale splits into columns, and
XLSX with typed cells.

A person's export is a :class:`Table`: headers in the page's language and rows of display values (labels, not enum
values; names in the page's script). The same table is written

- as CSV: UTF-8 with a byte-order mark (so Excel reads the Cyrillic), semicolon-separated (Excel in a Serbian locale
  uses the comma as the decimal sign and the semicolon as the list separator, so a comma-separated file opens as one
  column), CRLF line ends, dates as Serbian write them (``04.12.2026.``), numbers with the decimal comma, and cells
  that would start a formula prefixed with an apostrophe (CSV injection);
- as XLSX (XlsxWriter, in constant-memory mode: rows are streamed to a temporary file, not held in memory): dates
  and numbers as real date and number cells, a bold frozen header row, column widths from the headers.

The open-data API keeps its machine-readable CSV (comma, field keys, codes) documented at ``/api/v1/docs/``; its
XLSX twins use the same columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
MAX_SHEET_NAME = 31  # Excel's limit on a worksheet's name


@dataclass
class Table:
    """What a person exports: a title (the worksheet's name), headers and rows of cell values (str, int, Decimal,
    float, date, datetime or None)."""

    title: str
    header: list[str]
    rows: Iterable[list]


def safe_text(value: str) -> str:
    """A cell a spreadsheet program reads as text: one starting like a formula gets an apostrophe in front."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(value) -> str:
    """A cell as Serbian write it: dates ``04.12.2026.``, the decimal comma, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y. %H:%M") if timezone.is_aware(value) else \
            value.strftime("%d.%m.%Y. %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y.")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return safe_text(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(table: Table, *, delimiter: str = ";") -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([safe_text(h) for h in table.header])
    for row in table.rows:
        yield writer.writerow([csv_text(value) for value in row])


def xlsx_bytes(table: Table) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False,
                                     "remove_timezone": True})
    sheet = book.add_worksheet(_sheet_name(table.title))
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "dd.mm.yyyy."})
    datetime_format = book.add_format({"num_format": "dd.mm.yyyy. hh:mm"})
    # Columns as wide as what they hold (the header and the first WIDTH_ROWS rows; at most 60 characters): sized by
    # the headers alone, long names looked cut off. The rows are read once, the first ones kept for this.
    rows = iter(table.rows)
    first = list(itertools.islice(rows, WIDTH_ROWS))
    for column, title in enumerate(table.header):
        sheet.write_string(0, column, title, bold)
        widest = max([len(title)] + [len(_shown(row[column])) for row in first if column < len(row)])
        sheet.set_column(column, column, min(60, max(10, widest + 2)))
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(itertools.chain(first, rows), start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                sheet.write_datetime(r, c, local.replace(tzinfo=None), datetime_format)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, bool):
                sheet.write_string(r, c, str(value))
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return out.getvalue()


WIDTH_ROWS = 200


def _shown(value) -> str:
    """About what a cell shows, for its column's width."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return "00.00.0000. 00:00"
    if isinstance(value, dt.date):
        return "00.00.0000."
    return str(value)


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet1"
    return cleaned[:MAX_SHEET_NAME]


def response(table: Table, *, filename: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """``fmt`` "csv" (semicolon, for Excel in a Serbian locale) or "xlsx"; ``filename`` without extension; today's
    date is appended (and "-excel" to the CSV)."""
    # "-excel": beside the open-data CSV of the same list (comma, machine format), a different file name.
    name = f"{filename}-{timezone.localdate().isoformat()}{'-excel' if fmt == 'csv' else ''}.{fmt}"
    if fmt == "xlsx":
        result = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    elif fmt == "csv":
        result = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result
