"""Creating a program and editing every section through the views, as a provider's user does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from programs.models import Module, Program, TaskList
from providers.enums import MembershipRole, OrganizationKind
from rules.translit import has_cyrillic
from tests.factories import MembershipFactory, StandardFactory
from tests.programs.factories import (
    CompleteProgramFactory,
    ModuleFactory,
    PartnerFactory,
    ProgramFactory,
    RoomFactory,
    StaffFactory,
)
from tests.programs.payloads import rows, section_payload


def _en(name: str, **kwargs) -> str:
    """The English URL: messages checked by their English text do not depend on the catalogs."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _section_url(program: Program, section: str, *, lang: str = "sr") -> str:
    with translation.override(lang):
        return reverse("programs:section", kwargs={"pk": program.pk, "section": section})


def _actions(program: Program) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="programs.program", object_id=str(program.pk))
                .order_by("id").values_list("action", flat=True))


def test_create_saves_basics_derives_latin_and_redirects_to_overview(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("programs:create"), section_payload("basics"))
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", kwargs={"pk": program.pk})
    assert program.organization == cast.organization
    assert (program.name_sr, program.name_sr_latn) == ("Кувар — основна обука", "Kuvar — osnovna obuka")
    assert (program.activity, program.kind, program.language_of_delivery) == ("A-PERS", 9, "sr")
    assert _actions(program) == ["program.created"]
    latin_page = client.get(f"/sr-latn/programs/{program.pk}/").content.decode()
    assert "Kuvar — osnovna obuka" in latin_page
    assert "Кувар" not in latin_page


def test_create_with_standard_and_cefr_and_ecdl(client, cast):
    standard = StandardFactory()
    client.force_login(cast.owner)
    client.post(reverse("programs:create"), section_payload(
        "basics", activity="A-COMP", kind="1", qualification_standard=str(standard.pk), name_sr="Кувар"))
    client.post(reverse("programs:create"), section_payload(
        "basics", kind="5", cefr_levels=["A2", "B1"], name_sr="Енглески језик"))
    client.post(reverse("programs:create"), section_payload(
        "basics", kind="4", ecdl_modules="Computer Essentials\n\nWord Processing\n", name_sr="Рачунари"))
    programs = {p.name_sr: p for p in Program.objects.all()}
    assert programs["Кувар"].qualification_standard == standard
    assert programs["Енглески језик"].cefr_levels == ["A2", "B1"]
    assert programs["Рачунари"].ecdl_modules == ["Computer Essentials", "Word Processing"]
    page = client.get(_section_url(programs["Рачунари"], "basics")).content.decode()
    assert "Computer Essentials\nWord Processing" in page


def test_every_section_saves_through_its_page(client, cast):
    program = ProgramFactory(organization=cast.organization)
    room = RoomFactory(organization=cast.organization)
    instructor = StaffFactory(organization=cast.organization)
    partner = PartnerFactory(organization=cast.organization)
    client.force_login(cast.colleague)

    response = client.post(_section_url(program, "basics"),
                           section_payload("basics", name_sr="Посластичар", name_en="Pastry cook"))
    assert response.status_code == 302
    assert response["Location"] == _section_url(program, "basics")
    assert client.post(_section_url(program, "aims"), {**section_payload("aims"), "return": ""})["Location"] \
        == reverse("programs:detail", kwargs={"pk": program.pk})
    client.post(_section_url(program, "content"), section_payload("content"))
    client.post(_section_url(program, "delivery"), section_payload(
        "delivery", rooms=[room.pk], instructors=[instructor.pk], partners=[partner.pk], individual_work="on"))
    client.post(_section_url(program, "assessment"), section_payload("assessment"))
    client.post(_section_url(program, "publicity"), section_payload("publicity"))

    program.refresh_from_db()
    assert (program.name_sr, program.name_sr_latn, program.name_en) == ("Посластичар", "Poslastičar", "Pastry cook")
    assert program.goal_sr_latn == "Polaznik radi kao pomoćni kuvar."
    assert program.modular is True
    assert program.modules_content_sr_latn == "Dva modula: higijena i priprema jela."
    assert (program.duration_hours, program.group_size) == (120, 12)
    assert (program.starts_on, program.ends_on) == (dt.date(2026, 3, 1), dt.date(2026, 6, 30))
    assert list(program.rooms.all()) == [room]
    assert list(program.instructors.all()) == [instructor]
    assert list(program.partners.all()) == [partner]
    assert program.individual_work is True
    assert (program.exam_professional, program.work_tasks_min, program.work_tasks_max) == (True, 2, 4)
    assert program.document_name_sr == "Уверење о стеченим компетенцијама."
    assert program.adaptation_sr_latn == "Individualni plan za svakog polaznika."
    assert _actions(program) == ["program.saved"] * 6
    sections = list(AuditEvent.objects.filter(action="program.saved").order_by("id").values_list("data", flat=True))
    assert [d["section"] for d in sections] == ["basics", "aims", "content", "delivery", "assessment", "publicity"]


