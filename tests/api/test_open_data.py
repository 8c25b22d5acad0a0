"""Open-data downloads: CSV in UTF-8 with a byte-order mark and a header row, every row matching the filters."""

from __future__ import annotations

import csv
import io

import pytest

from api.views import PROGRAM_CSV_COLUMNS, STANDARD_CSV_COLUMNS
from tests.api.conftest import many_public_programs

pytestmark = pytest.mark.django_db


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_programs_csv_has_a_bom_a_header_and_every_matching_row(client, cook, painter, draft):
    response = client.get("/api/v1/programs.csv")
    body, rows = read_csv(response)

    assert response.streaming
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == PROGRAM_CSV_COLUMNS
    assert [row[1] for row in rows[1:]] == ["Кувар — основна обука", "Сликарство за одрасле"]
    cook_row = dict(zip(rows[0], rows[1], strict=True))
    assert (cook_row["id"], cook_row["standard_code"], cook_row["eqf_level"], cook_row["duration_hours"]) == \
        (str(cook.pk), "KUV-4", "4", "120")
    assert cook_row["url"] == f"http://testserver/sr/program/{cook.pk}/"


def test_programs_csv_is_not_paginated_and_takes_the_filters(client, db, cook):
    many_public_programs(120)

    _, everything = read_csv(client.get("/api/v1/programs.csv", {"page_size": "10"}))
    _, latin = read_csv(client.get("/api/v1/programs.csv", {"q": "djordje"}))

    assert len(everything) == 1 + 121
    assert [row[0] for row in latin[1:]] == [str(cook.pk)]


def test_standards_csv_has_a_bom_a_header_and_the_published_standards(client, cook):
    body, rows = read_csv(client.get("/api/v1/standards.csv", {"level": "4"}))

    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == STANDARD_CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == ["KUV-4"]
    assert rows[1][-1] == "http://testserver/sr/qualifications/standards/KUV-4/"


def test_register_csv_is_the_register_page_export(client, cook, painter):
    body, rows = read_csv(client.get("/api/v1/register.csv", {"q": "djordje"}))

    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0][:3] == ["organization", "pib", "mb"]
    assert [row[1] for row in rows[1:]] == [cook.organization.pib]
