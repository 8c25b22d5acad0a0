"""Every application URL for every role of the cast: own organization allowed, everyone else refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications import services
from programs.enums import Activity

PAGES = ["list", "detail", "scope", "deviations", "precheck", "check", "withdraw"]


def _expected(role: str) -> str:
    if role == "anonymous":
        return "login"
    if role in ("owner", "colleague"):
        return "ok"
    if role in ("other", "school"):
        return "404"  # members of other organizations: the application does not exist for them
    return "403"  # the Office reaches applications through the review queue, not the provider's pages


@pytest.mark.parametrize("name", PAGES)
def test_application_pages_per_role(client, cast, ready, role, name):
    application = services.application_create(cast.organization, actor=cast.owner)
    services.application_set_scope(application, activities=[Activity.PERS], programs=[ready["program"]],
                                   actor=cast.owner)
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(f"applications:{name}", kwargs={} if name == "list" else {"pk": application.pk})
    response = client.get(url)
    outcome = {200: "ok", 403: "403", 404: "404"}.get(response.status_code)
    if response.status_code == 302:
        outcome = "login" if "/accounts/login/" in response["Location"] else response["Location"]
    expected = _expected(role)
    if name == "list" and role in ("other", "school"):
        expected = "ok"  # their own (empty) list
    assert outcome == expected
    if name == "list" and role in ("other", "school"):
        assert application.reference not in response.content.decode()


def test_create_is_post_only_and_for_members(client, cast):
    client.force_login(cast.reviewer)
    assert client.post(reverse("applications:create")).status_code == 403
    client.force_login(cast.owner)
    assert client.get(reverse("applications:create")).status_code == 405