def test_modules_are_added_ordered_edited_and_deleted(client, cast):
    program = ProgramFactory(organization=cast.organization)
    client.force_login(cast.owner)
    url = _section_url(program, "content")
    client.post(url, section_payload("content", **rows("modules", [
        {"name_sr": "Хигијена", "outcomes_sr": "Зна правила хигијене.", "content_sr": "ХАЦЦП", "hours": "20"},
        {"name_sr": "Припрема јела", "outcomes_sr": "Припрема јело.", "content_sr": "Технике", "hours": "100"},
    ])))
    first, second = Module.objects.filter(program=program).order_by("order")
    assert [(m.order, m.name_sr, m.name_sr_latn, m.hours) for m in (first, second)] == [
        (1, "Хигијена", "Higijena", 20), (2, "Припрема јела", "Priprema jela", 100)]
    client.post(url, section_payload("content", **rows("modules", [
        {"id": str(first.pk), "program": str(program.pk), "name_sr": "Хигијена", "hours": "20", "DELETE": "on"},
        {"id": str(second.pk), "program": str(program.pk), "name_sr": "Јела", "hours": "90"},
    ], initial=2)))
    remaining = Module.objects.get(program=program)
    assert (remaining.pk, remaining.order, remaining.name_sr_latn, remaining.hours) == (second.pk, 1, "Jela", 90)


def test_task_lists_are_saved_with_their_publication_date(client, cast):
    program = ProgramFactory(organization=cast.organization, starts_on=dt.date(2026, 3, 1))
    client.force_login(cast.owner)
    client.post(_section_url(program, "assessment"), section_payload("assessment", **rows("task_lists", [
        {"kind": "work", "title_sr": "Радни задаци", "items_sr": "Супа\nСос\nПечење", "published_on": "2026-02-01"},
    ])))
    task_list = TaskList.objects.get(program=program)
    assert (task_list.kind, task_list.title_sr_latn, task_list.item_list) == ("work", "Radni zadaci",
                                                                              ["Супа", "Сос", "Печење"])
    assert task_list.published_on == dt.date(2026, 2, 1)


def test_task_list_published_after_start_is_saved_with_a_warning(client, cast):
    program = ProgramFactory(organization=cast.organization, starts_on=dt.date(2026, 3, 1))
    client.force_login(cast.owner)
    response = client.post(_en("programs:section", pk=program.pk, section="assessment"), section_payload(
        "assessment", **rows("task_lists", [
            {"kind": "key", "title_sr": "Задаци", "items_sr": "Задатак", "published_on": "2026-03-10"}])))
    assert response.status_code == 302
    page = client.get(_en("programs:detail", pk=program.pk)).content.decode()
    assert "Art. 6.3" in page


