"""Demo data and a demo login for every role. Safe to run again: what exists already is left alone."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services as second_factor
from core.reference_data import read_json, translated_values
from providers import services as provider_services
from providers.enums import MembershipRole, OrganizationKind
from providers.models import Membership, Municipality, Organization
from providers.validators import pib_check_digit
from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.services import standard_save

DEMO_PASSWORD = "noks-demo-2026"
DEMO_REGISTER_ORGANIZATIONS = 36
DEMO_REGISTER_PROGRAMS = 360

# username, first name, last name, role
DEMO_USERS = [
    ("admin", "Ана", "Администратор", "administrator"),
    ("reviewer", "Милица", "Петровић", "reviewer"),
    ("decider", "Драган", "Јовановић", "decider"),
    ("owner", "Љубица", "Николић", "owner"),
    ("colleague", "Ђорђе", "Марковић", "colleague"),
    ("other", "Његош", "Стојановић", "other"),
    ("school", "Јелена", "Ђурић", "school"),
]

DEMO_ORGANIZATIONS = {
    "owner": dict(kind=OrganizationKind.JPOA, name="Центар за образовање одраслих „Љубовија“",
                  name_en="Ljubovija Adult Education Centre", pib_base="10113470", mb="17123456",
                  address="Војводе Мишића 12", municipality="Љубовија", email="info@coo-ljubovija.rs"),
    "other": dict(kind=OrganizationKind.JPOA, name="Академија рачунарства и језика „Џеп“",
                  name_en="Džep Academy of Computing and Languages", pib_base="10245678", mb="20123457",
                  address="Булевар ослобођења 45", municipality="Нови Сад", email="kontakt@dzep.rs"),
    "school": dict(kind=OrganizationKind.SECONDARY_SCHOOL, name="Угоститељско-туристичка школа Врњачка Бања",
                   name_en="Vrnjačka Banja School of Hospitality and Tourism", pib_base="10098765", mb="07123458",
                   address="Жичка 3", municipality="Врњачка Бања", email="skola@uts-vb.edu.rs"),
}


class Command(BaseCommand):
    help = ("Load demo data: qualification standards, organizations, and a demo login for every role. Refuses to run "
            "with DEBUG off: the demo's logins have a published password and second-factor key.")

    def add_arguments(self, parser):
        parser.add_argument("--even-without-debug", action="store_true",
                            help="load the demo although DEBUG is off (a staging copy, never production)")
        parser.add_argument("--without-register", action="store_true",
                            help="leave out the generated public register (dozens of fictional providers and "
                                 "hundreds of programs): the demo's own organizations only")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["even_without_debug"]:
            raise CommandError("DEBUG is off: this looks like production, and the demo logins have a published "
                               "password and second-factor key. Nothing was loaded. (--even-without-debug for a "
                               "staging copy.)")
        standards = self._standards()
        users = self._users()
        organizations = self._organizations(users)
        applications = self._applications(users)
        if not options.get("without_register"):
            self._register()
            standards = QualificationStandard.objects.count()
            organizations = Organization.objects.count()
            from applications.models import Application

            applications = Application.objects.count()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {standards} qualification standards, {organizations} organizations, "
            f"{applications} applications, {len(users)} demo users (password: {DEMO_PASSWORD}; admin, reviewer "
            f"and decider also need a code: the demo shows it, or add the key {second_factor.DEMO_TOTP_KEY_BASE32} "
            f"to an authenticator app)."
        ))

    def _applications(self, users: dict) -> int:
        """An approved application (in the JPOA register) and one waiting in the reviewer's queue."""
        from applications.models import Application
        from noks_portal import demo_workflow

        other = Membership.objects.get(user=users["other"]).organization
        if not other.applications.exists():
            program = demo_workflow.complete_records(other, actor=users["other"],
                                                     program_name="Основи рада на рачунару (ECDL)")
            demo_workflow.approved_application(other, program, actor=users["other"], reviewer=users["reviewer"],
                                               decider=users["decider"])
        owner = Membership.objects.get(user=users["owner"]).organization
        if not owner.applications.exists():
            program = demo_workflow.complete_records(owner, actor=users["owner"],
                                                     program_name="Рачунар за почетнике")
            demo_workflow.submitted_application(owner, program, actor=users["owner"])
        school = Membership.objects.get(user=users["school"]).organization
        if not school.cohorts.exists():
            demo_workflow.school_cohort(school, actor=users["school"])
        else:  # another day: the exam nobody has started yet is today again (drawn and recorded on its day)
            demo_workflow.demo_exam_reanchor(school, actor=users["school"])
        return Application.objects.count()

    def _register(self) -> None:
        """A public register worth searching: fictional providers (named "… (демо)", e-mail at scale.invalid) across
        municipalities with programs across sectors, NOKS levels and the kinds of Art. 3, generated once
        (seed_scale), each with an accreditation in force."""
        from noks_portal.management.commands.seed_scale import EMAIL_DOMAIN, MB_PREFIX, seed_scale
        from providers.models import Organization

        if Organization.objects.filter(mb__startswith=MB_PREFIX, email__endswith="@" + EMAIL_DOMAIN).exists():
            return
        seed_scale(programs=DEMO_REGISTER_PROGRAMS, organizations=DEMO_REGISTER_ORGANIZATIONS, seed=2026,
                   org_suffix=(" (демо)", " (demo)"), standard_prefix="DEMO-")

    def _standards(self) -> int:
        levels = {level.code: level for level in NoksLevel.objects.all()}
        sectors = {sector.code: sector for sector in Sector.objects.all()}
        for row in read_json("qualifications/data/demo_standards.json"):
            if QualificationStandard.objects.filter(code=row["code"]).exists():
                continue
            standard = QualificationStandard(
                code=row["code"], level=levels[row["level"]], sector=sectors[row["sector"]],
                min_hours=row.get("min_hours"), max_hours=row.get("max_hours"), min_months=row.get("min_months"),
                requires_level=levels.get(row.get("requires_level") or ""),
            )
            for field in ("name", "purpose", "outcomes"):
                for key, value in translated_values(field, row.get(field)).items():
                    setattr(standard, key, value)
            standard_save(standard)
        return QualificationStandard.objects.count()

    def _users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, first, last, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name=last,
                            email=f"{username}@demo.noks.localhost")
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = user.is_staff = role == "administrator"
                user.is_office_reviewer = role == "reviewer"
                user.is_office_decider = role == "decider"
                user.save()
            if role in ("administrator", "reviewer", "decider"):
                second_factor.demo_enrol(user)  # the demo key: the sign-in step shows its code while DEBUG is on
            users[username] = user
        return users

    def _organizations(self, users: dict) -> int:
        for username, spec in DEMO_ORGANIZATIONS.items():
            owner = users[username]
            if Membership.objects.filter(user=owner).exists():
                continue
            spec = dict(spec)
            municipality = Municipality.objects.get(name_sr=spec.pop("municipality"))
            pib_base = spec.pop("pib_base")
            org = Organization(municipality=municipality, pib=f"{pib_base}{pib_check_digit(pib_base)}", **{
                k: v for k, v in spec.items() if k not in ("name", "address")
            })
            org.name_sr = spec["name"]
            org.address_sr = spec["address"]
            provider_services.organization_register(org, owner=owner)
        owner_org = Membership.objects.get(user=users["owner"]).organization
        Membership.objects.get_or_create(user=users["colleague"],
                                         defaults={"organization": owner_org, "role": MembershipRole.COLLEAGUE})
        return Organization.objects.count()
