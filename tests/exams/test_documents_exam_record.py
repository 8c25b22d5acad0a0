"""Issue 18: the exam record (записник о испиту) of an exam session as a PDF — the commission by name and role, the
program and cohort, the date, the tasks drawn per learner with the time of the draw, the votes and the grades,
signed by the chair — downloaded from the exam page by the organization's members only."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from exams import services
from exams.documents import exam_record_context
from exams.enums import ExamKind, Grade
from exams.models import Learner
from tests.exams.conftest import START

pytestmark = pytest.mark.django_db

WOMAN = "0101990715018"


@pytest.fixture
def session(school, commission):
    woman = school["learners"][0]
    woman.jmbg = WOMAN
    woman.save()
    return services.session_create(school["cohort"], commission=commission, held_on=START + dt.timedelta(days=61),
                                   actor=school["user"])


def _record(school, session, learner, *, passed: bool):
    result = session.results.get(learner=learner)
    services.result_draw(result, actor=school["user"], seed=42)
    members = list(session.commission.members.order_by("pk"))
    votes = {m.pk: Grade.PASSED if passed or i == 0 else Grade.FAILED for i, m in enumerate(members)}
    performed = {1: True, 2: True, 3: passed}
    services.result_record(result, votes=votes, performed=performed, actor=school["user"], lang="sr")
    result.refresh_from_db()
    return result


def _text(session, lang="sr") -> str:
    with translation.override(lang):
        page = render_to_string("pdf/exam_record.html", exam_record_context(session, language=lang))
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_record_states_commission_tasks_votes_and_results(school, session):
    woman, foreign = school["learners"]
    passed = _record(school, session, woman, passed=True)
    failed = _record(school, session, foreign, passed=False)
    text = _text(session)
    with translation.override("sr"):
        assert f"Записник о испиту {session.commission.get_exam_display()}" in text
    assert f"Програм {school['program'].name_sr}" in text and "Група полазника Пролеће 2027" in text
    with translation.override("sr"):
        assert f"Датум испита {date_format(session.held_on, 'DATE_FORMAT')}" in text
        drawn_at = date_format(timezone.localtime(passed.drawn_at), "DATETIME_FORMAT")
    # The commission by name and role: the chair first (an expert), an expert member, a member.
    assert "Члан0 Комисије Председник, стручњак из области" in text
    assert "Члан1 Комисије Члан, стручњак из области" in text
    assert re.search(r"Члан2 Комисије Члан(?!,)", text)
    # Each learner: the tasks drawn with the time of the draw, the votes in the learner's gender, the grade.
    for task in passed.drawn_tasks.all():
        assert task.task in text
    assert f"Извучено {drawn_at}" in text
    assert "Члан1 Комисије: Положила" in text and "Положила" in text
    assert "Члан0 Комисије: Положио/ла" in text and "Члан1 Комисије: Није положио/ла" in text
    assert "није изведен у складу са критеријумима" in text
    assert failed.grade == Grade.FAILED and "Није положио/ла" in text
    assert "Положило: 1. Није положило: 1." in text and "Без оцене:" not in text
    assert "Председник комисије Члан0 Комисије" in text  # the chair signs
    assert str(passed.draw_seed) not in text


def test_an_unfinished_session_says_who_is_not_yet_graded(school, session):
    _record(school, session, school["learners"][0], passed=True)
    text = _text(session)
    assert "Положило: 1. Није положило: 0. Без оцене: 1." in text
    assert "Задаци нису извучени" in text  # the other learner has not drawn yet


def test_a_key_competence_record_counts_the_tasks_solved(school):
    from tests.exams.conftest import members
    from tests.programs.factories import CompleteProgramFactory, TaskListFactory
    from exams.models import Cohort
    from programs.enums import Activity, TaskListKind
    from tests.exams.conftest import PUBLISHED

    organization = school["organization"]
    program = CompleteProgramFactory(organization=organization, activity=Activity.KEY_SEC, kind=None,
                                     exam_key_competences=True, key_tasks=6)
    TaskListFactory(program=program, kind=TaskListKind.KEY, items_sr="\n".join(f"Задатак {i}" for i in range(8)),
                    published_on=PUBLISHED)
    cohort = Cohort.objects.create(organization=organization, program=program, name="Кључне",
                                   starts_on=START, ends_on=START + dt.timedelta(days=60))
    Learner.objects.create(cohort=cohort, first_name="Ана", last_name="Анић", jmbg=WOMAN, birth_year=1990)
    rows = [{**m, "expert": False, "teacher": True} for m in members()]
    commission = services.commission_register(organization, program=program, exam=ExamKind.KEY_COMPETENCES,
                                              name="Кључна", members=rows, actor=school["user"])
    session = services.session_create(cohort, commission=commission, held_on=START + dt.timedelta(days=61),
                                      actor=school["user"])
    result = session.results.get()
    services.result_record(result, votes={m.pk: Grade.PASSED for m in commission.members.all()}, tasks_set=6,
                           tasks_solved=4, actor=school["user"], lang="sr")
    text = _text(session)
    assert "Решено задатака: 4 од 6" in text
    assert "Председник, наставник одговарајућег предмета" in text


def test_the_record_in_latin_and_english_has_no_cyrillic(school, session):
    _record(school, session, school["learners"][0], passed=True)
    latin = _text(session, "sr-latn")
    assert "Zapisnik o ispitu" in latin and "Član0 Komisije" in latin
    english = _text(session, "en")
    assert "Exam record" in english and "Chair of the commission Član0 Komisije" in english
    for text in (latin, english):
        assert not re.search(r"[\u0400-\u04FF]", text)


def test_members_download_the_pdf_from_the_exam_page_and_no_one_else(client, cast, school, session):
    _record(school, session, school["learners"][0], passed=True)
    url = reverse("exams:session_record", kwargs={"pk": session.pk})
    client.force_login(school["user"])
    assert f'href="{url}"' in client.get(session.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())
    assert "Љубица Ђорђевић" in text and "Председник комисије Члан0 Комисије" in text
    for role, status in (("other", 404), ("owner", 404), ("reviewer", 403)):
        client.force_login(getattr(cast, role))
        assert client.get(url).status_code == status, role
    client.logout()
    assert reverse("accounts:login") in client.get(url)["Location"]


def _pdf_pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def _signatures(session, lang="sr") -> list[str]:
    """What each member's signature line reads in the PDF: the role, then the name."""
    from exams.documents import exam_record_context
    from rules.translit import cyr_to_lat

    with translation.override(lang):
        members = exam_record_context(session, language=lang)["members"]
        chair, member = translation.gettext("Chair of the commission"), translation.gettext("Member of the commission")
    def name(m):  # names in the page's script
        return str(m) if lang == "sr" else cyr_to_lat(str(m))

    return [f"{chair if m.chair else member} {name(m)}" for m in members]


