"""Who may open each page of the Office's review, the official documents and the JPOA register: every URL of
issue 5 for every role of the cast, on an approved application of the cast's provider.

Outcomes: 200 (allowed), "login" (sent to sign in), 403 (refused), 404 (as if it did not exist).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.enums import DocumentKind
from tests.providers.records_factories import DocumentFactory

pytestmark = pytest.mark.django_db

OFFICE = {"anonymous": "login", "owner": 403, "colleague": 403, "other": 403, "school": 403, "reviewer": 200,
          "decider": 200, "admin": 200}
MEMBERS_AND_OFFICE = {"anonymous": "login", "owner": 200, "colleague": 200, "other": 404, "school": 404,
                      "reviewer": 200, "decider": 200, "admin": 200}
PUBLIC = dict.fromkeys(("anonymous", "owner", "colleague", "other", "school", "reviewer", "decider", "admin"), 200)
DECIDERS = {"anonymous": "login", "owner": 403, "colleague": 403, "other": 403, "school": 403, "reviewer": 403,
            "decider": 200, "admin": 200}
MEMBERS = {"anonymous": "login", "owner": 200, "colleague": 200, "other": 404, "school": 404, "reviewer": 403,
           "decider": 403, "admin": 403}

PAGES = {
    "office:queue": (lambda o: {}, OFFICE),
    "office:review": (lambda o: {"pk": o["application"].pk}, OFFICE),
    "office:own_finding": (lambda o: {"pk": o["application"].pk}, OFFICE),
    "office:request_changes": (lambda o: {"pk": o["application"].pk}, OFFICE),
    "office:recommend": (lambda o: {"pk": o["application"].pk}, OFFICE),
    # The cast's decider decided it; as the reviewer did not, the decider may open the page (which says that the
    # application no longer waits for a decision); the reviewer may not (four eyes); an administrator may.
    "office:decide": (lambda o: {"pk": o["application"].pk}, DECIDERS),
    "office:submitted_document": (lambda o: {"pk": o["evidence"].pk}, MEMBERS_AND_OFFICE),
    "documents:download": (lambda o: {"pk": o["decision"].pk}, MEMBERS_AND_OFFICE),
    "documents:verify": (lambda o: {"code": o["decision"].code}, PUBLIC),
    "documents:verify_form": (lambda o: {}, PUBLIC),
    "jpoa:register": (lambda o: {}, PUBLIC),
    "jpoa:register_csv": (lambda o: {}, PUBLIC),
    "jpoa:register_json": (lambda o: {}, PUBLIC),
    "jpoa:register_export_csv": (lambda o: {}, PUBLIC),
    "jpoa:register_xlsx": (lambda o: {}, PUBLIC),
    "jpoa:organization": (lambda o: {"pk": o["application"].organization_id}, PUBLIC),
    "jpoa:dashboard": (lambda o: {}, OFFICE),
    "jpoa:dossier": (lambda o: {"pk": o["application"].pk}, OFFICE),
    "jpoa:revoke": (lambda o: {"pk": o["accreditation"].pk}, DECIDERS),
    "applications:detail": (lambda o: {"pk": o["application"].pk}, MEMBERS),
}


@pytest.fixture
def objects(cast, ready, django_capture_on_commit_callbacks, monkeypatch):
    from tests.applications.conftest import approve, submit

    # Rendering is tested elsewhere; here a one-line PDF keeps 150 cases fast.
    monkeypatch.setattr("applications.documents.render_pdf", lambda *args, **kwargs: b"%PDF-1.7\n%%EOF\n")
    DocumentFactory(organization=cast.organization, staff_member=ready["staff"]["instructor"])
    with django_capture_on_commit_callbacks(execute=True):
        application = approve(cast, submit(cast, ready["program"]))
    return {
        "application": application,
        "evidence": application.submissions.get().documents.first(),
        "decision": application.official_documents.get(kind=DocumentKind.DECISION),
        "accreditation": application.accreditations.get(),
    }


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_for_each_role(client, cast, objects, role, name):
    kwargs, expected = PAGES[name]
    url = reverse(name, kwargs=kwargs(objects) or None)
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    response = client.get(url)
    outcome = expected[role]
    if outcome == "login":
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith(reverse("accounts:login")), (name, role)
    else:
        assert response.status_code == outcome, (name, role, response.status_code)
    if outcome in (403, 404, "login"):
        body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
        assert objects["application"].reference not in body  # nothing of it leaks into a refusal


@pytest.mark.parametrize("name", ["documents:retry", "documents:latin", "office:take", "office:assign"])
@pytest.mark.parametrize("who", ["other", "school"])
def test_other_providers_cannot_act_on_documents_or_applications(client, cast, objects, name, who):
    kwargs = {"pk": objects["decision"].pk} if name.startswith("documents") else {"pk": objects["application"].pk}
    documents = objects["application"].official_documents.count()
    client.force_login(getattr(cast, who))
    response = client.post(reverse(name, kwargs=kwargs))
    assert response.status_code in (403, 404)
    assert objects["application"].official_documents.count() == documents
