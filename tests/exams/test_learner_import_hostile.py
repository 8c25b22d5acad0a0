"""The learners' CSV import with files that used to be server errors (issue 14), or worse: each is imported, or gets
a message for its row or for the whole file, in Serbian; nothing half-imported."""

from __future__ import annotations

import csv
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams import services
from exams.models import Learner

pytestmark = pytest.mark.django_db

HEADER = "first_name,last_name,jmbg,foreign_document,birth_year,email"
ROW = "Петар,Петровић,,AB123,1980,p@x.rs"


def _refusal(school, data: bytes) -> list[str]:
    with pytest.raises(ValidationError) as error:
        services.learners_parse(school["cohort"], data)
    return error.value.messages


def test_a_field_over_the_csv_modules_limit_refuses_the_file_naming_the_line(school):
    data = f"{HEADER}\n{ROW}\nМира,{'ж' * (csv.field_size_limit() + 1)},,CD9,1975,\n".encode()
    assert _refusal(school, data) == [
        f"Ред 3 датотеке не може да се прочита: једно поље је дуже од {csv.field_size_limit()} знакова."]
    before = Learner.objects.count()
    with pytest.raises(ValidationError):
        services.learners_import(school["cohort"], data, actor=school["user"], only_valid=True)
    assert Learner.objects.count() == before


@pytest.mark.parametrize("year", ["²", "١٩٨٠", "19⁸0", "1980.0", "01980", "-1980"])
def test_a_year_of_birth_that_is_not_four_digits_is_a_row_error(school, year):
    report = services.learners_parse(school["cohort"], f"{HEADER}\n{ROW}\nМира,Мирић,,CD9,{year},\n".encode())
    assert [(row.line, row.errors) for row in report.rows] == [
        (2, []), (3, ["година рођења: Унесите годину рођења као четири цифре."])]


def test_a_jmbg_of_other_digits_is_a_row_error(school):
    report = services.learners_parse(school["cohort"], f"{HEADER}\nМира,Мирић,{'²' * 13},,,\n".encode())
    assert report.rows[0].errors == ["ЈМБГ: ЈМБГ има тачно 13 цифара."]


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_line_ending_is_read_a_lone_cr_too(school, ending):
    lines = [HEADER, ROW, 'Мира,"Мирић Петровић",,CD9,1975,', "Иво,Ивић,,EF1,1979,ivo@x.rs"]
    data = (ending.join(lines) + ending).encode()
    report = services.learners_import(school["cohort"], data, actor=school["user"])
    assert (report.imported, [row.line for row in report.rows]) == (3, [2, 3, 4])
    assert set(school["cohort"].learners.filter(foreign_document__in=["AB123", "CD9", "EF1"]).values_list(
        "last_name", "birth_year")) == {("Петровић", 1980), ("Мирић Петровић", 1975), ("Ивић", 1979)}


def test_a_file_with_nul_characters_is_refused_whole(school):
    data = f"{HEADER}\n{ROW}\nМира,Ми\x00рић,,CD9,1975,\n".encode()
    assert _refusal(school, data) == [
        "Датотека садржи знакове NUL, па није текстуална CSV датотека (можда је у формату табеларног програма или у "
        "кодирању UTF-16); сачувајте је у формату „CSV UTF-8“."]
    assert _refusal(school, f"{HEADER}\n{ROW}\n".encode("utf-16-le")) == _refusal(school, data)  # UTF-16 without BOM


def test_other_control_characters_and_overlong_values_are_row_errors(school):
    """A value longer than its column would be a database error on PostgreSQL (varchar)."""
    data = f"{HEADER}\n{ROW}\nМи\x1bра,{'М' * 81},,CD9,1975,\nИво,Ивић,,EF1,1979,не-адреса\n".encode()
    report = services.learners_parse(school["cohort"], data)
    assert [row.errors for row in report.rows] == [
        [],
        ["име: Текст садржи невидљиве контролне знакове (на пример из копираног документа); уклоните их и "
         "покушајте поново.",
         "презиме: Ово поље не сме да има више од 80 карактера (тренутно има 81)."],
        ["е-пошта: Унесите исправну и-мејл адресу."],
    ]
    imported = services.learners_import(school["cohort"], data, actor=school["user"], only_valid=True)
    assert imported.imported == 1


@pytest.mark.parametrize("line", ['"' * 200_000, ',"' * 100_000, ';"' * 100_000, '"a",' * 50_000 + "first_name"])
def test_a_hostile_header_line_is_read_in_linear_time(school, line):
    """csv.Sniffer took 310 s on the 200 000 characters ',"' * 100000; the delimiter is now counted."""
    start = time.perf_counter()
    with pytest.raises(ValidationError):
        services.learners_parse(school["cohort"], (line + "\n" + ROW + "\n").encode())
    assert time.perf_counter() - start < 1.0


def test_the_page_shows_the_whole_file_message_and_keeps_the_cohort(client, school):
    client.force_login(school["user"])
    before = school["cohort"].learners.count()
    response = client.post(reverse("exams:learner_import", kwargs={"pk": school["cohort"].pk}),
                           {"file": SimpleUploadedFile("l.csv", f"{HEADER}\n{ROW}\x00\n".encode())})
    assert response.status_code == 200
    assert "Датотека садржи знакове NUL" in response.content.decode()
    assert school["cohort"].learners.count() == before


def test_a_missing_name_keeps_the_services_own_message(school):
    report = services.learners_parse(school["cohort"], f"{HEADER}\n,Без имена,,CD9,1975,\n".encode())
    assert report.rows[0].errors == ["име: Унесите име."]
