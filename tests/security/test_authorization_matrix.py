"""Issue 9: one authorization matrix over EVERY URL pattern of the project, for EVERY role of the cast.

The URL names are read from the resolver (recursively, namespaced includes under the i18n prefix too), so a new
view without a row in EXPECT fails `test_every_url_name_is_declared`: nothing can escape the matrix.

The objects all belong to the cast's provider ("owner", "colleague"), or for the exams pages to the cast's school;
"other" is another provider and must never see them. Each URL is opened with GET in Serbian ("sr").

Outcomes per cell:
    200      allowed (the page, file or data is served)
    302      allowed, and the GET legitimately redirects (declared per row, with the reason)
    "login"  302 to the sign-in page (accounts:login)
    "admin"  302 to the Django admin's sign-in page
    "home"   302 to the signed-in user's dashboard (pages for anonymous visitors only)
    403      refused
    404      as if the object did not exist (other organizations' objects)
    405      the view takes only POST (a GET is refused before anything else)

Besides the status, a page that is not public must not show another organization's data (name, PIB, application
reference, a learner's name or JMBG) to a role outside that organization, even when it answers 200 (own lists).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.conftest import CAST_ROLES

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n%%EOF\n"
PROVIDERS = ("owner", "colleague", "other", "school")
OFFICE_ROLES = ("reviewer", "decider", "admin")

# Django admin's own patterns (admin:*, and its unnamed per-model redirects) are Django's; they are covered by
# the single row "admin:index" below. Static and media files are not served through the URLconf here.
EXCLUDED_NAMESPACES = ("admin",)


def expect(default, **per_role) -> dict:
    """A row: `default` for every role, then overrides; the keys `providers` and `office` stand for groups."""
    table = dict.fromkeys(CAST_ROLES, default)
    for key, value in per_role.items():
        roles = PROVIDERS if key == "providers" else OFFICE_ROLES if key == "office" else (key,)
        for role in roles:
            table[role] = value
    return table


# --- common rows ---------------------------------------------------------------------------------------------------
PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous="login")
ANON_ONLY = expect("home", anonymous=200)  # registration and sign-in send a signed-in user to the dashboard
# Pages about the provider's own organization (no object id: each provider sees its own); the Office has none.
MEMBERS_OWN = expect(200, anonymous="login", office=403)
OWNER_OWN = expect(200, anonymous="login", colleague=403, office=403)
# Objects of the cast's provider: its members only; other organizations get 404 as if it did not exist.
MEMBERS = expect(404, anonymous="login", owner=200, colleague=200, office=403)
MEMBERS_AND_OFFICE = expect(404, anonymous="login", owner=200, colleague=200, office=200)
OFFICE = expect(403, anonymous="login", office=200)
DECIDERS = expect(403, anonymous="login", decider=200, admin=200)
# Objects of the cast's school.
SCHOOL_ONLY = expect(404, anonymous="login", school=200, office=403)
SCHOOL_AND_OFFICE = expect(404, anonymous="login", school=200, office=200)
# POST-only views: require_POST outermost refuses every GET; with the permission check outermost, anonymous users
# are sent to sign in, the Office (no membership) is refused, and members get 405.
POST_ONLY = expect(405)
POST_ONLY_MEMBERS = expect(405, anonymous="login", office=403)
POST_ONLY_OFFICE = expect(405, anonymous="login", providers=403)


def _kw(**names):
    """kwargs builder: each value is a key of the objects dict, or a callable on it."""
    def build(o):
        return {k: (v(o) if callable(v) else o[v].pk) for k, v in names.items()}
    return build


NONE = _kw()


def _new_version(o) -> int:
    """A new version (in preparation) of the cast's approved program, started once per test."""
    if "new_version" not in o:
        from programs import services as program_services

        program = o["program"]
        o["new_version"] = program_services.program_version_start(
            program, actor=program.organization.memberships.order_by("pk").first().user)
    return o["new_version"].pk

