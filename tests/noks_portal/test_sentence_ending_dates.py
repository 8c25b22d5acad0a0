"""A Serbian date ends with its own full stop ("2. фебруара 2027."): a sentence that ends with one gets no second."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

DUE = datetime.date(2027, 2, 2)


def _render(template: str, language: str, **context) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def _office_notice(language):
    application = SimpleNamespace(reference="JPOA-2026-0002", organization=SimpleNamespace(name="Центар"))
    return _render("applications/email/office_notice.txt", language, application=application, due=DUE, url="u")


def _expiring(language):
    accreditation = SimpleNamespace(valid_until=DUE, get_activity_display="обука")
    return _render("applications/email/accreditation_expiring.txt", language, days_left=3, site_url="",
                   organization=SimpleNamespace(name="Центар"), accreditation=accreditation)


def _invitation(language):
    invitation = SimpleNamespace(invited_by="Ана", organization=SimpleNamespace(name="Центар"),
                                 expires_at=datetime.datetime(2027, 2, 2, 12, 0))
    return _render("providers/email/invitation.txt", language, invitation=invitation, url="u")


@pytest.mark.parametrize("render", [_office_notice, _expiring, _invitation])
@pytest.mark.parametrize("language, ending", [("sr", "2027."), ("sr-latn", "2027."), ("en", "2027.")])
def test_a_sentence_ending_with_a_date_has_one_full_stop(render, language, ending):
    text = render(language)
    assert "2027.." not in text
    assert any(line.rstrip().endswith(ending) for line in text.splitlines()), text
