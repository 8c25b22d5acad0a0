"""Search that understands Serbian (issue 19): the relevance set — queries in either script, any word form, with
typos, in English, of the provider, the standard and the content — and the program expected first. Runs on SQLite
and, with DATABASE_URL, on PostgreSQL: the same data, the same answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Accreditation, Application
from programs.search import SearchParams, programs_refresh_public, search_programs
from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.services import standard_save
from tests.factories import OrganizationFactory
from tests.programs.factories import CompleteProgramFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()

# (Cyrillic name, English name, provider, purpose) — the provider is a key of PROVIDERS.
PROGRAMS = [
    ("Кувар", "Cook", "morava", ""),
    ("Кувар — напредни ниво", "Cook — advanced level", "morava", ""),
    ("Помоћни кувар", "Kitchen assistant", "morava", ""),
    ("Заваривач", "Welder", "morava", ""),
    ("Заваривање МАГ поступком", "MAG welding", "morava", ""),
    ("Основи рада на рачунару", "Computer basics", "morava", ""),
    ("Енглески језик А1", "English language A1", "djordje", ""),
    ("Енглески језик Б2", "English language B2", "morava", ""),
    ("Немачки језик А1", "German language A1", "morava", ""),
    ("Прва помоћ", "First aid", "morava", ""),
    ("Фотограф", "Photographer", "morava", "Фотографија портрета и пејзажа."),
    ("Водоинсталатер", "Plumber", "morava", ""),
    ("Пекар", "Baker", "morava", "Израда хлеба и пецива."),
    ("Посластичар", "Pastry cook", "morava", "Израда торти и колача."),
    ("Рачуновођа", "Accountant", "morava", ""),
    ("Електричар", "Electrician", "morava", ""),
    ("Фризер", "Hairdresser", "morava", ""),
    ("Конобар", "Waiter", "morava", ""),
    ("Возач виљушкара", "Forklift driver", "morava", ""),
    ("Неговатељ старих лица", "Elderly carer", "morava", "Нега и хигијена старих особа."),
    ("Пчелар", "Beekeeper", "pcele", ""),
    ("Столар", "Carpenter", "morava", ""),
    ("Дигитални маркетинг", "Digital marketing", "morava", ""),
    ("Рад у Excel табелама", "Working in Excel spreadsheets", "morava", ""),
    ("Шивач", "Tailor", "morava", ""),
    ("Керамичар", "Tiler", "morava", ""),
    ("Програмирање у Пајтону", "Python programming", "morava", ""),
    ("Одржавање индустријских робота", "Industrial robot maintenance", "morava", ""),
]
PROVIDERS = {
    "morava": ("Центар за обуку „Морава“", "Morava Training Centre"),
    "djordje": ("Школа „Ђорђе Стефановић“", "Đorđe Stefanović School"),
    "pcele": ("Удружење „Пчелиња кућа“", "Bee House Association"),
}

RELEVANCE = [
    # exact name, either script, any case
    ("кувар", "Кувар"), ("kuvar", "Кувар"), ("KUVAR", "Кувар"), ("kuvar napredni nivo", "Кувар — напредни ниво"),
    ("ENGLESKI JEZIK B2", "Енглески језик Б2"), ("немачки језик а1", "Немачки језик А1"),
    # word forms
    ("кувара", "Кувар"), ("kuvari", "Кувар"), ("заваривача", "Заваривач"), ("računarom", "Основи рада на рачунару"),
    ("osnove racunara", "Основи рада на рачунару"), ("engleskog jezika", "Енглески језик А1"),
    ("прве помоћи", "Прва помоћ"), ("немачког језика", "Немачки језик А1"), ("рачуновође", "Рачуновођа"),
    ("racunovodja", "Рачуновођа"), ("električara", "Електричар"), ("старих лица", "Неговатељ старих лица"),
    ("negovatelja", "Неговатељ старих лица"), ("vozača viljuškara", "Возач виљушкара"),
    ("digitalnog marketinga", "Дигитални маркетинг"), ("programiranja", "Програмирање у Пајтону"),
    ("пајтон", "Програмирање у Пајтону"), ("šivača", "Шивач"), ("keramičari", "Керамичар"),
    ("фризера", "Фризер"), ("konobara", "Конобар"), ("столари", "Столар"), ("excel tabele", "Рад у Excel табелама"),
    # a word being typed
    ("vodoinst", "Водоинсталатер"), ("посласт", "Посластичар"),
    # English names
    ("cook", "Кувар"), ("first aid", "Прва помоћ"), ("plumber", "Водоинсталатер"), ("german", "Немачки језик А1"),
    ("forklift", "Возач виљушкара"), ("pastry", "Посластичар"), ("accountants", "Рачуновођа"),
    ("beekeeping", "Пчелар"), ("MAG welding", "Заваривање МАГ поступком"),
    # provider, standard
    ("pčelinja kuća", "Пчелар"), ("engleski đorđe", "Енглески језик А1"), ("djordje stefanovic", "Енглески језик А1"),
    ("мехатроничар", "Одржавање индустријских робота"), ("mechatronics", "Одржавање индустријских робота"),
    ("kuvar morava", "Кувар"),
    # content
    ("hleba", "Пекар"), ("торте", "Посластичар"), ("higijena", "Неговатељ старих лица"),
    # typos: a letter missing, added, changed, two swapped
    ("kuvr", "Кувар"), ("fotografja", "Фотограф"), ("vodoinstalter", "Водоинсталатер"), ("elektricra", "Електричар"),
    ("frizzer", "Фризер"), ("konbar", "Конобар"), ("stolra", "Столар"), ("кувр", "Кувар"),
]


@pytest.fixture
def register():
    organizations = {key: OrganizationFactory(name_sr=sr, name_en=en) for key, (sr, en) in PROVIDERS.items()}
    level = NoksLevel.objects.order_by("order").first()
    sector = Sector.objects.order_by("pk").first()
    standard = standard_save(QualificationStandard(
        code="T-MEH-1", name_sr="Мехатроничар", name_en="Mechatronics technician", level=level, sector=sector,
        outcomes_sr="Одржава мехатроничке системе.", is_published=True))
    made = {}
    for name_sr, name_en, provider, purpose in PROGRAMS:
        made[name_sr] = CompleteProgramFactory(
            organization=organizations[provider], name_sr=name_sr, name_en=name_en, purpose_sr=purpose or "Сврха.",
            qualification_standard=standard if name_sr.startswith("Одржавање") else None)
    for organization in organizations.values():
        programs = [p for p in made.values() if p.organization_id == organization.pk]
        application = Application.objects.create(organization=organization, state="approved")
        accreditation = Accreditation.objects.create(
            organization=organization, application=application, activity=programs[0].activity,
            valid_from=TODAY - dt.timedelta(days=10), valid_until=TODAY + dt.timedelta(days=365), state="active")
        accreditation.programs.set(programs)
        programs_refresh_public([p.pk for p in programs])
    return made


def search(q: str, **more):
    return search_programs(SearchParams.from_query({"q": q, **more}))


def first(q: str) -> str | None:
    result = search(q)
    return result.page.object_list[0].name_sr if result.page.object_list else None


def test_relevance_set_is_large_enough():
    assert len(RELEVANCE) >= 40


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_relevance_first_result(register, query, expected):
    assert first(query) == expected


def test_exact_name_before_all_words_in_the_name(register):
    result = search("кувар")
    assert [p.name_sr for p in result.page.object_list] == ["Кувар", "Кувар — напредни ниво", "Помоћни кувар"]


def test_name_before_provider_before_content(register, django_user_model):
    # "fotograf": the photographer's name; "фотографија" only in its content: found, after a name match would be.
    assert [p.name_sr for p in search("фотографија").page.object_list] == ["Фотограф"]
    # "morava": every program of the provider, the shortest name first, then alphabetical.
    names = [p.name_sr for p in search("morava", page_size="100").page.object_list]
    assert names[:3] == ["Кувар", "Пекар", "Шивач"]
    assert "Пчелар" not in names and "Енглески језик А1" not in names


def test_a_word_found_as_typed_is_not_corrected(register):
    result = search("kuvar")
    assert result.suggestion == ""


@pytest.mark.parametrize(("query", "suggestion"), [
    ("kuvr", "kuvar"), ("кувр", "кувар"), ("vodoinstalter", "vodoinstalater"), ("fotografja", "fotografija"),
    ("engleski jezk", "engleski jezik"),
])
def test_a_typo_is_corrected_and_the_suggestion_finds_a_program(register, query, suggestion):
    result = search(query)
    assert result.suggestion == suggestion
    assert search(suggestion).count >= 1
    assert search(suggestion).suggestion == ""


def test_nothing_near_offers_no_suggestion(register):
    result = search("xyzzyqw")
    assert (result.count, result.suggestion) == (0, "")


def test_short_words_are_not_corrected(register):
    # three letters or fewer: too many neighbours to guess from
    assert search("kuq").count == 0


def test_the_page_offers_did_you_mean_in_serbian(register, client):
    response = client.get(reverse("program_search"), {"q": "kuvr"}, HTTP_ACCEPT_LANGUAGE="sr")
    page = response.content.decode()
    assert "Да ли сте мислили:" in page
    assert "?q=kuvar" in page
    assert "Кувар" in page


def test_no_typo_no_did_you_mean_on_the_page(register, client):
    page = client.get(reverse("program_search"), {"q": "kuvar"}).content.decode()
    assert "Да ли сте мислили" not in page
