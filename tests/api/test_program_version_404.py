"""A superseded, unknown or out-of-range program version is the API's JSON 404, never a 500 or another version."""

from __future__ import annotations

import pytest

from applications import amendments, services
from programs import services as program_services
from tests.applications.conftest import review_to_recommendation
from tests.applications.conftest import ready  # noqa: F401  (fixture)
from tests.applications.test_program_versions import _save_delivery, accredited  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_program_version_parameter_in_force_answers(client, accredited):  # noqa: F811
    response = client.get(f"/api/v1/programs/{accredited.pk}/?version=1")
    assert response.status_code == 200
    assert response.json()["version"] == 1


@pytest.mark.parametrize("version", ["2", "0", "abc", "99999999999999999999999"])
def test_program_version_parameter_other_is_json_404(client, accredited, version):  # noqa: F811
    response = client.get(f"/api/v1/programs/{accredited.pk}/?version={version}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == (f"Програм нема важећу верзију {version[:20]}; важећа верзија је 1.")


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_program_unknown_id_is_json_404(client, db, pk):
    response = client.get(f"/api/v1/programs/{pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_program_superseded_id_is_json_404_naming_version_in_force(client, cast, accredited,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    new = program_services.program_version_start(accredited, actor=cast.owner)
    _save_delivery(new, cast.owner, group_size=10)
    application = amendments.amendment_create(cast.organization, programs=[new], actor=cast.owner)
    services.application_submit(application, actor=cast.owner)
    review_to_recommendation(cast, application)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application, outcome="approve", reasons="", actor=cast.decider,
                                    expected_state=application.state, declares_no_conflict=True)
    old = client.get(f"/api/v1/programs/{accredited.pk}/")
    assert old.status_code == 404
    assert f"/api/v1/programs/{new.pk}/" in old.json()["detail"]
    assert client.get(f"/api/v1/programs/{new.pk}/?version=1").status_code == 404
    assert client.get(f"/api/v1/programs/{new.pk}/?version=2").json()["version"] == 2
    assert client.get(f"/api/v1/programs/{accredited.pk}/elm.jsonld").status_code == 404
