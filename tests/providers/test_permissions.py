"""Each page of the foundation, for each role of the fixed cast: what that role may see, and nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

OK, LOGIN, DENIED, HOME, NOT_FOUND, ADMIN_LOGIN = "ok", "login", "403", "dashboard", "404", "admin-login"
PROVIDERS = ("owner", "colleague", "other", "school")
OFFICE = ("reviewer", "decider", "admin")


def expect(default: str, **per_role: str) -> dict[str, str]:
    roles = ("anonymous",) + PROVIDERS + OFFICE
    table = {role: default for role in roles}
    for key, value in per_role.items():
        for role in (PROVIDERS if key == "providers" else OFFICE if key == "office" else (key,)):
            table[role] = value
    return table


PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
MEMBERS = expect(OK, anonymous=LOGIN, office=DENIED)
OWNERS = expect(OK, anonymous=LOGIN, colleague=DENIED, office=DENIED)
OFFICE_ONLY = expect(DENIED, anonymous=LOGIN, office=OK)
ANONYMOUS_ONLY = expect(HOME, anonymous=OK)

PAGES = [
    ("home", {}, PUBLIC),
    ("qualifications:standards", {}, PUBLIC),
    ("qualifications:levels", {}, PUBLIC),
    ("qualifications:level", {"code": "6.1"}, PUBLIC),
    ("accounts:login", {}, ANONYMOUS_ONLY),
    ("providers:register", {}, ANONYMOUS_ONLY),
    ("accounts:password_reset", {}, PUBLIC),
    ("accounts:dashboard", {}, SIGNED_IN),
    ("accounts:password_change", {}, SIGNED_IN),
    ("providers:organization", {}, MEMBERS),
    ("providers:members", {}, MEMBERS),
    ("providers:organization_edit", {}, OWNERS),
    ("providers:office_organizations", {}, OFFICE_ONLY),
    ("admin:index", {}, expect(ADMIN_LOGIN, admin=OK)),
]


def _outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 302:
        location = response["Location"]
        if "/admin/login/" in location:
            return ADMIN_LOGIN
        if reverse("accounts:login") in location:
            return LOGIN
        if location == reverse("accounts:dashboard") or location.endswith("/accounts/me/"):
            return HOME
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize(("name", "kwargs", "table"), PAGES, ids=[p[0] for p in PAGES])
def test_page_access_per_role(client, cast, role, name, kwargs, table):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert _outcome(response) == table[role]


def test_office_organization_detail_per_role(client, cast, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("providers:office_organization", kwargs={"pk": cast.organization.pk}))
    assert _outcome(response) == OFFICE_ONLY[role]
    if response.status_code == 200:
        assert cast.organization.name_sr in response.content.decode()


@pytest.mark.parametrize("role_name", PROVIDERS)
def test_organization_page_shows_own_organization_only(client, cast, role_name):
    user = cast.user(role_name)
    client.force_login(user)
    page = client.get(reverse("providers:organization")).content.decode()
    own = user.membership.organization
    others = {cast.organization, cast.other_organization, cast.school_organization} - {own}
    assert own.name_sr in page
    for org in others:
        assert org.name_sr not in page
        assert org.pib not in page


def test_owner_cannot_remove_member_of_another_organization(client, cast):
    client.force_login(cast.other)
    colleague_membership = cast.colleague.membership
    response = client.post(reverse("providers:member_remove", kwargs={"pk": colleague_membership.pk}))
    assert response.status_code == 404
    cast.colleague.refresh_from_db()
    assert cast.colleague.membership.organization == cast.organization


def test_colleague_cannot_invite(client, cast):
    client.force_login(cast.colleague)
    response = client.post(reverse("providers:members"), {"email": "new@example.rs"})
    assert response.status_code == 403
    assert cast.organization.invitations.count() == 0


def test_navigation_differs_per_role(client, cast):
    client.force_login(cast.reviewer)
    office_page = client.get(reverse("home")).content.decode()
    assert reverse("providers:office_organizations") in office_page
    assert reverse("providers:members") not in office_page
    client.force_login(cast.owner)
    owner_page = client.get(reverse("home")).content.decode()
    assert reverse("providers:members") in owner_page
    assert reverse("providers:office_organizations") not in owner_page
