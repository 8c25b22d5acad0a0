"""Every programs URL for every role of the cast; another provider guessing ids: never shown, never changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from programs.enums import SECTIONS
from programs.models import Module, Program
from tests.programs.factories import ModuleFactory, ProgramFactory
from tests.programs.payloads import section_payload

OK, LOGIN, DENIED, NOT_FOUND = "ok", "login", "403", "404"
PROVIDERS = ("owner", "colleague", "other", "school")
OFFICE = ("reviewer", "decider", "admin")
EXPECTED = {"anonymous": LOGIN, **{role: OK for role in PROVIDERS}, **{role: DENIED for role in OFFICE}}

PROGRAM_PAGES = [("programs:detail", None), ("programs:delete", None)] + [
    ("programs:section", section.slug) for section in SECTIONS
]


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 302 and reverse("accounts:login") in response["Location"]:
        return LOGIN
    return f"unexpected {response.status_code}"


def _url(name: str, program: Program, section: str | None) -> str:
    kwargs = {"pk": program.pk}
    if section:
        kwargs["section"] = section
    return reverse(name, kwargs=kwargs)


def _own_program(cast, user) -> Program:
    """The program of the user's own organization (office and anonymous users try the owner's)."""
    organization = user.membership.organization if user is not None and hasattr(user, "membership") \
        else cast.organization
    return ProgramFactory(organization=organization, name_sr="Програм за проверу права")


def _snapshot(program: Program) -> dict:
    program.refresh_from_db()
    return {"fields": {f.attname: getattr(program, f.attname) for f in Program._meta.concrete_fields},
            "modules": list(Module.objects.filter(program=program).values_list("pk", "name_sr"))}


@pytest.mark.parametrize("name", ["programs:list", "programs:create"])
def test_organization_pages_per_role(client, cast, role, name):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name))
    assert _outcome(response) == EXPECTED[role]


@pytest.mark.parametrize(("name", "section"), PROGRAM_PAGES, ids=[f"{n}-{s or ''}" for n, s in PROGRAM_PAGES])
def test_program_pages_per_role(client, cast, role, name, section):
    user = cast.user(role)
    program = _own_program(cast, user)
    if user is not None:
        client.force_login(user)
    response = client.get(_url(name, program, section))
    assert _outcome(response) == EXPECTED[role]
    if response.status_code == 200:
        assert program.name_sr in response.content.decode()


def test_list_shows_only_own_programs(client, cast):
    own = ProgramFactory(organization=cast.organization, name_sr="Наш програм")
    foreign = ProgramFactory(organization=cast.other_organization, name_sr="Туђи програм")
    client.force_login(cast.colleague)
    page = client.get(reverse("programs:list")).content.decode()
    assert own.name_sr in page
    assert foreign.name_sr not in page
    assert reverse("programs:detail", kwargs={"pk": foreign.pk}) not in page


@pytest.mark.parametrize("intruder", ["other", "school"])
@pytest.mark.parametrize(("name", "section"), PROGRAM_PAGES, ids=[f"{n}-{s or ''}" for n, s in PROGRAM_PAGES])
def test_other_provider_guessing_ids_gets_404_and_changes_nothing(client, cast, intruder, name, section):
    program = ProgramFactory(organization=cast.organization, name_sr="Тајни програм")
    ModuleFactory(program=program, name_sr="Тајни модул")
    before = _snapshot(program)
    events = AuditEvent.objects.count()
    client.force_login(cast.user(intruder))
    url = _url(name, program, section)
    get = client.get(url)
    assert get.status_code == 404
    assert "Тајни" not in get.content.decode()
    post = client.post(url, section_payload(section, name_sr="Преотето") if section else {})
    assert post.status_code == 404
    assert Program.objects.filter(pk=program.pk).exists()
    assert _snapshot(program) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role_name", ["anonymous", *OFFICE])
def test_office_and_anonymous_cannot_change_a_program(client, cast, role_name):
    program = ProgramFactory(organization=cast.organization)
    before = _snapshot(program)
    user = cast.user(role_name)
    if user is not None:
        client.force_login(user)
    expected = LOGIN if user is None else DENIED
    for url, data in [
        (reverse("programs:create"), section_payload("basics")),
        (_url("programs:section", program, "aims"), section_payload("aims")),
        (_url("programs:delete", program, None), {}),
    ]:
        assert _outcome(client.post(url, data)) == expected
    assert _snapshot(program) == before
    assert Program.objects.count() == 1


def test_unknown_section_is_404(client, cast):
    program = ProgramFactory(organization=cast.organization)
    client.force_login(cast.owner)
    response = client.get(reverse("programs:section", kwargs={"pk": program.pk, "section": "secrets"}))
    assert response.status_code == 404
