"""New cohorts and commissions are made for the version of a program that is taught (issue 16): never a superseded
version, nor a new version still in preparation or with the Office; a school's own first version stays."""

from __future__ import annotations

import pytest

from exams.forms_records import CohortForm
from programs.enums import VersionState
from programs.selectors import programs_for_teaching
from tests.factories import OrganizationFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_only_the_taught_versions_are_offered():
    organization = OrganizationFactory()
    first_draft = ProgramFactory(organization=organization, name_sr="Кувар")
    old = ProgramFactory(organization=organization, name_sr="Пекар", version_state=VersionState.SUPERSEDED)
    approved = ProgramFactory(organization=organization, name_sr="Пекар", lineage=old, version=2,
                              version_state=VersionState.APPROVED)
    new_draft = ProgramFactory(organization=organization, name_sr="Пекар", lineage=old, version=3,
                               version_state=VersionState.DRAFT)
    submitted = ProgramFactory(organization=organization, name_sr="Пекар", lineage=old, version=4,
                               version_state=VersionState.SUBMITTED)
    offered = set(programs_for_teaching(organization))
    assert offered == {first_draft, approved}
    assert not offered & {old, new_draft, submitted}
    form = CohortForm(organization=organization)
    assert set(form.fields["program"].queryset) == {first_draft, approved}
