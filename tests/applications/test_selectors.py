"""How findings are shown to people: grouped by article, linked to the page where each is fixed, rows named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.selectors import fix_url, group_findings, subject_names
from tests.programs.factories import ProgramFactory, RoomFactory, StaffFactory


def test_a_row_finding_links_to_that_row():
    assert fix_url("programs[P42]") == reverse("programs:detail", kwargs={"pk": 42})
    assert fix_url("rooms[R7]", "P89-12.1.1.1") == reverse("providers:room_edit", kwargs={"pk": 7})
    assert fix_url("staff[S3]", "P89-7.1.1") == reverse("providers:staff_edit", kwargs={"pk": 3})


@pytest.mark.parametrize(("provision", "page", "anchor"), [
    ("P89-10.1.1", "providers:hygiene", "#item-lighting"),
    ("P89-10.1.9", "providers:hygiene", "#item-fire"),
    ("P89-10.2", "providers:hygiene", ""),
    ("P89-7.3", "providers:staff_list", ""),
    ("P89-8.1", "providers:staff_list", ""),
    ("P89-12.1.3", "providers:room_list", ""),
    ("P89-15.1", "providers:partner_list", ""),
    ("P89-14.2", "providers:room_list", ""),
    ("P89-1.1", "providers:records", ""),
    ("NOKS-H.1", "providers:records", ""),
])
def test_an_organization_finding_links_to_the_page_of_its_article(provision, page, anchor):
    assert fix_url("organization", provision) == reverse(page) + anchor


@pytest.mark.django_db
def test_findings_name_rows_by_their_names_not_their_ids(cast):
    room = RoomFactory(organization=cast.organization, name_sr="Учионица 3")
    member = StaffFactory(organization=cast.organization, first_name_sr="Мирјана", last_name_sr="Илић")
    program = ProgramFactory(organization=cast.organization, name_sr="Основи рачунара")
    report = {"findings": [
        {"provision": "P89-12.1.1.1", "status": "fail", "subject": f"rooms[R{room.pk}]",
         "message": f"R{room.pk}: too small (P89-12.1.1.1).", "hint": "Use a larger room."},
        {"provision": "P89-7.1.1", "status": "manual", "subject": f"programs[P{program.pk}]",
         "message": f"Instructors S{member.pk} and S999999 teach it.", "hint": ""},
        {"provision": "P89-10.1.1", "status": "pass", "subject": "organization", "message": "ok", "hint": ""},
    ]}
    groups = group_findings(report, names=subject_names(cast.organization))
    assert [g.article for g in groups] == ["12", "7"]  # passing findings are left out
    area, instructors = groups[0].findings[0], groups[1].findings[0]
    assert area.name == "Учионица 3"
    assert area.message == "Учионица 3: too small (P89-12.1.1.1)."  # the provision id is left alone
    assert instructors.name == "Основи рачунара"
    assert instructors.message == "Instructors Мирјана Илић and S999999 teach it."  # unknown ids stay as they are


def test_without_names_the_subject_is_described_by_its_page():
    report = {"findings": [{"provision": "P89-10.1.4", "status": "manual", "subject": "organization",
                            "message": "m", "hint": "h"}]}
    finding = group_findings(report)[0].findings[0]
    assert finding.name == "хигијенско-технички услови"
    assert finding.url.endswith("#item-acoustics")


@pytest.mark.parametrize("q", ["JPOA-²", "JPOA-١٢", "JPOA-" + "9" * 30, "jpoa-0", "JPOA-"])
def test_the_queue_search_reads_only_an_ascii_reference_number(cast, submitted, q):
    """"JPOA-²" is isdigit() but int() refuses it (a server error, issue 14); a number longer than any key is text."""
    from applications.selectors import QueueFilters, review_queue

    assert list(review_queue(QueueFilters(q=q), user=cast.reviewer)) == []
    assert list(review_queue(QueueFilters(q=f"JPOA-{submitted.pk}"), user=cast.reviewer)) == [submitted]
