"""factory_boy factories for the organization's records and their evidence (tests set MEDIA_ROOT to a tmp folder)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from core.scripts import sync_scripts
from providers.enums import (
    AdultEdCompetence,
    DocumentKind,
    Engagement,
    PartnerKind,
    RoomKind,
    StaffRole,
    Tenure,
)
from providers.models import Document, HygieneDeclaration, Partner, Room, StaffMember
from tests.factories import OrganizationFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


class _ScriptSyncFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        sync_scripts(obj)
        obj.save()
        return obj


class StaffMemberFactory(_ScriptSyncFactory):
    class Meta:
        model = StaffMember

    organization = factory.SubFactory(OrganizationFactory)
    first_name_sr = "Јована"
    last_name_sr = factory.Sequence(lambda n: f"Јовановић {n}")
    roles = factory.LazyFunction(lambda: [StaffRole.INSTRUCTOR.value])
    engagement = Engagement.FULL_TIME
    education_sr = "Мастер андрагог, Филозофски факултет у Београду"
    education_matches = True
    adult_ed_competence = AdultEdCompetence.ANDRAGOGY_DEGREE


class RoomFactory(_ScriptSyncFactory):
    class Meta:
        model = Room

    organization = factory.SubFactory(OrganizationFactory)
    name_sr = factory.Sequence(lambda n: f"Учионица {n}")
    kind = RoomKind.CLASSROOM
    area_m2 = Decimal("42.50")
    seats = 16
    tenure = Tenure.OWNED


class PartnerFactory(_ScriptSyncFactory):
    class Meta:
        model = Partner

    organization = factory.SubFactory(OrganizationFactory)
    name_sr = factory.Sequence(lambda n: f"Пекара „Клас“ {n}")
    kind = PartnerKind.EMPLOYER
    contract_signed = True


class HygieneDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HygieneDeclaration

    organization = factory.SubFactory(OrganizationFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A stored PDF. Attach it with staff_member=, room=, partner= or hygiene_item=."""

    class Meta:
        model = Document

    organization = factory.SubFactory(OrganizationFactory)
    kind = DocumentKind.OTHER
    original_name = "dokaz.pdf"
    content_type = "application/pdf"
    content = PDF

    @classmethod
    def _create(cls, model_class, *args, content=PDF, **kwargs):
        document = model_class(*args, size=len(content), sha256=hashlib.sha256(content).hexdigest(), **kwargs)
        document.file.save("upload", ContentFile(content), save=False)
        document.save()
        return document
