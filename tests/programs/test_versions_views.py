"""The pages of program versions: a frozen version's edit pages say why and offer a new version, nothing is saved;
the changes page; the public page keeps the approved version, lists the history, and keeps a superseded one
readable; the API's version number and history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from applications import amendments, services
from programs import services as program_services
from programs.enums import VersionState
from programs.models import Program
from tests.applications.conftest import approve, complete_records, review_to_recommendation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def accredited(cast, django_capture_on_commit_callbacks):
    _staff, _rooms, program = complete_records(cast.organization)
    application = submit(cast, program)
    with django_capture_on_commit_callbacks(execute=True):
        approve(cast, application)
    program.refresh_from_db()
    return program


def _new_version(cast, program, **values):
    new = program_services.program_version_start(program, actor=cast.owner)
    for name, value in values.items():
        setattr(new, name, value)
    new.save()
    return new


def _approve_amendment(cast, new, django_capture_on_commit_callbacks):
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    services.application_submit(application, actor=cast.owner)
    review_to_recommendation(cast, application)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application, outcome="approve", reasons="", actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    return application


def test_frozen_section_get_says_why_and_offers_new_version(client, cast, accredited):
    client.force_login(cast.owner)
    response = client.get(reverse("programs:section", kwargs={"pk": accredited.pk, "section": "delivery"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "одобрила Канцеларија" in page or "није могуће мењати" in page
    assert reverse("programs:version_start", kwargs={"pk": accredited.pk}) in page
    assert 'name="group_size"' not in page


def test_frozen_section_post_is_refused_and_nothing_saved(client, cast, accredited):
    client.force_login(cast.owner)
    response = client.post(reverse("programs:section", kwargs={"pk": accredited.pk, "section": "delivery"}),
                           {"duration_hours": "120", "group_size": "40"})
    assert response.status_code == 409
    assert "Ништа од послатог није сачувано" in response.content.decode()
    assert Program.objects.get(pk=accredited.pk).group_size == 12


def test_frozen_delete_post_is_refused(client, cast, accredited):
    client.force_login(cast.owner)
    response = client.post(reverse("programs:delete", kwargs={"pk": accredited.pk}))
    assert response.status_code == 409
    assert Program.objects.filter(pk=accredited.pk).exists()


def test_start_new_version_view_redirects_to_the_copy(client, cast, accredited):
    client.force_login(cast.colleague)
    response = client.post(reverse("programs:version_start", kwargs={"pk": accredited.pk}))
    new = Program.objects.get(lineage=accredited)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", kwargs={"pk": new.pk})
    assert (new.version, new.version_state) == (2, VersionState.DRAFT)
    # the draft is editable through the ordinary section page
    response = client.get(reverse("programs:section", kwargs={"pk": new.pk, "section": "delivery"}))
    assert 'name="group_size"' in response.content.decode()


def test_start_new_version_view_refused_for_other_provider(client, cast, accredited):
    client.force_login(cast.other)
    response = client.post(reverse("programs:version_start", kwargs={"pk": accredited.pk}))
    assert response.status_code == 404
    assert not Program.objects.filter(lineage=accredited).exists()


def test_changes_page_shows_label_old_and_new_value_without_field_names(client, cast, accredited):
    new = _new_version(cast, accredited, group_size=10)
    client.force_login(cast.owner)
    with translation.override("en"):
        response = client.get(reverse("programs:changes", kwargs={"pk": new.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "13. Number of learners per group" in page
    assert '<td class="diff-old">12</td>' in page and '<td class="diff-new">10</td>' in page
    assert "group_size" not in page
    assert "/applications/amendments/new/" in page


def test_public_page_keeps_approved_version_until_amendment_approved(client, cast, accredited,
                                                                     django_capture_on_commit_callbacks):
    new = _new_version(cast, accredited, group_size=10)
    public_old = reverse("program_public", kwargs={"pk": accredited.pk})
    assert "највише 12 полазника" in client.get(public_old).content.decode().lower()
    assert client.get(reverse("program_public", kwargs={"pk": new.pk})).status_code == 404
    assert client.get(f"/api/v1/programs/{new.pk}/").status_code == 404
    assert client.get(f"/api/v1/programs/{accredited.pk}/").json()["group_size"] == 12

    _approve_amendment(cast, new, django_capture_on_commit_callbacks)

    page = client.get(reverse("program_public", kwargs={"pk": new.pk})).content.decode()
    assert "највише 10 полазника" in page.lower()
    data = client.get(f"/api/v1/programs/{new.pk}/").json()
    assert (data["version"], data["group_size"]) == (2, 10)
    assert [(v["version"], v["state"]) for v in data["versions"]] == [(2, "approved"), (1, "superseded")]
    assert client.get(f"/api/v1/programs/{accredited.pk}/").status_code == 404
    # the old version stays readable, marked superseded, pointing to the version in force
    old_page = client.get(public_old)
    assert old_page.status_code == 200
    text = old_page.content.decode()
    assert 'id="superseded"' in text and reverse("program_public", kwargs={"pk": new.pk}) in text


def test_public_page_lists_approved_versions_with_genitive_dates(client, cast, accredited,
                                                                 django_capture_on_commit_callbacks):
    new = _new_version(cast, accredited, group_size=10)
    draft_page = client.get(reverse("program_public", kwargs={"pk": accredited.pk})).content.decode()
    assert 'data-version="2"' not in draft_page  # a version in preparation is not public history
    _approve_amendment(cast, new, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    with translation.override("sr"):
        date = formats.date_format(today, "DATE_FORMAT")
    page = client.get(reverse("program_public", kwargs={"pk": new.pk})).content.decode()
    assert 'data-version="2"' in page and 'data-version="1"' in page
    assert f"одобрена {date}" in page
    assert f"замењена {date}" in page


def test_api_list_gives_version_number(client, cast, accredited):
    data = client.get("/api/v1/programs/").json()
    assert [(row["id"], row["version"]) for row in data["results"]] == [(accredited.pk, 1)]
