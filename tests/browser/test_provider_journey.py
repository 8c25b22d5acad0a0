"""The provider's whole journey in a real browser, as a newcomer does it in the embedded default:

register → keep the records (staff, rooms, hygiene checklist, evidence) → write a program section by section →
start an application → the pre-check fails on a real article (Art. 12: 2.42 m² per learner) → fix the room →
the pre-check passes → check the answers → submit → see the status. axe-core checks every page on the way.

With NOKS_SCREENSHOTS=docs/screenshots the main pages are kept as pictures for the documentation.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from django.utils import translation
from django.utils.text import capfirst

from applications.enums import ApplicationState
from applications.models import Application
from programs.enums import Activity, ProgramKind
from programs.forms import element_label
from providers.enums import HYGIENE_ITEMS, AdultEdCompetence, DocumentKind, Engagement, RoomKind, StaffRole, Tenure
from programs.models import Program
from providers.models import Organization, Room
from tests.browser.helpers import button, confirm_address, field, screenshot, sign_in, sr
from tests.providers.records_factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.services]

PASSWORD = "planina-Rtanj-1565"


def element(name: str) -> str:
    with translation.override("sr"):
        return element_label(name)


def register(page, axe) -> None:
    page.goto("/sr/")
    page.get_by_role("link", name=sr("Register an organization")).first.click()
    page.wait_for_url(re.compile(r"/sr/register/$"))
    axe(page)
    field(page, "Име").fill("Ђорђе")
    field(page, "Презиме").fill("Јовановић")
    field(page, "Имејл адреса").fill("djordje@znanje.rs")
    field(page, "Лозинка").fill(PASSWORD)
    field(page, "Поновите лозинку").fill(PASSWORD)
    field(page, "Врста организације").select_option("jpoa")
    field(page, "Назив (на српском, ћирилицом)").fill("Центар за образовање ЗНАЊЕ")
    field(page, "ПИБ (порески идентификациони број)").fill("101134702")
    field(page, "МБ (матични број)").fill("17123456")
    field(page, "Адреса").fill("Кнеза Милоша 7")
    field(page, "Општина").select_option(label="Љубовија")
    button(page, "Региструј се").click()
    page.wait_for_url(re.compile(r"/sr/register/sent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(sr("Check your e-mail"))
    axe(page)
    confirm_address(page, "djordje@znanje.rs", axe)
    sign_in(page, "djordje@znanje.rs", PASSWORD)
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role("link", name=sr("My organization")).click()
    page.wait_for_url(re.compile(r"/sr/organization/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Центар за образовање ЗНАЊЕ")
    axe(page)
    screenshot(page, "01-organization")


def add_staff(page, axe, first: str, last: str, roles: list[str], *, check: bool = False) -> None:
    page.goto("/sr/organization/records/staff/")
    page.get_by_role("link", name=sr("Add a staff member")).click()
    page.wait_for_url(re.compile(r"/records/staff/new/$"))
    if check:
        axe(page)
    field(page, sr("First name")).fill(first)
    field(page, sr("Last name")).fill(last)
    for role in roles:
        page.get_by_role("checkbox", name=str(StaffRole(role).label)).check()
    field(page, sr("Engagement")).select_option(Engagement.FULL_TIME)
    field(page, sr("Education")).fill("Филозофски факултет у Београду, мастер андрагог")
    field(page, sr("The education matches the programs the person works on")).check()
    field(page, sr("Adult-education competence (Art. 7.4 and 7.5)")).select_option(AdultEdCompetence.ANDRAGOGY_DEGREE)
    button(page, sr("Save")).click()
    page.wait_for_url(re.compile(r"/records/staff/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{first} {last}")


def add_room(page, axe, name: str, kind: str, area: str, seats: int, *, washbasin: bool = False,
             check: bool = False) -> None:
    page.goto("/sr/organization/records/rooms/")
    page.get_by_role("link", name=sr("Add a room")).click()
    page.wait_for_url(re.compile(r"/records/rooms/new/$"))
    if check:
        axe(page)
    field(page, sr("Name or number")).fill(name)
    field(page, sr("Kind of room")).select_option(kind)
    field(page, sr("Area")).fill(area)
    field(page, sr("Seats (desk and chair)")).fill(str(seats))
    for flag in ("natural_light", "natural_ventilation", "accessible") + (("washbasin",) if washbasin else ()):
        field(page, model_label(Room, flag)).check()
    field(page, sr("Owned or leased")).select_option(Tenure.OWNED)
    button(page, sr("Save")).click()
    page.wait_for_url(re.compile(r"/records/rooms/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f": {name} (")


def model_label(model, name: str) -> str:
    """The label Django renders for a model field without an explicit form label."""
    with translation.override("sr"):
        return capfirst(str(model._meta.get_field(name).verbose_name))


def save_section(page, axe, *, check: bool = True) -> None:
    if check:
        axe(page)
    button(page, sr("Save and return to the overview")).click()
    page.wait_for_url(re.compile(r"/sr/programs/\d+/$"))


def write_program(page, axe) -> None:
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role("link", name=sr("Our programs")).click()
    page.wait_for_url(re.compile(r"/sr/programs/$"))
    axe(page)
    page.get_by_role("link", name=sr("Write a new program")).click()
    field(page, element("name")).fill("Основи рада на рачунару за старије")
    field(page, sr("Activity (Art. 2)")).select_option(Activity.PERS)
    field(page, sr("Kind of program (Art. 3)")).select_option(str(ProgramKind.OTHER.value))
    axe(page)
    button(page, sr("Create the program")).click()
    page.wait_for_url(re.compile(r"/sr/programs/\d+/$"))
    axe(page)

    sections = {
        "aims": {"purpose": "Оснаживање старијих за свакодневни рад на рачунару.",
                 "goal": "Полазник самостално користи рачунар и интернет.",
                 "general_outcomes": "Дигитална компетенција.",
                 "specific_outcomes": "Зна да пошаље е-пошту и попуни образац на интернету.",
                 "enrolment_conditions": "Навршених 55 година."},
        "publicity": {"publicity": "Интернет страница и огласна табла.",
                      "adaptation": "Рад у пару и прилагођен темпо."},
    }
    page.get_by_role("link", name=re.compile(sr("Change") + r"\s+" + sr("Aims and outcomes"))).click()
    for name, value in sections["aims"].items():
        field(page, element(name)).fill(value)
    save_section(page, axe)

    page.get_by_role("link", name=re.compile(sr("Change") + r"\s+" + sr("Content and modules"))).click()
    save_section(page, axe)  # not modular: element 7 does not apply

    page.get_by_role("link", name=re.compile(sr("Change") + r"\s+" + sr("Delivery"))).click()
    field(page, element("duration_hours")).fill("40")
    field(page, element("organisation_methods")).fill("Вежбе на рачунару уз инструктора.")
    field(page, element("accessibility")).fill("Учионица у приземљу, без степеника.")
    field(page, element("materials")).fill("Приручник и водич за испит.")
    field(page, element("group_size")).fill("12")
    field(page, element("staff_needed")).fill("Један инструктор.")
    field(page, element("premises_equipment")).fill("Учионица са 12 места.")
    page.get_by_role("checkbox", name=re.compile("^Учионица 1")).check()
    page.get_by_role("checkbox", name="Мирјана Илић").check()
    field(page, model_label(Program, "starts_on")).fill("2027-03-01")
    field(page, model_label(Program, "ends_on")).fill("2027-04-30")
    save_section(page, axe)

    page.get_by_role("link", name=re.compile(sr("Change") + r"\s+" + sr("Assessment and exams"))).click()
    field(page, element("assessment")).fill("Практичан задатак на крају обуке.")
    field(page, element("document_name")).fill("Потврда о похађању.")
    save_section(page, axe)

    page.get_by_role("link", name=re.compile(sr("Change") + r"\s+" + sr("Publicity and adaptation"))).click()
    for name, value in sections["publicity"].items():
        field(page, element(name)).fill(value)
    save_section(page, axe)
    expect(page.get_by_text(sr("Every element is present."))).to_be_visible()
    screenshot(page, "04-program")


def test_a_newcomer_registers_keeps_records_writes_a_program_and_submits(page, axe, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    register(page, axe)
    organization = Organization.objects.get(pib="101134702")

    # Records: the staff of Art. 7 and 8, with a diploma attached to the instructor.
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role("link", name=sr("Records")).click()
    page.wait_for_url(re.compile(r"/sr/organization/records/$"))
    axe(page)
    add_staff(page, axe, "Мирјана", "Илић", [StaffRole.INSTRUCTOR, StaffRole.RESPONSIBLE_PERSON], check=True)
    axe(page)
    field(page, sr("What the document proves")).select_option(DocumentKind.DIPLOMA)
    field(page, sr("File")).set_input_files({"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF})
    button(page, sr("Upload the file")).click()
    expect(page.get_by_role("link", name="diploma.pdf")).to_be_visible()
    axe(page)
    screenshot(page, "02-staff-member")
    add_staff(page, axe, "Љубица", "Ђорђевић", [StaffRole.ANDRAGOGUE])
    add_staff(page, axe, "Небојша", "Марковић", [StaffRole.PSYCHOLOGIST])
    add_staff(page, axe, "Јелена", "Стојановић", [StaffRole.LIBRARIAN])
    page.goto("/sr/organization/records/staff/")
    expect(page.get_by_role("row")).to_have_count(5)  # the header and four people
    axe(page)

    # Rooms of Art. 12: the classroom is 29 m² for a group of 12 — 2.42 m² per learner, under the 2.5 m² minimum.
    add_room(page, axe, "Учионица 1", RoomKind.CLASSROOM, "29", 12, check=True)
    axe(page)
    add_room(page, axe, "Наставничка соба", RoomKind.INSTRUCTORS, "12", 4)
    add_room(page, axe, "Канцеларија", RoomKind.MANAGEMENT, "12", 2)
    add_room(page, axe, "Архива", RoomKind.ARCHIVE, "8", 0)
    add_room(page, axe, "Тоалет за жене", RoomKind.SANITARY_WOMEN, "4", 0, washbasin=True)
    add_room(page, axe, "Тоалет за мушкарце", RoomKind.SANITARY_MEN, "4", 0, washbasin=True)
    page.goto("/sr/organization/records/rooms/")
    axe(page)
    screenshot(page, "03-rooms")

    # The hygiene-technical checklist of Art. 10, with the fire-protection certificate.
    page.goto("/sr/organization/records/")
    page.get_by_role("link", name=sr("Hygiene-technical checklist")).click()
    page.wait_for_url(re.compile(r"/records/hygiene/$"))
    axe(page)
    with translation.override("sr"):
        labels = [(key, str(label)) for key, label in HYGIENE_ITEMS]
    for key, label in labels:
        page.locator(f"#id_{key}").check()
    page.locator("#id_evidence_fire").set_input_files(
        {"name": "protivpozarna.pdf", "mimeType": "application/pdf", "buffer": PDF})
    button(page, sr("Save the declaration and upload the files")).click()
    expect(page.get_by_role("link", name="protivpozarna.pdf")).to_be_visible()
    axe(page)

    write_program(page, axe)

    # The application: a task list, the scope, then the pre-check.
    page.get_by_role("navigation", name=sr("Main navigation")).get_by_role("link", name=sr("Applications")).click()
    page.wait_for_url(re.compile(r"/sr/applications/$"))
    axe(page)
    button(page, sr("Start a new application")).click()
    page.wait_for_url(re.compile(r"/sr/applications/\d+/$"))
    axe(page)
    page.get_by_role("link", name=sr("Activities and programs")).click()
    page.get_by_role("checkbox", name=str(Activity.PERS.label), exact=True).check()
    page.get_by_role("checkbox", name=re.compile("^Основи рада на рачунару за старије")).check()
    axe(page)
    button(page, sr("Save and return to the tasks")).click()
    page.wait_for_url(re.compile(r"/sr/applications/\d+/$"))
    premises = page.get_by_role("listitem").filter(has_text=sr("Premises and rooms"))
    expect(premises).to_contain_text(sr("There is a problem", "task status"))
    screenshot(page, "05-application-tasks")

    page.get_by_role("link", name=sr("See the pre-check")).click()
    page.wait_for_url(re.compile(r"/precheck/$"))
    axe(page)
    area_finding = page.get_by_role("listitem").filter(has_text="члан 12. став 1. тачка 1) подтачка (1)")
    expect(area_finding).to_have_count(1)
    expect(area_finding).to_contain_text(re.compile(r"2[.,]42"))
    expect(page.get_by_role("heading", name=re.compile(r"\b12$"))).to_be_visible()
    screenshot(page, "06-precheck-fails")

    # Fix it where the pre-check points: the classroom, 30 m² (2.5 m² per learner).
    area_finding.get_by_role("link", name=re.compile("Учионица 1")).first.click()
    page.wait_for_url(re.compile(r"/sr/organization/records/rooms/\d+/$"))
    field(page, sr("Area")).fill("30")
    button(page, sr("Save")).click()
    expect(page.locator(".alert-success")).to_contain_text("Учионица 1")
    expect(field(page, sr("Area"))).to_have_value(re.compile(r"^30(\.00)?$"))

    application = Application.objects.get(organization=organization)
    page.goto(f"/sr/applications/{application.pk}/precheck/")
    assert page.get_by_text(sr("Not met"), exact=True).count() == 0  # no failing finding is left
    assert page.get_by_text(sr("Reviewer checks"), exact=True).count() > 0  # what only a person can judge
    axe(page)

    # Check the answers and submit; the declaration must be confirmed first, and nothing typed is lost.
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("link", name=sr("Check your answers and submit")).click()
    page.wait_for_url(re.compile(r"/check/$"))
    axe(page)
    screenshot(page, "07-check-answers")
    button(page, sr("Submit the application")).click()
    expect(page.get_by_text(sr("Confirm the declaration to submit.")).first).to_be_visible()
    axe(page)
    field(page, sr("I confirm that the information and evidence in this application are true and complete.")
          ).check()
    button(page, sr("Submit the application")).click()
    page.wait_for_url(re.compile(rf"/sr/applications/{application.pk}/$"))
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    with translation.override("sr"):
        state_label = str(ApplicationState.SUBMITTED.label)
    expect(page.get_by_text(state_label).first).to_be_visible()
    axe(page)
    screenshot(page, "08-application-submitted")
    submission = application.submissions.get()
    assert submission.report["summary"]["fail"] == 0
    assert any(application.reference in message.subject or application.reference in message.body
               for message in mail.outbox)

    first_submission = sr("Submission %(number)s of %(date)s") % {"number": 1, "date": ""}
    page.get_by_role("link", name=re.compile("^" + re.escape(first_submission.strip()))).click()
    page.wait_for_url(re.compile(rf"/sr/applications/{application.pk}/submissions/1/$"))
    axe(page)
    assert len(axe.checked) >= 25
