"""Exports people open in a spreadsheet program (issue 18): semicolon CSV for Excel in a Serbian locale with Serbian
headers and labels, and XLSX with typed cells, read back with an independent reader (openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from applications.enums import AccreditationState
from core import exports

pytestmark = pytest.mark.django_db


def _table(rows):
    return exports.Table(title="Регистар: ЈПОА/2026", header=["Назив", "Датум", "Површина", "Број"], rows=rows)


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_cells_are_written_as_serbian_write_them():
    rows = [["=1+1", dt.date(2026, 12, 4), Decimal("42.50"), 7], ["Ђорђе; Шћепановић", None, 0.5, None]]
    lines = list(exports.csv_lines(_table(rows)))
    assert lines[0] == "\ufeffНазив;Датум;Површина;Број\r\n"
    assert lines[1] == "'=1+1;04.12.2026.;42,5;7\r\n"
    assert lines[2] == '"Ђорђе; Шћепановић";;0,5;\r\n'


def test_xlsx_has_typed_cells_a_bold_frozen_header_and_a_valid_sheet_name():
    data = exports.xlsx_bytes(_table([["=1+1", dt.date(2026, 12, 4), Decimal("42.5"), 7], ["Ана", None, None, None]]))
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Регистар  ЈПОА 2026"  # ':' and '/' are not allowed in a worksheet's name
    assert [c.value for c in sheet[1]] == ["Назив", "Датум", "Површина", "Број"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"  # text, never a formula
    assert sheet["B2"].value == dt.datetime(2026, 12, 4) and sheet["B2"].number_format == "dd.mm.yyyy."
    assert sheet["C2"].value == 42.5 and sheet["D2"].value == 7
    assert sheet["B3"].value is None


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        exports.response(_table([]), filename="x", fmt="ods")


@pytest.fixture
def accreditations(cast):
    from django.utils import timezone

    from applications.enums import AccreditationState
    from tests.applications.test_jpoa_register import make_accreditation
    from tests.factories import OrganizationFactory
    from tests.programs.factories import ProgramFactory

    organization = OrganizationFactory(name_sr="Центар „Ђорђе Станојевић“")
    active = make_accreditation(organization, programs=[
        ProgramFactory(organization=organization, name_sr="Шивење"), ProgramFactory(organization=organization,
                                                                                    name_sr="Цртање")])
    revoked = make_accreditation(OrganizationFactory(name_sr="Академија вештина"), state=AccreditationState.REVOKED,
                                 revoked_at=timezone.make_aware(dt.datetime(2025, 3, 14, 10, 0)))
    return active, revoked


def test_the_register_page_offers_excel_files_with_serbian_headers(client, accreditations):
    active, revoked = accreditations
    with translation.override("sr"):
        page = client.get(reverse("jpoa:register"), {"state": "all"}).content.decode()
        assert reverse("jpoa:register_xlsx") in page and reverse("jpoa:register_export_csv") in page
        rows = _csv_rows(client.get(reverse("jpoa:register_export_csv"), {"state": "all"}))
    assert rows[0] == ["Организација", "ПИБ", "Матични број (МБ)", "Општина", "Активност", "Статус", "Важи од",
                       "Важи до", "Датум одузимања", "Програми"]
    row = next(r for r in rows[1:] if r[1] == active.organization.pib)
    assert row[0] == "Центар „Ђорђе Станојевић“"
    assert row[4] == str(active.get_activity_display()) and row[4] != active.activity
    assert row[5] == str(AccreditationState.ACTIVE.label)
    assert row[6] == active.valid_from.strftime("%d.%m.%Y.") and row[8] == ""
    assert row[9] == "Цртање; Шивење"  # Serbian order: Ц before Ш
    revoked_row = next(r for r in rows[1:] if r[1] == revoked.organization.pib)
    assert revoked_row[8] == "14.03.2025."
    with translation.override("sr-latn"):
        book = load_workbook(io.BytesIO(client.get(reverse("jpoa:register_xlsx"), {"state": "all"}).content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["Organizacija", "PIB", "Matični broj (MB)"]
    latin = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == active.organization.pib)
    assert latin[0] == "Centar „Đorđe Stanojević“" and latin[6] == dt.datetime.combine(active.valid_from, dt.time())
    assert latin[9] == "Crtanje; Šivenje"


def test_the_register_json_gives_null_for_no_revocation(client, accreditations):
    body = client.get(reverse("jpoa:register_json"), {"state": "all"}).json()
    assert body["results"] and all(row["revoked_at"] is None for row in body["results"]
                                   if row["state"] != "revoked")


def test_the_apis_xlsx_twins_have_the_csvs_columns(client, accreditations):
    from api.views import PROGRAM_CSV_COLUMNS, STANDARD_CSV_COLUMNS
    from applications.views_jpoa import CSV_COLUMNS

    for name, columns in (("programs", PROGRAM_CSV_COLUMNS), ("standards", STANDARD_CSV_COLUMNS),
                          ("register", CSV_COLUMNS)):
        response = client.get(reverse(f"api:{name}_xlsx"))
        assert response["Content-Type"] == exports.XLSX_TYPE
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == columns, name
    assert client.get(reverse("api:index")).json()["endpoints"]["register_xlsx"].endswith("/api/v1/register.xlsx")


def test_xlsx_columns_are_as_wide_as_what_they_hold_and_the_excel_csv_has_a_name_of_its_own():
    from openpyxl import load_workbook

    long_name = "Центар за образовање одраслих „Шумадија“ Крагујевац"
    table = _table([[long_name, 3]])
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(table))).active
    widths = [sheet.column_dimensions[letter].width for letter in "AB"]
    assert widths[0] >= len(long_name) and widths[1] < widths[0]
    assert [cell.value for cell in sheet[2]][:2] == [long_name, 3]
    csv_name = exports.response(table, filename="jpoa-register", fmt="csv")["Content-Disposition"]
    assert csv_name.endswith('-excel.csv"')
