"""Art. 13–15: equipment, computer rooms, teaching aids, electronic records, practical-work partners."""

import pytest

from .helpers import base_case, covers, program, status


@covers("P89-13.1.1")
@pytest.mark.parametrize("seats, expected", [(9, "fail"), (10, "pass"), (None, "fail")])
def test_seat_for_every_learner(seats, expected):
    data = base_case()
    data["rooms"][0]["seats"] = seats
    assert status(data, "P89-13.1.1", "rooms[R1]") == expected


@covers("P89-13.1.2")
def test_specialized_room_furniture_manual():
    data = base_case()
    data["rooms"][0].update(kind="specialized", area_m2=40.0)
    assert status(data, "P89-13.1.2", "rooms[R1]") == "manual"


def computer_room(**kw):
    data = base_case()
    data["rooms"][0].update(kind="computer", area_m2=40.0, computers=11, networked=True, licensed_software=True)
    data["rooms"][0].update(kw)
    return data


@covers("P89-13.1.3")
@pytest.mark.parametrize("computers, expected", [(10, "fail"), (11, "pass")])   # = learners / learners + 1
def test_computers_learners_plus_one(computers, expected):
    assert status(computer_room(computers=computers), "P89-13.1.3", "rooms[R1]") == expected


@covers("P89-13.1.3")
@pytest.mark.parametrize("field", ["networked", "licensed_software"])
def test_computers_networked_and_licensed(field):
    assert status(computer_room(**{field: False}), "P89-13.1.3", "rooms[R1]") == "fail"
    assert status(computer_room(**{field: None}), "P89-13.1.3", "rooms[R1]") == "fail"


@covers("P89-13.2", "P89-14.1")
def test_equipment_and_aids_manual():
    data = base_case()
    assert (status(data, "P89-13.2"), status(data, "P89-14.1")) == ("manual", "manual")


@covers("P89-13.3")
def test_school_computer_training_needs_computer_room_equipment():
    data = computer_room(computers=10)
    data["organization"]["kind"] = "secondary_school"
    data["programs"] = [program("C", activity="A-PERS", kind=4, ecdl_modules=["Spreadsheets"])]
    assert status(data, "P89-13.3", "rooms[R1]") == "fail"
    data["rooms"][0]["computers"] = 11
    assert status(data, "P89-13.3", "rooms[R1]") == "pass"
    data["rooms"][0]["kind"] = "classroom"
    assert status(data, "P89-13.3", "programs[C]") == "fail"


@covers("P89-14.2")
@pytest.mark.parametrize("value, expected", [(True, "pass"), (False, "fail"), (None, "fail")])
def test_electronic_records(value, expected):
    data = base_case()
    data["organization"]["electronic_records"] = value
    assert status(data, "P89-14.2") == expected


@covers("P89-15.1")
@pytest.mark.parametrize("partner, expected", [
    ({"kind": "employer", "contract_signed": True, "in_zuov_register": True}, "pass"),
    ({"kind": "employer", "contract_signed": True, "in_zuov_register": False}, "fail"),
    ({"kind": "employer", "contract_signed": False, "in_zuov_register": True}, "fail"),
    ({"kind": "jpoa", "contract_signed": True}, "pass"),
    ({"kind": "jpoa"}, "fail"),
    ({"contract_signed": True}, "fail"),
])
def test_practical_work_partner(partner, expected):
    data = base_case()
    data["partners"] = [{"id": "X1", **partner}]
    assert status(data, "P89-15.1", "partners[X1]") == expected


@covers("P89-15.1")
def test_primary_school_partner_fails():
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["programs"] = []
    data["partners"] = [{"id": "X1", "kind": "jpoa", "contract_signed": True}]
    assert status(data, "P89-15.1", "partners[X1]") == "fail"
