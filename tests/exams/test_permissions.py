"""Every page of the exams app for every role of the cast, on the school's objects: allowed, sent to sign in,
refused (403) or not found (404). Learners' personal data reach only their organization and the Office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from exams import services
from exams.models import Certificate
from tests.api.conftest import accredit
from tests.exams.conftest import START

pytestmark = pytest.mark.django_db

ANY = ("anonymous", "owner", "colleague", "other", "school", "reviewer", "decider", "admin")
SCHOOL_ONLY = {"anonymous": "login", "owner": 404, "colleague": 404, "other": 404, "school": 200,
               "reviewer": 403, "decider": 403, "admin": 403}
LISTS = {"anonymous": "login", "owner": 200, "colleague": 200, "other": 200, "school": 200,
         "reviewer": 403, "decider": 403, "admin": 403}  # every provider sees its own (empty) lists
SCHOOL_AND_OFFICE = {**SCHOOL_ONLY, "reviewer": 200, "decider": 200, "admin": 200}
DOWNLOAD = {"anonymous": "login", "owner": 404, "colleague": 404, "other": 404, "school": 200, "reviewer": 200,
            "decider": 200, "admin": 200}
PUBLIC = dict.fromkeys(ANY, 200)

PAGES = {
    "exams:cohorts": (lambda o: {}, LISTS),
    "exams:commissions": (lambda o: {}, LISTS),
    "exams:cohort": (lambda o: {"pk": o["cohort"].pk}, SCHOOL_AND_OFFICE),
    "exams:cohort_edit": (lambda o: {"pk": o["cohort"].pk}, SCHOOL_ONLY),
    "exams:learner_create": (lambda o: {"pk": o["cohort"].pk}, SCHOOL_ONLY),
    "exams:learner_import": (lambda o: {"pk": o["cohort"].pk}, SCHOOL_ONLY),
    "exams:commission": (lambda o: {"pk": o["commission"].pk}, SCHOOL_ONLY),
    "exams:session_create": (lambda o: {"pk": o["cohort"].pk}, SCHOOL_ONLY),
    "exams:session": (lambda o: {"pk": o["session"].pk}, SCHOOL_ONLY),
    "exams:session_progress": (lambda o: {"pk": o["session"].pk}, SCHOOL_ONLY),
    "exams:result_record": (lambda o: {"pk": o["result"].pk}, SCHOOL_ONLY),
    "exams:certificate_download": (lambda o: {"pk": o["certificate"].pk}, DOWNLOAD),
    "exams:certificate_revoke": (lambda o: {"pk": o["certificate"].pk}, SCHOOL_ONLY),
    "exams:public_course": (lambda o: {"pk": o["cohort"].pk}, PUBLIC),
}


@pytest.fixture
def objects(school, commission, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("exams.documents.render_pdf", lambda *args, **kwargs: b"%PDF-1.7\n%%EOF\n")
    session = services.session_create(school["cohort"], commission=commission, held_on=START + dt.timedelta(days=61),
                                      actor=school["user"])
    result = session.results.first()
    services.result_draw(result, actor=school["user"], seed=1)
    services.result_record(result, votes={m.pk: "passed" for m in commission.members.all()},
                           performed={1: True, 2: True, 3: True}, actor=school["user"])
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(result, actor=school["user"])
    accredit(school["cohort"].program)  # the course page is public only while its program is (issue 14)
    return {"cohort": school["cohort"], "commission": commission, "session": session, "result": result,
            "certificate": Certificate.objects.get(pk=certificate.pk)}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_exams_page_for_each_role(client, cast, objects, role, name):
    kwargs, expected = PAGES[name]
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    response = client.get(reverse(name, kwargs=kwargs(objects) or None))
    outcome = expected[role]
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == outcome, (name, role, response.status_code)
    if outcome != 200 and not getattr(response, "streaming", False):
        assert "0101900350008" not in response.content.decode()  # no learner's data in a refusal


@pytest.mark.parametrize("name", ["exams:result_draw", "exams:session_issue", "exams:certificate_retry"])
@pytest.mark.parametrize("who", ["other", "owner", "reviewer"])
def test_others_cannot_act_on_the_schools_exam(client, cast, objects, name, who):
    pk = {"exams:result_draw": objects["result"].pk, "exams:session_issue": objects["session"].pk,
          "exams:certificate_retry": objects["certificate"].pk}[name]
    certificates = Certificate.objects.count()
    client.force_login(getattr(cast, who))
    response = client.post(reverse(name, kwargs={"pk": pk}))
    assert response.status_code in (403, 404)
    assert Certificate.objects.count() == certificates