EXPECT: dict[str, tuple] = {
    # --- outside the language prefix ---------------------------------------------------------------------------
    "health": (NONE, PUBLIC),
    "sitemap": (NONE, PUBLIC),
    "robots_txt": (NONE, PUBLIC),
    # /v/<code>/ is the short link printed on documents: it redirects to the verification page, for everyone.
    "verify_short": (_kw(code=lambda o: o["decision"].code), expect(302)),
    # --- the open-data API (public data only) ------------------------------------------------------------------
    "api:programs": (NONE, PUBLIC),
    "api:programs_csv": (NONE, PUBLIC),
    "api:program": (_kw(pk="program"), PUBLIC),
    "api:program_elm": (_kw(pk="program"), PUBLIC),
    "api:standards": (NONE, PUBLIC),
    "api:standards_csv": (NONE, PUBLIC),
    "api:standard": (_kw(code=lambda o: o["standard"].code), PUBLIC),
    "api:register": (NONE, PUBLIC),
    "api:register_csv": (NONE, PUBLIC),
    "api:register_xlsx": (NONE, PUBLIC),
    "api:programs_xlsx": (NONE, PUBLIC),
    "api:standards_xlsx": (NONE, PUBLIC),
    "api:elm_accreditations": (NONE, PUBLIC),
    "api:elm_learning_opportunities": (NONE, PUBLIC),
    "api:catalog": (NONE, PUBLIC),
    "api:schema": (NONE, PUBLIC),
    "api:docs": (NONE, PUBLIC),
    "api:index": (NONE, PUBLIC),
    "api:not_found": (_kw(rest=lambda o: "no-such-thing/"), expect(404)),  # JSON 404 for every role
    "api_docs": (NONE, PUBLIC),  # the same documentation under the language prefix
    # --- public pages ------------------------------------------------------------------------------------------
    "home": (NONE, PUBLIC),
    "qualifications:standards": (NONE, PUBLIC),
    "qualifications:levels": (NONE, PUBLIC),
    "qualifications:level": (_kw(code=lambda o: o["level"].code), PUBLIC),
    "qualifications:standard": (_kw(code=lambda o: o["standard"].code), PUBLIC),
    "program_search": (NONE, PUBLIC),
    "program_public": (_kw(pk="program"), PUBLIC),
    "documents:verify_form": (NONE, PUBLIC),
    "documents:verify_pdf": (NONE, PUBLIC),  # the upload form; its POST is tested in tests/*/test_sealed_*
    "documents:verify": (_kw(code=lambda o: o["decision"].code), PUBLIC),
    "jpoa:register": (NONE, PUBLIC),
    "jpoa:register_csv": (NONE, PUBLIC),
    "jpoa:register_json": (NONE, PUBLIC),
    "jpoa:register_export_csv": (NONE, PUBLIC),
    "jpoa:register_xlsx": (NONE, PUBLIC),
    "jpoa:organization": (_kw(pk="organization"), PUBLIC),
    "exams:public_course": (_kw(pk="cohort"), PUBLIC),
    "exams:verify_serial": (NONE, PUBLIC),
    "exams:credential_verify": (NONE, PUBLIC),
    # --- credentials (issue 21): keys, status lists, a credential by its code, outside the language prefix ------
    "credentials:did": (NONE, PUBLIC),
    "credentials:jwks": (NONE, PUBLIC),
    "credentials:status_list": (_kw(number=lambda o: 1), PUBLIC),
    "credentials:credential": (_kw(code=lambda o: o["certificate"].code), PUBLIC),
    "credentials:credential_jwt": (_kw(code=lambda o: o["certificate"].code), PUBLIC),
    "credentials:credential_qr": (_kw(code=lambda o: o["certificate"].code), PUBLIC),
    # --- accounts ----------------------------------------------------------------------------------------------
    "accounts:login": (NONE, ANON_ONLY),
    # Django 5 signs out only on POST.
    "accounts:logout": (NONE, POST_ONLY),
    "accounts:dashboard": (NONE, SIGNED_IN),
    # The inbox (issue 17): one's own notices; reading and "all read" only by POST (a notice of someone else: 404).
    "accounts:inbox": (NONE, SIGNED_IN),
    "accounts:notice_read": (_kw(pk=lambda o: 1), expect(405, anonymous="login")),
    "accounts:notices_read_all": (NONE, expect(405, anonymous="login")),
    # The second factor (Office and administrators; the cast's office users are signed in with it): others, and
    # a session that has given it already, are sent on to the dashboard.
    "accounts:second_factor": (NONE, expect("home", anonymous="login")),
    "accounts:second_factor_setup": (NONE, expect("home", anonymous="login", office=200)),
    "accounts:recovery_codes": (NONE, expect("home", anonymous="login", office=200)),
    "accounts:password_change": (NONE, SIGNED_IN),
    "accounts:password_change_done": (NONE, SIGNED_IN),
    "accounts:password_reset": (NONE, PUBLIC),
    "accounts:password_reset_done": (NONE, PUBLIC),
    # A made-up token: Django's view shows "this link is invalid" (200) to everyone, revealing nothing.
    "accounts:password_reset_confirm": (_kw(uidb64=lambda o: "MQ", token=lambda o: "set-password"), PUBLIC),
    "accounts:password_reset_complete": (NONE, PUBLIC),
    # The e-mail confirmation link is a bearer token: a made-up one shows "this link is not valid" to everyone.
    "accounts:email_confirm": (_kw(token=lambda o: "made-up"), PUBLIC),
    "accounts:email_confirmation_resend": (NONE, POST_ONLY),
    # --- providers: the organization and its members -----------------------------------------------------------
    "providers:register": (NONE, ANON_ONLY),
    "providers:register_sent": (NONE, ANON_ONLY),  # "check your inbox", the same for every registration
    "providers:organization": (NONE, MEMBERS_OWN),
    "providers:organization_edit": (NONE, OWNER_OWN),
    "providers:members": (NONE, MEMBERS_OWN),
    "providers:member_remove": (_kw(pk="colleague_membership"), POST_ONLY),
    "providers:invitation_revoke": (_kw(pk="invitation"), POST_ONLY),
    # The invitation link is a bearer token sent by e-mail: anyone holding it sees the invitation (200) and may
    # create an account with it; signed-in users are offered to join.
    "providers:invitation_accept": (_kw(token=lambda o: o["invitation"].token), PUBLIC),
    "providers:office_organizations": (NONE, OFFICE),
    "providers:office_organization": (_kw(pk="organization"), OFFICE),
    "providers:office_organization_records": (_kw(pk="organization"), OFFICE),
    # --- providers: records ------------------------------------------------------------------------------------
    "providers:records": (NONE, MEMBERS_OWN),
    "providers:staff_list": (NONE, MEMBERS_OWN),
    "providers:staff_create": (NONE, MEMBERS_OWN),
    "providers:staff_edit": (_kw(pk="staff"), MEMBERS),
    "providers:staff_delete": (_kw(pk="staff"), MEMBERS),
    "providers:staff_document_upload": (_kw(pk="staff"), POST_ONLY_MEMBERS),
    "providers:room_list": (NONE, MEMBERS_OWN),
    "providers:room_create": (NONE, MEMBERS_OWN),
    "providers:room_edit": (_kw(pk="room"), MEMBERS),
    "providers:room_delete": (_kw(pk="room"), MEMBERS),
    "providers:room_document_upload": (_kw(pk="room"), POST_ONLY_MEMBERS),
    "providers:hygiene": (NONE, MEMBERS_OWN),
    "providers:partner_list": (NONE, MEMBERS_OWN),
    "providers:partner_create": (NONE, MEMBERS_OWN),
    "providers:partner_edit": (_kw(pk="partner"), MEMBERS),
    "providers:partner_delete": (_kw(pk="partner"), MEMBERS),
    "providers:partner_document_upload": (_kw(pk="partner"), POST_ONLY_MEMBERS),
    # Evidence files: the members and the Office (which reads evidence here).
    "providers:document_download": (_kw(pk="document"), MEMBERS_AND_OFFICE),
    "providers:document_delete": (_kw(pk="document"), POST_ONLY_MEMBERS),
    # --- programs ----------------------------------------------------------------------------------------------
    "programs:list": (NONE, MEMBERS_OWN),
    "programs:create": (NONE, MEMBERS_OWN),
    "programs:detail": (_kw(pk="program"), MEMBERS),
    "programs:section": (_kw(pk="program", section=lambda o: "basics"), MEMBERS),
    "programs:delete": (_kw(pk="program"), MEMBERS),
    "programs:version_start": (_kw(pk="program"), POST_ONLY),
    "programs:changes": (_kw(pk=_new_version), MEMBERS),
    # --- applications (provider side) --------------------------------------------------------------------------
    "applications:list": (NONE, MEMBERS_OWN),
    "applications:create": (NONE, POST_ONLY),
    "applications:amendment_create": (NONE, POST_ONLY),
    "applications:version_editorial": (_kw(program_pk="program"), POST_ONLY),
    "applications:detail": (_kw(pk="application"), MEMBERS),
    # The editable pages are opened on a draft (the approved application would redirect: it is locked).
    "applications:scope": (_kw(pk="draft"), MEMBERS),
    "applications:deviations": (_kw(pk="draft"), MEMBERS),
    "applications:precheck": (_kw(pk="draft"), MEMBERS),
    "applications:check": (_kw(pk="draft"), MEMBERS),
    "applications:withdraw": (_kw(pk="draft"), MEMBERS),
    "applications:answer": (_kw(pk="application", request_pk="change_request"), MEMBERS),
    "applications:submission": (_kw(pk="application", number=lambda o: 1), MEMBERS),
    # --- the Office --------------------------------------------------------------------------------------------
    "office:queue": (NONE, OFFICE),
    "office:review": (_kw(pk="application"), OFFICE),
    "office:take": (_kw(pk="application"), POST_ONLY),
    "office:assign": (_kw(pk="application"), POST_ONLY),
    "office:declare": (_kw(pk="application"), POST_ONLY),
    "office:verdict": (_kw(pk="application"), POST_ONLY),
    "office:verdicts_bulk": (_kw(pk="application"), POST_ONLY),
    "office:confirm_passes": (_kw(pk="application"), POST_ONLY),
    "office:own_finding": (_kw(pk="application"), OFFICE),
    "office:request_changes": (_kw(pk="application"), OFFICE),
    "office:recommend": (_kw(pk="application"), OFFICE),
    # The cast's decider decided; the reviewer, who recommended, may not open the decision (four eyes).
    "office:decide": (_kw(pk="application"), DECIDERS),
    "office:submitted_document": (_kw(pk="evidence"), MEMBERS_AND_OFFICE),
    # --- official documents and the JPOA register ---------------------------------------------------------------
    "documents:download": (_kw(pk="decision"), MEMBERS_AND_OFFICE),
    "documents:latin": (_kw(pk="decision"), POST_ONLY),
    "documents:retry": (_kw(pk="decision"), POST_ONLY),
    "jpoa:dashboard": (NONE, OFFICE),
    "jpoa:dossier": (_kw(pk="application"), OFFICE),
    "jpoa:revoke": (_kw(pk="accreditation"), DECIDERS),
    # --- exams (the cast's school) -----------------------------------------------------------------------------
    "exams:cohorts": (NONE, MEMBERS_OWN),  # every provider sees its own (possibly empty) list
    "exams:cohort_create": (NONE, MEMBERS_OWN),
    "exams:learner_example": (NONE, MEMBERS_OWN),
    "exams:cohort": (_kw(pk="cohort"), SCHOOL_AND_OFFICE),
    "exams:cohort_edit": (_kw(pk="cohort"), SCHOOL_ONLY),
    "exams:learner_create": (_kw(pk="cohort"), SCHOOL_ONLY),
    "exams:learner_import": (_kw(pk="cohort"), SCHOOL_ONLY),
    "exams:learner_edit": (_kw(pk="learner"), SCHOOL_AND_OFFICE),
    "exams:commissions": (NONE, MEMBERS_OWN),
    "exams:commission_create": (NONE, MEMBERS_OWN),
    "exams:commission": (_kw(pk="commission"), SCHOOL_ONLY),
    "exams:session_create": (_kw(pk="cohort"), SCHOOL_ONLY),
    "exams:session": (_kw(pk="session"), SCHOOL_ONLY),
    "exams:session_progress": (_kw(pk="session"), SCHOOL_ONLY),
    "exams:session_record": (_kw(pk="session"), SCHOOL_ONLY),
    "exams:session_issue": (_kw(pk="session"), POST_ONLY),
    "exams:result_draw": (_kw(pk="result"), POST_ONLY),
    "exams:result_record": (_kw(pk="result"), SCHOOL_ONLY),
    "exams:certificate_download": (_kw(pk="certificate"), SCHOOL_AND_OFFICE),
    "exams:certificate_retry": (_kw(pk="certificate"), POST_ONLY),
    "exams:certificate_revoke": (_kw(pk="certificate"), SCHOOL_ONLY),
    "exams:certificate": (_kw(pk="certificate"), SCHOOL_ONLY),
    "exams:certificate_credential": (_kw(pk="certificate"), SCHOOL_ONLY),
    "exams:certificate_reissue": (_kw(pk="certificate"), POST_ONLY),
    "exams:certificate_duplicate": (_kw(pk="certificate"), SCHOOL_ONLY),
    "exams:certificates": (NONE, MEMBERS_OWN),  # every provider sees its own (possibly empty) list
    "exams:certificates_csv": (NONE, MEMBERS_OWN),
    "exams:certificates_xlsx": (NONE, MEMBERS_OWN),
    # --- Django admin (stands for every admin:* pattern) -------------------------------------------------------
    "admin:index": (NONE, expect("admin", admin=200)),
}