def test_jpoa_choosing_a_qualification_activity_is_refused_with_the_article(client, cast):
    client.force_login(cast.owner)
    response = client.post(_en("programs:create"), section_payload("basics", activity="A-QUAL", kind=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert Program.objects.count() == 0
    assert "Art. 2: a JPOA may not run this activity." in page
    assert 'role="alert"' in page
    assert 'value="Кувар — основна обука"' in page


def test_jpoa_is_offered_only_its_activities(client, cast):
    client.force_login(cast.owner)
    page = client.get(_en("programs:create")).content.decode()
    assert 'value="A-COMP"' in page and 'value="A-CAREER"' in page
    assert 'value="A-QUAL"' not in page and 'value="A-KEY-SEC"' not in page


def test_primary_school_kind_1_under_personal_development_is_refused(client, db):
    user = MembershipFactory(organization__kind=OrganizationKind.PRIMARY_SCHOOL, role=MembershipRole.OWNER).user
    client.force_login(user)
    response = client.post(_en("programs:create"), section_payload("basics", activity="A-PERS", kind="1"))
    assert Program.objects.count() == 0
    assert "Art. 3.2: a primary school runs this activity only through programs of kinds 4, 5, 6, 8 and 9" \
        in response.content.decode()
    accepted = client.post(_en("programs:create"), section_payload("basics", activity="A-PERS", kind="8"))
    assert accepted.status_code == 302
    assert Program.objects.get().kind == 8


def test_activity_without_kinds_refuses_a_kind_and_kinds_activity_needs_one(client, cast):
    client.force_login(cast.owner)
    career = client.post(_en("programs:create"), section_payload("basics", activity="A-CAREER", kind="3"))
    assert "Art. 3: programs of this activity have no kind" in career.content.decode()
    no_kind = client.post(_en("programs:create"), section_payload("basics", activity="A-COMP", kind=""))
    assert "Art. 3.1: choose the kind of program" in no_kind.content.decode()
    assert Program.objects.count() == 0


def test_cefr_only_for_languages_and_missing_cefr_is_a_warning_not_a_block(client, cast):
    program = ProgramFactory(organization=cast.organization, kind=9)
    client.force_login(cast.owner)
    refused = client.post(_en("programs:section", pk=program.pk, section="basics"),
                          section_payload("basics", kind="9", cefr_levels=["B1"]))
    assert "Art. 4.2: CEFR levels belong only to foreign-language programs (kind 5)." in refused.content.decode()
    program.refresh_from_db()
    assert program.cefr_levels == []
    saved = client.post(_en("programs:section", pk=program.pk, section="basics"), section_payload("basics", kind="5"))
    assert saved.status_code == 302
    overview = client.get(_en("programs:detail", pk=program.pk)).content.decode()
    assert "Art. 4.2: a foreign-language program names its CEFR level" in overview


def test_ecdl_only_for_computer_training(client, cast):
    program = ProgramFactory(organization=cast.organization, kind=9)
    client.force_login(cast.owner)
    refused = client.post(_en("programs:section", pk=program.pk, section="basics"),
                          section_payload("basics", kind="9", ecdl_modules="Spreadsheets"))
    assert "Art. 4.3: ECDL modules belong only to computer-training programs (kind 4)." in refused.content.decode()
    assert "Spreadsheets" in refused.content.decode()


def test_room_of_another_organization_is_refused(client, cast):
    program = ProgramFactory(organization=cast.organization)
    foreign_room = RoomFactory(organization=cast.other_organization)
    foreign_staff = StaffFactory(organization=cast.other_organization)
    client.force_login(cast.owner)
    response = client.post(_section_url(program, "delivery"),
                           section_payload("delivery", rooms=[foreign_room.pk], instructors=[foreign_staff.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"rooms", "instructors"}
    assert program.rooms.count() == 0 and program.instructors.count() == 0
    assert foreign_room.name_sr not in response.content.decode()
    program.refresh_from_db()
    assert program.duration_hours is None


def test_delivery_validation_error_keeps_what_was_typed(client, cast):
    program = ProgramFactory(organization=cast.organization)
    room = RoomFactory(organization=cast.organization)
    client.force_login(cast.owner)
    response = client.post(_en("programs:section", pk=program.pk, section="delivery"), section_payload(
        "delivery", starts_on="2026-06-01", ends_on="2026-05-01", organisation_methods_sr="Радионице у паровима",
        duration_hours="0", rooms=[room.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The program cannot end before it starts." in page
    assert 'role="alert"' in page
    assert "Радионице у паровима" in page
    assert 'value="2026-06-01"' in page and 'value="2026-05-01"' in page
    assert 'value="0"' in page
    assert f'value="{room.pk}"' in page and "checked" in page
    program.refresh_from_db()
    assert not program.organisation_methods_sr and program.starts_on is None


def test_work_tasks_min_above_max_is_refused_and_module_rows_keep_their_text(client, cast):
    program = ProgramFactory(organization=cast.organization)
    client.force_login(cast.owner)
    response = client.post(_en("programs:section", pk=program.pk, section="assessment"),
                           section_payload("assessment", work_tasks_min="4", work_tasks_max="2"))
    assert "The largest number of work tasks cannot be smaller than the smallest." in response.content.decode()
    content = client.post(_en("programs:section", pk=program.pk, section="content"), section_payload(
        "content", **rows("modules", [{"name_sr": "Модул који остаје", "hours": "0"}])))
    page = content.content.decode()
    assert content.status_code == 200
    assert "Модул који остаје" in page
    assert Module.objects.count() == 0
    program.refresh_from_db()
    assert program.modular is False


def test_delete_asks_then_deletes(client, cast):
    program = ProgramFactory(organization=cast.organization)
    ModuleFactory(program=program)
    client.force_login(cast.owner)
    url = reverse("programs:delete", kwargs={"pk": program.pk})
    confirm = client.get(url)
    assert 'method="post"' in confirm.content.decode()
    assert Program.objects.count() == 1
    response = client.post(url)
    assert response["Location"] == reverse("programs:list")
    assert Program.objects.count() == 0 and Module.objects.count() == 0
    assert AuditEvent.objects.filter(action="program.deleted", object_id=str(program.pk)).count() == 1


@pytest.mark.parametrize("lang", ["sr", "sr-latn", "en"])
def test_pages_render_in_each_language(client, cast, lang):
    program = CompleteProgramFactory(organization=cast.organization)
    client.force_login(cast.owner)
    with translation.override(lang):
        urls = [reverse("programs:list"), reverse("programs:create"), reverse("programs:detail", args=[program.pk]),
                reverse("programs:delete", args=[program.pk])]
        urls += [reverse("programs:section", args=[program.pk, s]) for s in
                 ("basics", "aims", "content", "delivery", "assessment", "publicity")]
    for url in urls:
        assert url.startswith(f"/{lang}/")
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert f'<html lang="{lang}">' in page
        assert page.count("<h1") == 1


def test_latin_pages_show_no_cyrillic(client, cast):
    program = CompleteProgramFactory(organization=cast.organization, kind=5, cefr_levels=["B1"])
    ModuleFactory(program=program, name_sr="Граматика")
    client.force_login(cast.owner)
    for url in ("/sr-latn/programs/", f"/sr-latn/programs/{program.pk}/"):
        body = client.get(url).content.decode().split("<body>", 1)[1].replace("Српски (ћирилица)", "")
        assert "Kuvar — osnovna obuka" in body
        assert not has_cyrillic(body), url


def test_administrator_manages_programs_in_the_admin(client, cast):
    program = CompleteProgramFactory(organization=cast.organization)
    ModuleFactory(program=program)
    client.force_login(cast.admin)
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 200
    page = client.get(reverse("admin:programs_program_change", args=[program.pk]))
    assert page.status_code == 200
    assert program.name_sr in page.content.decode()


def test_error_about_another_section_is_shown_at_the_top_not_a_crash(client, cast):
    """The organization's kind changed after the program was written: the basics are now refused (Art. 2)."""
    program = ProgramFactory(organization=cast.organization, activity="A-QUAL", kind=None)
    client.force_login(cast.owner)
    response = client.post(_en("programs:section", pk=program.pk, section="aims"), section_payload("aims"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Art. 2: a JPOA may not run this activity." in page
    assert "Оспособљавање за рад у кухињи." in page
    program.refresh_from_db()
    assert not program.purpose_sr
