"""The learners' file as a Serbian school saves it (issue 18): Serbian column names in either script, Windows-1250 and
Windows-1251 text, semicolons or tabs, the script as a word, and the same learner twice caught by the foreign
document number as by the JMBG. Messages name the column as a person does, never the field's key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from exams import services
from exams.models import Learner

pytestmark = pytest.mark.django_db

CYRILLIC_HEADER = "Име;Презиме;ЈМБГ;Број страног документа;Година рођења;Е-пошта;Телефон;Писмо"
LATIN_HEADER = "Ime;Prezime;JMBG;Broj stranog dokumenta;Godina rođenja;E-pošta;Telefon;Pismo"


@pytest.mark.parametrize("header", [CYRILLIC_HEADER, LATIN_HEADER,
                                    "first name;last name;JMBG;foreign document number;year of birth;e-mail;phone;"
                                    "script",
                                    "first_name;last_name;jmbg;foreign_document;birth_year;email;phone;script"])
def test_serbian_latin_and_english_column_names_are_read(school, header):
    data = f"{header}\nПетар;Петровић;;AB123;1980;p@example.rs;;латиница\n".encode()
    report = services.learners_parse(school["cohort"], data)
    assert not report.invalid
    assert report.rows[0].values | {} == {"first_name": "Петар", "last_name": "Петровић", "jmbg": "",
                                          "foreign_document": "AB123", "birth_year": "1980",
                                          "email": "p@example.rs", "phone": "", "script": "латиница"}


def test_a_windows_1251_cyrillic_file_is_imported_as_typed(school):
    data = f"{CYRILLIC_HEADER}\nЂорђе;Шћепановић;;ZZ77;1981;;;ћирилица\n".encode("cp1251")
    report = services.learners_import(school["cohort"], data, actor=school["user"])
    assert (report.imported, report.encoding) == (1, "Windows-1251")
    assert school["cohort"].learners.get(foreign_document="ZZ77").last_name == "Шћепановић"


def test_a_windows_1250_latin_file_keeps_its_diacritics(school):
    data = f"{LATIN_HEADER}\nĐorđe;Šćepanović;;ZZ78;1981;;;latinica\n".encode("cp1250")
    report = services.learners_import(school["cohort"], data, actor=school["user"])
    assert (report.imported, report.encoding) == (1, "Windows-1250")
    learner = school["cohort"].learners.get(foreign_document="ZZ78")
    assert (learner.first_name, learner.last_name, learner.script) == ("Đorđe", "Šćepanović", "latn")


def test_a_utf8_file_is_read_as_utf8_even_with_serbian_latin_letters(school):
    data = f"{LATIN_HEADER}\nĐorđe;Šćepanović;;ZZ79;1981;;;latinica\n".encode()
    assert services.learners_parse(school["cohort"], data).encoding == "UTF-8"


def test_a_tab_separated_utf16_file_from_excel_is_read(school):
    data = "Име\tПрезиме\tБрој страног документа\tГодина рођења\nАна\tАнић\tQQ1\t1990\n".encode("utf-16")
    report = services.learners_parse(school["cohort"], data)
    assert (report.encoding, report.rows[0].values["last_name"], report.invalid) == ("UTF-16", "Анић", [])


def test_an_unknown_script_is_a_row_error_naming_the_column_in_serbian(school):
    data = f"{CYRILLIC_HEADER}\nПетар;Петровић;;AB123;1980;;;глагољица\n".encode()
    [row] = services.learners_parse(school["cohort"], data).rows
    assert row.errors == ["писмо: Наведите писмо: „ћирилица“ или „латиница“."]


def test_an_invalid_e_mail_is_a_row_error_naming_the_column_as_a_person_does(school):
    data = f"{CYRILLIC_HEADER}\nПетар;Петровић;;AB123;1980;nije-adresa;;\n".encode()
    [row] = services.learners_parse(school["cohort"], data).rows
    assert len(row.errors) == 1 and row.errors[0].startswith("е-пошта: ")


def test_the_same_foreign_document_twice_in_the_file_is_caught(school):
    data = (f"{CYRILLIC_HEADER}\nПетар;Петровић;;AB 123;1980;;;\nПера;Петровић;;ab123;1980;;;\n").encode()
    rows = services.learners_parse(school["cohort"], data).rows
    assert rows[0].errors == []
    assert rows[1].errors == ["Исти број страног документа је у реду 2."]


def test_a_foreign_document_already_in_the_cohort_is_caught(school):
    existing = school["learners"][1].foreign_document  # P1234567
    data = f"{CYRILLIC_HEADER}\nНови;Полазник;;{existing.lower()};1980;;;\n".encode()
    [row] = services.learners_parse(school["cohort"], data).rows
    assert row.errors == ["број страног документа: Полазник са овим бројем страног документа већ је у групи."]
    other = f"{CYRILLIC_HEADER}\nНови;Полазник;;{existing}X;1980;;;\n".encode()
    assert services.learners_parse(school["cohort"], other).rows[0].errors == []


def test_a_header_without_names_lists_the_columns_in_the_pages_language(school):
    with pytest.raises(ValidationError) as error:
        services.learners_parse(school["cohort"], "a;b\n1;2\n".encode())
    assert error.value.messages == ["Заглавље (први ред) мора да садржи називе колона: име, презиме, ЈМБГ, број "
                                    "страног документа, година рођења, е-пошта, телефон, писмо."]


def test_nothing_is_imported_when_a_row_is_a_duplicate(school):
    before = Learner.objects.count()
    data = (f"{CYRILLIC_HEADER}\nПетар;Петровић;;AB9;1980;;;\nПера;Перић;;AB9;1981;;;\n").encode("cp1251")
    report = services.learners_import(school["cohort"], data, actor=school["user"])
    assert (report.imported, Learner.objects.count()) == (0, before)
