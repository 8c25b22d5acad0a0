"""The public JPOA register: filters, search in either script, pagination, exports, the organization page with its
public history, expiry and the expiry reminders."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.enums import AccreditationState
from applications.models import Accreditation, Application
from core.audit import audit_log
from programs.enums import Activity
from providers.models import Municipality
from tests.factories import OrganizationFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_accreditation(organization, *, activity=Activity.PERS, state=AccreditationState.ACTIVE, programs=(),
                       valid_from=None, valid_until=None, revoked_at=None, granted=True) -> Accreditation:
    """An accreditation of ``organization`` with an approved application behind it (no services, no PDFs)."""
    application = Application.objects.create(organization=organization, state="approved", activities=[activity])
    accreditation = Accreditation.objects.create(
        organization=organization, application=application, activity=activity, state=state,
        valid_from=valid_from or TODAY - dt.timedelta(days=100),
        valid_until=valid_until or TODAY + dt.timedelta(days=1000), revoked_at=revoked_at,
    )
    accreditation.programs.set(programs)
    if granted:
        audit_log(accreditation, action="accreditation.granted", to_state=AccreditationState.ACTIVE)
    return accreditation


def shown(response) -> set[int]:
    """The accreditations on a register page."""
    return {a.pk for org in response.context["page"].object_list for a in org.register_rows}


def states_in_html(html: str) -> dict[int, str]:
    return {int(pk): state for pk, state in re.findall(r'data-accreditation="(\d+)" data-state="(\w+)"', html)}


def register(client, **params):
    return client.get(reverse("jpoa:register"), params)


@pytest.fixture
def three(cast):
    """Active, expired and revoked accreditations of three organizations in two municipalities."""
    belgrade, nis = Municipality.objects.order_by("pk")[:2]
    active_org = OrganizationFactory(name_sr="Центар „Ђорђе Станојевић“", municipality=belgrade)
    expired_org = OrganizationFactory(name_sr="Школа језика Лингва", municipality=nis)
    revoked_org = OrganizationFactory(name_sr="Академија вештина", municipality=nis)
    active = make_accreditation(active_org, activity=Activity.PERS,
                                programs=[ProgramFactory(organization=active_org, name_sr="Кување за почетнике")])
    expired = make_accreditation(expired_org, activity=Activity.CAREER, state=AccreditationState.EXPIRED,
                                 valid_from=TODAY - dt.timedelta(days=2000), valid_until=TODAY - dt.timedelta(days=5))
    revoked = make_accreditation(revoked_org, activity=Activity.PERS, state=AccreditationState.REVOKED,
                                 revoked_at=timezone.make_aware(dt.datetime(2025, 3, 14, 10, 0)))
    return {"active": active, "expired": expired, "revoked": revoked, "belgrade": belgrade, "nis": nis}


def test_register_shows_only_active_by_default(client, three):
    response = register(client)
    assert response.status_code == 200
    assert shown(response) == {three["active"].pk}
    html = response.content.decode()
    assert "Центар „Ђорђе Станојевић“" in html
    assert "Кување за почетнике" in html
    assert "Лингва" not in html
    assert states_in_html(html) == {three["active"].pk: "active"}


@pytest.mark.parametrize("state,expected", [
    ("active", {"active"}), ("expired", {"expired"}), ("revoked", {"revoked"}),
    ("all", {"active", "expired", "revoked"}),
])
def test_register_state_filter(client, three, state, expected):
    response = register(client, state=state)
    assert shown(response) == {three[name].pk for name in expected}
    assert set(states_in_html(response.content.decode()).values()) == expected


def test_register_shows_revocation_date(client, three):
    with translation.override("en"):
        url = reverse("jpoa:register")
    html = client.get(url, {"state": "revoked"}).content.decode()
    assert "Revoked" in html
    assert "14 March 2025" in html


def test_register_active_row_past_its_last_day_is_shown_expired(client, cast):
    lapsed = make_accreditation(OrganizationFactory(), valid_until=TODAY - dt.timedelta(days=1))
    assert lapsed.state == AccreditationState.ACTIVE  # the daily job has not run yet
    assert shown(register(client)) == set()
    response = register(client, state="expired")
    assert states_in_html(response.content.decode()) == {lapsed.pk: "expired"}


def test_register_activity_filter_both_ways(client, three):
    assert shown(register(client, state="all", activity=Activity.CAREER)) == {three["expired"].pk}
    assert shown(register(client, state="all", activity=Activity.PERS)) == {three["active"].pk, three["revoked"].pk}
    assert shown(register(client, state="all", activity=Activity.RPL)) == set()


def test_register_municipality_filter_both_ways(client, three):
    assert shown(register(client, state="all", municipality=three["belgrade"].pk)) == {three["active"].pk}
    assert shown(register(client, state="all", municipality=three["nis"].pk)) == {three["expired"].pk,
                                                                                   three["revoked"].pk}


def test_register_municipality_choices_are_those_with_accreditations(client, three):
    choices = {value for value, _label in register(client).context["form"].fields["municipality"].choices}
    assert choices == {"", three["belgrade"].pk, three["nis"].pk}


def test_register_invalid_filter_values_are_ignored(client, three):
    response = register(client, state="bogus", activity="X", municipality="abc")
    assert response.status_code == 200
    assert shown(response) == {three["active"].pk}


@pytest.mark.parametrize("query", ["Ђорђе", "djordje", "ĐORĐE", "Djordje Stanojevic", "станојевић"])
def test_register_search_is_script_and_diacritic_insensitive(client, three, query):
    assert shown(register(client, q=query)) == {three["active"].pk}


def test_register_search_by_pib_and_no_match(client, three):
    organization = three["revoked"].organization
    assert shown(register(client, q=organization.pib, state="all")) == {three["revoked"].pk}
    assert shown(register(client, q=organization.pib[:5], state="all")) == set()
    assert shown(register(client, q="непостојећа", state="all")) == set()


def _many(count: int, municipality=None, programs_each: int = 2) -> list[Accreditation]:
    rows = []
    for _i in range(count):
        organization = OrganizationFactory(**({"municipality": municipality} if municipality else {}))
        programs = [ProgramFactory(organization=organization) for _p in range(programs_each)]
        rows.append(make_accreditation(organization, programs=programs, granted=False))
    return rows


def test_register_is_paginated_and_keeps_the_query_string(client, cast):
    _many(30, programs_each=0)
    first = register(client, activity=Activity.PERS)
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 30
    assert 'href="?activity=A-PERS&amp;page=2"' in first.content.decode()
    second = register(client, activity=Activity.PERS, page=2)
    assert len(second.context["page"].object_list) == 5
    assert shown(first).isdisjoint(shown(second))


def test_register_query_count_is_constant(client, cast, django_assert_num_queries):
    _many(2)
    with django_assert_num_queries(5) as small:  # municipalities, count, organizations, accreditations, programs
        response = register(client)
    assert len(shown(response)) == 2
    _many(23)
    with django_assert_num_queries(len(small.captured_queries)):
        response = register(client)
    assert len(shown(response)) == 25
    with django_assert_num_queries(len(small.captured_queries) + 1):  # + the organizations matching the search
        register(client, q="Његош")


def _csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_register_csv_has_header_rows_and_filters(client, three):
    response = client.get(reverse("jpoa:register_csv"), {"state": "all"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="jpoa-register-')
    header = response.content.decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert header == ("organization,pib,mb,municipality,activity_code,activity_label,state,valid_from,valid_until,"
                      "revoked_at,programs")
    rows = {row["state"]: row for row in _csv_rows(response)}
    assert set(rows) == {"active", "expired", "revoked"}
    active = three["active"]
    assert rows["active"] == {
        "organization": "Центар „Ђорђе Станојевић“", "pib": active.organization.pib, "mb": active.organization.mb,
        "municipality": three["belgrade"].name, "activity_code": Activity.PERS.value,
        "activity_label": str(Activity.PERS.label), "state": "active",
        "valid_from": active.valid_from.isoformat(), "valid_until": active.valid_until.isoformat(),
        "revoked_at": "", "programs": "Кување за почетнике",
    }
    assert rows["revoked"]["revoked_at"] == "2025-03-14"
    only_nis = _csv_rows(client.get(reverse("jpoa:register_csv"), {"state": "all", "municipality": three["nis"].pk}))
    assert {row["state"] for row in only_nis} == {"expired", "revoked"}


def test_register_csv_has_every_row_and_joins_programs(client, cast):
    organization = OrganizationFactory()
    programs = [ProgramFactory(organization=organization, name_sr=name) for name in ("Б програм", "А програм")]
    make_accreditation(organization, programs=programs)
    _many(30, programs_each=0)
    rows = _csv_rows(client.get(reverse("jpoa:register_csv")))
    assert len(rows) == 31
    assert [r["programs"] for r in rows if r["pib"] == organization.pib] == ["А програм; Б програм"]


def test_register_json_matches_the_filters(client, three):
    response = client.get(reverse("jpoa:register_json"), {"activity": Activity.PERS, "state": "all"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["count"] == 2
    by_state = {row["state"]: row for row in data["results"]}
    assert set(by_state) == {"active", "revoked"}
    assert by_state["active"]["programs"] == ["Кување за почетнике"]
    assert by_state["active"]["organization"] == "Центар „Ђорђе Станојевић“"
    assert by_state["revoked"]["revoked_at"] == "2025-03-14"
    assert "Ђорђе".encode() in response.content  # UTF-8, not \u escapes


def test_register_export_links_carry_the_filters(client, three):
    html = register(client, activity=Activity.PERS, state="all").content.decode()
    assert f'href="{reverse("jpoa:register_csv")}?activity=A-PERS&amp;state=all"' in html
    assert f'href="{reverse("jpoa:register_json")}?activity=A-PERS&amp;state=all"' in html


# --- the organization page ---------------------------------------------------------------------------------------


def test_organization_page_shows_public_history_without_names(client, cast, three):
    organization = OrganizationFactory()
    accreditation = make_accreditation(organization, granted=False)
    audit_log(accreditation, action="accreditation.granted", actor=cast.decider, to_state="active", note="secret")
    audit_log(accreditation, action="accreditation.reminded", data={"days": 90})
    services.accreditation_revoke(accreditation, reasons="Нема више просторија.", actor=cast.decider)
    with translation.override("en"):
        url = reverse("jpoa:organization", kwargs={"pk": organization.pk})
    response = client.get(url)
    assert response.status_code == 200
    history = response.context["accreditations"][0].public_history
    assert [event.action for event in history] == ["accreditation.granted", "accreditation.revoked"]
    html = response.content.decode()
    assert states_in_html(html) == {accreditation.pk: "revoked"}
    assert "Granted" in html and "Revoked" in html
    assert "reminded" not in html.lower() and "Reminder" not in html
    assert cast.decider.username not in html and str(cast.decider) not in html
    assert "secret" not in html and "Нема више просторија." not in html


def test_organization_page_404_without_accreditation(client, cast, three):
    response = client.get(reverse("jpoa:organization", kwargs={"pk": cast.other_organization.pk}))
    assert response.status_code == 404


def test_organization_page_offers_revocation_to_deciders_only(client, cast, three):
    url = reverse("jpoa:organization", kwargs={"pk": three["active"].organization_id})
    revoke_url = reverse("jpoa:revoke", kwargs={"pk": three["active"].pk})
    assert revoke_url not in client.get(url).content.decode()
    client.force_login(cast.reviewer)
    assert revoke_url not in client.get(url).content.decode()
    client.force_login(cast.decider)
    assert revoke_url in client.get(url).content.decode()


# --- expiry and reminders ----------------------------------------------------------------------------------------


def test_expiry_job_marks_expired_and_the_register_shows_it(client, cast):
    accreditation = make_accreditation(OrganizationFactory(), valid_until=TODAY - dt.timedelta(days=1))
    counts = services.accreditations_expire_and_remind(today=TODAY)
    assert counts["expired"] == 1
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.EXPIRED
    assert shown(register(client)) == set()
    assert shown(register(client, state="expired")) == {accreditation.pk}
    history = client.get(reverse("jpoa:organization", kwargs={"pk": accreditation.organization_id})
                         ).context["accreditations"][0].public_history
    assert [event.action for event in history] == ["accreditation.granted", "accreditation.expired"]


def test_reminders_are_sent_once_at_90_and_once_at_30_days(cast, django_capture_on_commit_callbacks):
    valid_until = TODAY + dt.timedelta(days=400)
    make_accreditation(cast.organization, valid_until=valid_until)
    members = cast.organization.memberships.count()
    assert members == 2

    def run(days_before: int) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return services.accreditations_expire_and_remind(today=valid_until - dt.timedelta(days=days_before))

    run(120)
    assert len(mail.outbox) == 0
    assert run(89)["reminded_90"] == 1
    assert len(mail.outbox) == members
    assert {m.to[0] for m in mail.outbox} == {cast.owner.email, cast.colleague.email}
    assert run(89)["reminded_90"] == 0
    run(60)
    assert len(mail.outbox) == members
    assert run(29)["reminded_30"] == 1
    assert len(mail.outbox) == 2 * members
    run(29)
    run(5)
    assert len(mail.outbox) == 2 * members


@pytest.mark.parametrize("language, expected", [
    ("sr", ["Ћуприја обука", "Центар Шабац", "Чачак центар"]),  # азбука: … Т Ћ У Ф Х Ц Ч Џ Ш
    ("sr-latn", ["Centar Šabac", "Čačak centar", "Ćuprija obuka"]),  # abeceda: C Č Ć … S Š
    ("en", ["Alpha Centre Ćuprija", "Centar Šabac", "Zeta Centre Čačak"]),  # the English name where there is one
])
def test_register_lists_organizations_by_the_name_shown_in_the_page_alphabet(client, language, expected):
    """The register page and its export list organizations by the name the page shows, in its alphabet."""
    for name_sr, name_en in (("Чачак центар", "Zeta Centre Čačak"), ("Ћуприја обука", "Alpha Centre Ćuprija"),
                             ("Центар Шабац", "")):
        make_accreditation(OrganizationFactory(name_sr=name_sr, name_en=name_en))
    with translation.override(language):
        page = client.get(f"/{language}/jpoa-register/")
        assert [organization.name for organization in page.context["page"].object_list] == expected
        export = client.get(reverse("jpoa:register_csv"))
        assert [row["organization"] for row in _csv_rows(export)] == expected


@pytest.mark.parametrize("language, expected", [
    ("sr", ["Бајина Башта", "Бачка Топола", "Бољевац", "Бор"]),  # Ј before Ч, Љ before Р
    ("sr-latn", ["Bačka Topola", "Bajina Bašta", "Boljevac", "Bor"]),  # Č before J, the letter Lj before R
])
def test_register_municipality_choices_are_in_the_page_alphabet(language, expected):
    from applications.selectors_jpoa import register_municipalities

    places = list(Municipality.objects.filter(name_sr__in=["Бор", "Бољевац", "Бајина Башта", "Бачка Топола"]))
    assert len(places) == 4
    for place in places:
        make_accreditation(OrganizationFactory(municipality=place))
    with translation.override(language):
        assert [m.name for m in register_municipalities() if m in places] == expected
