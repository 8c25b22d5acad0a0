from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from providers.validators import is_valid_pib, pib_check_digit, validate_mb, validate_pib


def test_pib_valid_check_digit_passes():
    assert is_valid_pib("101134702") is True
    validate_pib("101134702")


def test_pib_wrong_check_digit_fails():
    assert is_valid_pib("101134703") is False
    with pytest.raises(ValidationError) as error:
        validate_pib("101134703")
    assert error.value.code == "pib_checksum"


# "²" and "١" are isdigit() (int("²") fails: it was a server error); only ASCII digits make a PIB (issue 14)
@pytest.mark.parametrize("value", ["10113470", "1011347020", "10113470A", "", "10113470²", "²" * 9,
                                   "١٠١١٣٤٧٠٢", "１０１１３４７０２"])
def test_pib_wrong_form_fails(value):
    with pytest.raises(ValidationError) as error:
        validate_pib(value)
    assert error.value.code == "pib_format"


def test_pib_check_digit_is_iso_7064_mod_11_10():
    assert pib_check_digit("10113470") == 2
    # Every eight-digit body has exactly one valid ninth digit.
    body = "10098765"
    assert [d for d in range(10) if is_valid_pib(f"{body}{d}")] == [pib_check_digit(body)]


@pytest.mark.parametrize(("value", "ok"), [("17123456", True), ("1712345", False), ("171234567", False),
                                           ("1712345a", False), ("1712345²", False), ("١٧١٢٣٤٥٦", False)])
def test_mb_is_eight_digits_without_invented_checksum(value, ok):
    if ok:
        validate_mb(value)
    else:
        with pytest.raises(ValidationError):
            validate_mb(value)


def test_a_pib_ending_in_a_superscript_is_a_form_error_not_a_server_error(client, cast):
    from django.urls import reverse

    client.force_login(cast.owner)
    response = client.post(reverse("providers:organization_edit"), {"kind": "jpoa", "name_sr": "Центар",
                                                                     "pib": "10113470²", "mb": "17123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["pib"] == ["ПИБ има тачно 9 цифара."]