def test_every_member_signs_on_the_page_of_the_summary(school, session):
    from exams.documents import exam_record_render

    for learner in school["learners"]:
        _record(school, session, learner, passed=True)
    pages = _pdf_pages(exam_record_render(session, language="sr"))
    assert len(pages) == 1  # a typical session: one page, no page holding only the signatures
    summary = next(p for p in pages if "Положило: 2. Није положило: 0." in p)
    signatures = _signatures(session)
    assert len(signatures) == session.commission.members.count() == 3
    with translation.override("sr"):
        assert translation.gettext("Place and date:") in summary
    for line in signatures:
        assert line in summary, line


def test_a_long_record_keeps_the_summary_place_and_signatures_together(school, session):
    """However many learners push the end of the record to a page's foot, the summary, the place and date and
    every member's signature move together."""
    from exams.documents import exam_record_render
    from exams.models import ExamResult

    signatures = _signatures(session, "en")
    with translation.override("en"):
        place = translation.gettext("Place and date:")
    seen_pages = set()
    for i in range(20):  # undrawn learners, short rows: the closing block crosses the page's foot on the way
        learner = Learner.objects.create(cohort=school["cohort"], first_name=f"Polaznik{i}", last_name="Dugačak",
                                         birth_year=1990, script="latn", foreign_document=f"P9{i:02}0000")
        ExamResult.objects.create(session=session, learner=learner)
        if i < 6:
            continue
        pages = _pdf_pages(exam_record_render(session, language="en"))
        seen_pages.add(len(pages))
        summary = [n for n, p in enumerate(pages) if "Passed: 0. Failed: 0." in p]
        assert len(summary) == 1
        closing = pages[summary[0]]
        assert place in closing and all(line in closing for line in signatures), i
        assert not any(line in p for line in signatures for p in pages[:summary[0]])
    assert seen_pages >= {1, 2}, seen_pages  # the span did cross a page break


def test_the_record_uses_one_font_family(school, session, tmp_path):
    from exams.documents import exam_record_render

    _record(school, session, school["learners"][0], passed=True)
    path = tmp_path / "record.pdf"
    path.write_bytes(exam_record_render(session, language="sr"))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert names and all(name.startswith("DejaVu-Sans") for name in names), names
