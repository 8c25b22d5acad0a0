"""One verification address for every document: codes are unique across official documents and certificates."""

from __future__ import annotations

from core import verification


def test_a_new_code_is_never_one_taken_by_any_kind_of_document(monkeypatch):
    from applications.services import _official_code_taken
    from exams.services import _certificate_code_taken

    assert {_official_code_taken, _certificate_code_taken} <= set(verification.CODE_TAKEN)
    taken = {"AAAAAAAAAA"}
    draws = iter(["A"] * 10 + ["B"] * 10)
    monkeypatch.setattr(verification, "CODE_TAKEN", [lambda code: code in taken])
    monkeypatch.setattr("secrets.choice", lambda alphabet: next(draws))
    assert verification.new_code() == "BBBBBBBBBB"
    assert set(verification.CODE_ALPHABET).isdisjoint("0O1I")