# The same URL names again on objects that are NOT public: a program without an accreditation in force is nobody's
# business outside its organization (the public page and the open data answer 404, for everyone: they read only
# public programs; its members work on it under programs:*). (The school's program is accredited in this fixture,
# because its course page is public only for a public program, so it has no private variant here.)
PRIVATE_VARIANTS: list[tuple[str, object, dict]] = [
    ("program_public", _kw(pk="private_program"), expect(404)),
    ("api:program", _kw(pk="private_program"), expect(404)),
    ("api:program_elm", _kw(pk="private_program"), expect(404)),
]

# Cells where the project does something it should not. Each is xfailed (strict: fixing the hole turns it into a
# failure here, so the entry is then removed) and reported. (url name, role): why. The row in EXPECT keeps the
# correct outcome. None found when this matrix was written.
KNOWN_HOLES: dict[tuple[str, str], str] = {}


# --- the URL names, from the resolver ----------------------------------------------------------------------------


def _walk(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield namespace, name, str(pattern.pattern)


def project_url_names() -> set[str]:
    names = set()
    unnamed = []
    for namespace, name, route in _walk(get_resolver()):
        if namespace and namespace.split(":")[0] in EXCLUDED_NAMESPACES:
            continue
        if not name:
            unnamed.append(route)
            continue
        names.add(name)
    assert not unnamed, f"URL patterns without a name cannot be declared: {unnamed}"
    return names


def test_every_url_name_is_declared():
    names = project_url_names()
    declared = {name for name in EXPECT if name.split(":")[0] not in EXCLUDED_NAMESPACES}
    assert not names - declared, f"URL names with no expectation in EXPECT: {sorted(names - declared)}"
    assert not declared - names, f"EXPECT rows for URL names that no longer exist: {sorted(declared - names)}"
    assert all(set(row) == set(CAST_ROLES) for _kwargs, row in EXPECT.values())
    assert all(set(row) == set(CAST_ROLES) for _name, _kwargs, row in PRIVATE_VARIANTS)
    assert set(KNOWN_HOLES) <= {(name, role) for name in EXPECT for role in CAST_ROLES}


# --- the objects -------------------------------------------------------------------------------------------------


@pytest.fixture
def objects(cast, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    from applications import services as application_services
    from applications.enums import DocumentKind
    from exams import services as exam_services
    from exams.enums import ExamKind
    from exams.models import Certificate, Learner
    from providers import services as provider_services
    from qualifications.models import NoksLevel
    from tests.api.conftest import accredit
    from tests.applications.conftest import approve, complete_records, submit
    from tests.exams.conftest import START, members, professional_cohort
    from tests.factories import StandardFactory
    from tests.programs.factories import ProgramFactory, StaffFactory
    from tests.providers.records_factories import DocumentFactory, PartnerFactory

    settings.MEDIA_ROOT = tmp_path
    settings.CREDENTIAL_KEY_FILE = tmp_path / "keys" / "credential-ed25519.pem"  # a throwaway key (issue 21)
    call_command("make_credential_key", verbosity=0)
    # Rendering is tested elsewhere; a one-line PDF keeps the matrix fast.
    monkeypatch.setattr("applications.documents.render_pdf", lambda *args, **kwargs: FAKE_PDF)
    monkeypatch.setattr("exams.documents.render_pdf", lambda *args, **kwargs: FAKE_PDF)

    # The cast's provider: complete records, evidence, an approved application that went through a change request
    # (resubmitted as it was).
    staff, rooms, program = complete_records(cast.organization)
    document = DocumentFactory(organization=cast.organization, staff_member=staff["instructor"])
    application = submit(cast, program)
    application_services.application_assign(application, reviewer=cast.reviewer, actor=cast.reviewer,
                                             declares_no_conflict=True)
    change_request = application_services.application_request_changes(
        application, actor=cast.reviewer, note="Допунити.", items=[])
    application_services.application_submit(application, actor=cast.owner)
    with django_capture_on_commit_callbacks(execute=True):
        application = approve(cast, application)
    partner = PartnerFactory(organization=cast.organization)  # after the approval: it would fail a check
    draft = application_services.application_create(cast.organization, actor=cast.owner)
    invitation = provider_services.invitation_create(cast.organization, email="new@example.rs",
                                                     invited_by=cast.owner)

    # The cast's school: a cohort with learners, a commission, a session, a result and a certificate.
    school = cast.school_organization
    school_program, cohort, _teacher = professional_cohort(
        school, name="Пролеће 2027",
        teacher=StaffFactory(organization=school, first_name_sr="Марко", last_name_sr="Кувар"))
    learner = Learner.objects.create(cohort=cohort, first_name="Љубица", last_name="Ђорђевић",
                                     jmbg="0101900350008", birth_year=1900, script="cyrl")
    accredit(school_program)  # the course page is public only for a program the public sees
    commission = exam_services.commission_register(school, program=school_program, exam=ExamKind.PROFESSIONAL,
                                                   name="Комисија 1", members=members(), actor=cast.school)
    session = exam_services.session_create(cohort, commission=commission, held_on=START + dt.timedelta(days=61),
                                           actor=cast.school)
    result = session.results.first()
    exam_services.result_draw(result, actor=cast.school, seed=1)
    exam_services.result_record(result, votes={m.pk: "passed" for m in commission.members.all()},
                                performed={1: True, 2: True, 3: True}, actor=cast.school)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = exam_services.certificate_issue(result, actor=cast.school)

    private_program = ProgramFactory(organization=cast.organization, name_sr="Програм у припреми")
    return {
        "organization": cast.organization,
        "private_program": private_program,
        "school_program": school_program,
        "colleague_membership": cast.colleague.membership,
        "staff": staff["instructor"],
        "room": rooms["classroom"],
        "partner": partner,
        "document": document,
        "program": program,
        "application": application,
        "draft": draft,
        "change_request": change_request,
        "evidence": application.submissions.order_by("number").first().documents.first(),
        "decision": application.official_documents.get(kind=DocumentKind.DECISION),
        "accreditation": application.accreditations.first(),
        "invitation": invitation,
        "standard": StandardFactory(),
        "level": NoksLevel.objects.get(code="6.1"),
        "cohort": cohort,
        "learner": learner,
        "commission": commission,
        "session": session,
        "result": result,
        "certificate": Certificate.objects.get(pk=certificate.pk),
    }


# --- the matrix --------------------------------------------------------------------------------------------------


def _outcome(response):
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return "admin"
        if location.startswith(reverse("accounts:login")):
            return "login"
        if location == reverse("accounts:dashboard"):
            return "home"
    return status


def _is_public(row: dict) -> bool:
    return all(value in (200, 302) for value in row.values())


def _secrets(objects, role: str) -> list[str]:
    """What this role must never read on a page that is not public: the other organizations' data."""
    provider = [objects["organization"].name_sr, objects["organization"].pib, objects["application"].reference]
    school = [objects["learner"].jmbg, objects["learner"].last_name]
    return {"anonymous": provider + school, "owner": school, "colleague": school, "other": provider + school,
            "school": provider}.get(role, [])


@pytest.mark.parametrize("role", CAST_ROLES)
def test_every_url_for_role(client, cast, objects, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    secrets = _secrets(objects, role)
    cells = [(name, kwargs, row) for name, (kwargs, row) in sorted(EXPECT.items())] + PRIVATE_VARIANTS
    mismatches, holes = [], []
    for name, kwargs, row in cells:
        translation.activate("sr")
        url = reverse(name, kwargs=kwargs(objects) or None)
        response = client.get(url)
        got, want = _outcome(response), row[role]
        if (name, role) in KNOWN_HOLES and row is EXPECT[name][1]:
            if got == want:
                mismatches.append(f"{name}: the known hole for {role} is closed; remove it from KNOWN_HOLES")
            else:
                holes.append((name, got))
            continue
        if got != want:
            mismatches.append(f"{name} [{url}]: expected {want!r}, got {got!r}"
                              + (f" -> {response['Location']}" if response.status_code == 302 else ""))
        elif not _is_public(row) and not getattr(response, "streaming", False):
            body = response.content.decode(errors="replace")
            leaked = [secret for secret in secrets if secret and secret in body]
            if leaked:
                mismatches.append(f"{name} [{url}]: {got!r} but shows {leaked}")
    assert not mismatches, f"{role}: {len(mismatches)} cell(s) differ:\n" + "\n".join(mismatches)
    if holes:
        pytest.xfail(f"{role}: known holes {holes}: " + "; ".join(KNOWN_HOLES[(n, role)] for n, _g in holes))
