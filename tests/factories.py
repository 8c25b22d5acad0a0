"""factory_boy factories and the fixed cast of users for permission tests."""

from __future__ import annotations

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model

from core.scripts import sync_scripts
from providers.enums import MembershipRole, OrganizationKind
from providers.models import Membership, Municipality, Organization
from providers.validators import pib_check_digit
from qualifications.models import NoksLevel, QualificationStandard, Sector
from qualifications.services import standard_search_text

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.rs")
    first_name = "Марко"
    last_name = "Марковић"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def _pib(n: int) -> str:
    base = f"{10000000 + n:08d}"
    return base + str(pib_check_digit(base))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.JPOA
    name_sr = factory.Sequence(lambda n: f"Центар за обуку „Његош“ {n}")
    name_en = factory.Sequence(lambda n: f"Njegoš Training Centre {n}")
    address_sr = "Кнеза Милоша 1"
    pib = factory.Sequence(_pib)
    mb = factory.Sequence(lambda n: f"{20000000 + n:08d}")
    municipality = factory.LazyFunction(lambda: Municipality.objects.order_by("pk").first())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        sync_scripts(obj)
        obj.save()
        return obj


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.OWNER


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationStandard

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name_sr = "Кувар"
    outcomes_sr = "Полазник ће бити у стању да припреми јело."
    level = factory.LazyFunction(lambda: NoksLevel.objects.get(code="3"))
    sector = factory.LazyFunction(lambda: Sector.objects.order_by("code").first())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        sync_scripts(obj)
        obj.search_text = standard_search_text(obj)
        obj.save()
        return obj


@dataclass
class Cast:
    owner: object
    colleague: object
    other: object
    school: object
    reviewer: object
    decider: object
    admin: object
    organization: Organization
    other_organization: Organization
    school_organization: Organization

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


def make_cast() -> Cast:
    owner = MembershipFactory(user__username="owner").user
    organization = owner.membership.organization
    colleague = MembershipFactory(user__username="colleague", organization=organization,
                                  role=MembershipRole.COLLEAGUE).user
    other = MembershipFactory(user__username="other").user
    school = MembershipFactory(user__username="school",
                               organization__kind=OrganizationKind.SECONDARY_SCHOOL).user
    reviewer = UserFactory(username="reviewer", is_office_reviewer=True)
    decider = UserFactory(username="decider", is_office_decider=True)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return Cast(owner=owner, colleague=colleague, other=other, school=school, reviewer=reviewer, decider=decider,
                admin=admin, organization=organization, other_organization=other.membership.organization,
                school_organization=school.membership.organization)
