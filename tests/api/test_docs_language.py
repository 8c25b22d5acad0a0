"""Issue 18 on the open-data page (/<lang>/open-data/): the texts of the OpenAPI schema (summaries, descriptions,
parameter and response descriptions) in the page's language, every identifier to be typed as shown inside
<code translate="no">, and the served schema itself unchanged (English)."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import translation

from api import views
from programs import search
from tests.noks_portal.test_one_script_crawl import findings_on, visible

pytestmark = pytest.mark.django_db

CSV_DESCRIPTION = {
    "sr": 'Сваки јавни програм који одговара филтерима (<code translate="no">page</code> и '
          '<code translate="no">page_size</code> се занемарују).',
    "sr-latn": 'Svaki javni program koji odgovara filterima (<code translate="no">page</code> i '
               '<code translate="no">page_size</code> se zanemaruju).',
    "en": 'Every public program matching the filters (<code translate="no">page</code> and '
          '<code translate="no">page_size</code> are ignored).',
}
PAGE_SIZE_DESCRIPTION = {
    "sr": f"редова по страници, од 1 до {search.MAX_PAGE_SIZE} (подразумевано {search.PAGE_SIZE})",
    "sr-latn": f"redova po stranici, od 1 do {search.MAX_PAGE_SIZE} (podrazumevano {search.PAGE_SIZE})",
    "en": f"rows per page, 1 to {search.MAX_PAGE_SIZE} (default {search.PAGE_SIZE})",
}
STATE_DESCRIPTION = {
    "sr": 'стање у регистру (подразумевано <code translate="no">active</code>)',
    "sr-latn": 'stanje u registru (podrazumevano <code translate="no">active</code>)',
    "en": 'status in the register (default <code translate="no">active</code>)',
}
LANGUAGES = tuple(CSV_DESCRIPTION)


def section(page: str, operation_id: str) -> str:
    match = re.search(rf'<section id="{operation_id}".*?</section>', page, re.DOTALL)
    assert match, operation_id
    return match.group(0)


def docs_page(client, language: str) -> str:
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_docs_page_shows_an_operations_description_in_the_pages_language(client, language):
    csv_section = section(docs_page(client, language), "programs_csv")

    assert CSV_DESCRIPTION[language] in csv_section
    others = [other for other in LANGUAGES if other != language]
    assert all(CSV_DESCRIPTION[other] not in csv_section for other in others)


@pytest.mark.parametrize("language", LANGUAGES)
def test_docs_page_translates_summaries_and_parameter_descriptions_with_their_numbers(client, language):
    page = docs_page(client, language)
    programs = section(page, "programs_list")
    register = section(page, "register_list")

    assert PAGE_SIZE_DESCRIPTION[language] in programs
    assert STATE_DESCRIPTION[language] in register
    summary = {"sr": "Регистар ЈПОА", "sr-latn": "Registar JPOA", "en": "The JPOA register"}[language]
    assert f"<strong>{summary}</strong>" in register
    title = {"sr": "API за отворене податке портала НОКС", "sr-latn": "API za otvorene podatke portala NOKS",
             "en": "NOKS portal open data API"}[language]
    assert f'<p class="lead">{title} ' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_docs_page_shows_identifiers_only_as_code_not_to_be_translated(client, language):
    page = docs_page(client, language)

    register_csv = section(page, "register_csv")
    assert '(<code translate="no">jpoa-register.csv</code>)' in register_csv
    for name in ("state", "activity", "municipality", "q"):
        assert f'<th scope="row"><code translate="no">{name}</code>' in register_csv, name
    assert '<code translate="no">text/csv</code>' in register_csv
    assert '<code translate="no">YYYY-MM-DD</code>' in section(page, "elm_accreditations")
    assert '<code translate="no">LearningOpportunity</code>' in section(page, "elm_learning_opportunities")
    assert re.search(r"<code>", page) is None  # every code element says translate="no"
    chunks, _links = visible(page)
    assert findings_on(f"/{language}/open-data/", language, chunks, re.compile(r"\b(?:active|revoked|expired)\b")) \
        == []


def test_docs_page_in_english_has_no_serbian_and_in_serbian_no_english_descriptions(client):
    english, serbian = docs_page(client, "en"), docs_page(client, "sr")

    assert re.search(r"[\u0400-\u04ff]", "".join(visible(english)[0]).replace("Српски (ћирилица)", "")) is None
    assert "Every published standard matching the filters" not in serbian
    assert "a malformed query parameter" not in serbian
    assert "неисправан параметар упита" in serbian


@pytest.mark.parametrize("language", ("sr", "en"))
def test_schema_stays_english_whatever_the_language(client, language):
    docs_page(client, language)  # the page's translations leave the schema it reads alone

    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language).content)
    csv_get = schema["paths"]["/api/v1/programs.csv"]["get"]

    assert csv_get["description"] == "Every public program matching the filters (page and page_size are ignored)."
    assert csv_get["summary"] == "Public programs (CSV)"
    page_size = next(p for p in schema["paths"]["/api/v1/programs/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["description"] == PAGE_SIZE_DESCRIPTION["en"]
    assert schema["components"]["schemas"]["RegisterRow"]["properties"]["state"]["description"] == \
        "active, expired or revoked (an active status past its last day is expired)"
    assert schema["info"]["title"] == "NOKS portal open data API"


def schema_texts() -> set[str]:
    """Every text of the schema that the page shows, and the serializers' help texts."""
    schema = views._schema()
    texts = {schema["info"]["title"], schema["info"]["description"]}
    for methods in schema["paths"].values():
        for operation in methods.values():
            texts |= {operation.get("summary", ""), operation.get("description", "")}
            texts |= {p.get("description", "") for p in operation.get("parameters", [])}
            texts |= {r.get("description", "") for r in operation.get("responses", {}).values()}
    for component in schema["components"]["schemas"].values():
        texts |= {prop.get("description", "") for prop in component.get("properties", {}).values()}
    return texts - {""}


SAME_IN_SERBIAN = {"JSON-LD"}


def test_every_text_of_the_schema_has_a_serbian_translation():
    untranslated = []
    for text in schema_texts():
        msgid, values = views.FORMATTED.get(text, (text, {}))
        with translation.override("sr"):
            serbian = translation.gettext(msgid)
        if serbian == msgid and msgid not in SAME_IN_SERBIAN:
            untranslated.append(text)
        elif values:
            assert set(re.findall(r"%\((\w+)\)d", serbian)) == set(values), msgid
    assert len(schema_texts()) > 60
    assert untranslated == []


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("page and page_size", (), 'page and <code translate="no">page_size</code>'),
    ("page and page_size", ("page",), '<code translate="no">page</code> and <code translate="no">page_size</code>'),
    ("a `count` <b>", (), 'a <code translate="no">count</code> &lt;b&gt;'),
    ("levels 1, 6.1 and 7.1", ("1",), 'levels <code translate="no">1</code>, 6.1 and 7.1'),
    ("levels 6.1, 7.1", ("6.1",), 'levels <code translate="no">6.1</code>, 7.1'),
    ("else null.", ("null",), 'else <code translate="no">null</code>.'),
    ("nullable", ("null",), "nullable"),
    ("A-KEY-SEC", ("A-KEY",), "A-KEY-SEC"),
    ("Page size", (), "Page size"),
])
def test_prose_marks_code_words_only_where_they_stand_as_words(text, words, expected):
    assert views._prose(text, words) == expected
