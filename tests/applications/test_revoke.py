"""Revoking JPOA status: deciders only, reasons required (shown next to the field, typed text kept), then the
public register shows the revocation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from applications.enums import AccreditationState
from core.models import AuditEvent
from tests.applications.test_jpoa_register import make_accreditation
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accreditation(cast):
    # An organization without members: nobody to e-mail, so the test is about the page and the service only.
    return make_accreditation(OrganizationFactory(name_sr="Центар Опозив"))


def sr(message: str) -> str:
    """A message as the Serbian (Cyrillic) pages show it, whether or not it is translated yet."""
    with translation.override("sr"):
        return gettext(message)


def url(accreditation) -> str:
    return reverse("jpoa:revoke", kwargs={"pk": accreditation.pk})


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("owner", 403), ("colleague", 403), ("other", 403), ("school", 403),
    ("reviewer", 403), ("decider", 200), ("admin", 200),
])
def test_revoke_page_per_role(client, cast, accreditation, role, expected):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url(accreditation))
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
    if expected == 200:
        assert 'name="reasons"' in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "owner", "reviewer"])
def test_revoke_post_by_a_non_decider_changes_nothing(client, cast, accreditation, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.post(url(accreditation), {"reasons": "Злоупотреба."})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.ACTIVE
    assert not AuditEvent.objects.filter(action="accreditation.revoked").exists()


def test_revoke_without_reasons_shows_the_error_next_to_the_field(client, cast, accreditation):
    client.force_login(cast.decider)
    response = client.post(url(accreditation), {"reasons": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reasons"] == [sr("Give the reasons for revocation.")]
    html = response.content.decode()
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'name="reasons"' in textarea and "is-invalid" in textarea
    assert 'id="error_1_id_reasons"' in html  # crispy's invalid-feedback right under the field
    assert '<a href="#id_reasons">' in html  # the error summary links to the field
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.ACTIVE


def test_revoke_refused_by_the_service_keeps_the_typed_text(client, cast, accreditation):
    accreditation.state = AccreditationState.EXPIRED  # expired while the decider was typing
    accreditation.save(update_fields=["state"])
    client.force_login(cast.decider)
    typed = "Организација више нема учионицу.\nПроверено 3. марта."
    response = client.post(url(accreditation), {"reasons": typed})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [sr("Only an active accreditation can be revoked.")]
    html = response.content.decode()
    assert "Организација више нема учионицу." in html and "Проверено 3. марта." in html
    assert response.context["form"]["reasons"].value() == typed
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.EXPIRED


def test_revoke_page_of_an_inactive_accreditation_has_no_form(client, cast, accreditation):
    accreditation.state = AccreditationState.REVOKED
    accreditation.save(update_fields=["state"])
    client.force_login(cast.decider)
    html = client.get(url(accreditation)).content.decode()
    assert 'name="reasons"' not in html


def test_revoke_unknown_accreditation_is_404(client, cast, accreditation):
    client.force_login(cast.decider)
    assert client.get(reverse("jpoa:revoke", kwargs={"pk": accreditation.pk + 1000})).status_code == 404


def test_revoke_succeeds_and_the_register_shows_it(client, cast, accreditation):
    client.force_login(cast.decider)
    response = client.post(url(accreditation), {"reasons": "  Организација не испуњава услове.  "})
    organization_url = reverse("jpoa:organization", kwargs={"pk": accreditation.organization_id})
    assert response.status_code == 302
    assert response["Location"] == organization_url
    accreditation.refresh_from_db()
    assert (accreditation.state, accreditation.revoked_by, accreditation.revocation_reasons) == (
        AccreditationState.REVOKED, cast.decider, "Организација не испуњава услове.")
    assert timezone.localdate(accreditation.revoked_at) == timezone.localdate()
    event = AuditEvent.objects.get(action="accreditation.revoked", object_type="applications.accreditation")
    assert (event.actor, event.from_state, event.to_state) == (cast.decider, "active", "revoked")

    page = client.get(organization_url)
    with translation.override("sr"):
        expected = gettext("The accreditation of %(organization)s for “%(activity)s” is revoked.") % {
            "organization": "Центар Опозив", "activity": accreditation.get_activity_display()}
    assert [str(m) for m in page.context["messages"]] == [expected]
    html = page.content.decode()
    assert f'data-accreditation="{accreditation.pk}" data-state="revoked"' in html
    assert url(accreditation) not in html  # nothing left to revoke
    register = client.get(reverse("jpoa:register"), {"state": "revoked"})
    assert [a.pk for org in register.context["page"].object_list for a in org.register_rows] == [accreditation.pk]
    assert client.get(reverse("jpoa:register")).context["page"].paginator.count == 0
