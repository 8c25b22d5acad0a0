"""Art. 9–12: premises, lease, hygiene-technical standards, rooms, space per learner."""

import pytest

from .helpers import base_case, covers, found, program, run, status


@covers("P89-9.1")
def test_premises_manual_plus_accessibility():
    data = base_case()
    assert sorted(f["status"] for f in found(run(data), "P89-9.1", "organization")) == ["manual"]
    assert status(data, "P89-9.1", "rooms[R1]") == "pass"
    data["rooms"][0]["accessible"] = False
    assert status(data, "P89-9.1", "rooms[R1]") == "fail"
    data["rooms"][0]["accessible"] = None
    assert status(data, "P89-9.1", "rooms[R1]") == "fail"


@covers("P89-9.1")
def test_no_premises_declared_fails():
    data = base_case()
    data["rooms"] = []
    data["programs"][0]["rooms"] = []
    assert sorted(f["status"] for f in found(run(data), "P89-9.1")) == ["fail", "manual"]


@covers("P89-9.2")
@pytest.mark.parametrize("lease_until, expected", [
    ("2027-06-29", "fail"),   # the day before the program ends
    ("2027-06-30", "pass"),   # the day it ends
    ("2027-12-31", "pass"),
    (None, "fail"),
])
def test_lease_until_program_end(lease_until, expected):
    data = base_case()
    data["rooms"][0].update(tenure="leased", lease_until=lease_until)
    assert status(data, "P89-9.2", "rooms[R1]") == expected


@covers("P89-9.2")
def test_lease_expired_and_tenure_undeclared_fail():
    data = base_case()
    data["rooms"][1].update(tenure="leased", lease_until="2026-11-20")
    assert status(data, "P89-9.2", "rooms[R-ZB]") == "fail"
    data["rooms"][1].update(tenure=None, lease_until=None)
    assert status(data, "P89-9.2", "rooms[R-ZB]") == "fail"


@covers("P89-9.2")
def test_lease_with_open_ended_program_is_manual():
    data = base_case()
    data["programs"][0]["ends_on"] = None
    data["rooms"][0].update(tenure="leased", lease_until="2027-12-31")
    assert status(data, "P89-9.2", "rooms[R1]") == "manual"


@covers("P89-9.3", "P89-9.4")
def test_school_premises_manual():
    data = base_case()
    data["organization"]["kind"] = "primary_school"
    data["programs"] = []
    assert (status(data, "P89-9.3"), status(data, "P89-9.4")) == ("manual", "not_applicable")
    data["activities"] = ["A-RPL"]
    assert status(data, "P89-9.4") == "manual"
    assert status(data, "P89-9.1") == "not_applicable"


ART10 = ["P89-10.1.1", "P89-10.1.2", "P89-10.1.3", "P89-10.1.4", "P89-10.1.5", "P89-10.1.6", "P89-10.1.7",
         "P89-10.1.8", "P89-10.1.9"]


@covers(*ART10)
def test_hygiene_checklist_declared_is_manual_undeclared_fails():
    data = base_case()
    assert [status(data, pid) for pid in ART10] == ["manual"] * 9
    data["hygiene_technical"] = {"lighting": False}
    assert [status(data, pid) for pid in ART10] == ["fail"] * 9


@covers(*ART10)
def test_hygiene_not_applicable_to_schools():
    data = base_case()
    data["organization"]["kind"] = "secondary_school"
    assert [status(data, pid) for pid in ART10] == ["not_applicable"] * 9


@covers("P89-11.1", "P89-11.2", "P89-11.3")
def test_ventilation_light_and_even_lighting():
    data = base_case()
    assert (status(data, "P89-11.1", "rooms[R1]"), status(data, "P89-11.2", "rooms[R1]"),
            status(data, "P89-11.3", "rooms[R1]")) == ("pass", "pass", "manual")
    data["rooms"][0].update(natural_light=False, natural_ventilation=None)
    assert (status(data, "P89-11.1", "rooms[R1]"), status(data, "P89-11.2", "rooms[R1]")) == ("fail", "fail")
    assert found(run(data), "P89-11.1", "rooms[R-AR]") == []     # an archive is not a room for stay


@covers("P89-12.1.1.1", "P89-12.1.1.2", "P89-12.1.1.3")
@pytest.mark.parametrize("kind, area, expected", [
    ("classroom", 24.9, "fail"), ("classroom", 25.0, "pass"),        # 2.49 / 2.5 m² for 10 learners
    ("specialized", 29.9, "fail"), ("specialized", 30.0, "pass"),    # 2.99 / 3
    ("computer", 34.9, "fail"), ("computer", 35.0, "pass"),          # 3.49 / 3.5 per workstation
])
def test_area_per_learner_thresholds(kind, area, expected):
    pid = {"classroom": "P89-12.1.1.1", "specialized": "P89-12.1.1.2", "computer": "P89-12.1.1.3"}[kind]
    data = base_case()
    data["rooms"][0].update(kind=kind, area_m2=area, computers=11, networked=True, licensed_software=True)
    assert status(data, pid, "rooms[R1]") == expected


@covers("P89-12.1.1.1")
def test_area_uses_largest_group_in_room():
    data = base_case()
    data["rooms"][0]["area_m2"] = 30.0
    data["programs"].append(program("P2", group_size=13))      # 30 / 13 = 2.31
    assert status(data, "P89-12.1.1.1", "rooms[R1]") == "fail"
    assert found(run(data), "P89-12.1.1.1")[0]["hint"] == (
        "Reduce the group to at most 12 learners or use a larger room (at least 32.5 m²).")


@covers("P89-12.1.1.1")
def test_area_missing_fails_and_room_without_learners_not_applicable():
    data = base_case()
    data["rooms"][0]["area_m2"] = None
    assert status(data, "P89-12.1.1.1", "rooms[R1]") == "fail"
    data["programs"][0]["rooms"] = []
    data["rooms"][0]["seats"] = None
    assert status(data, "P89-12.1.1.1", "rooms[R1]") == "not_applicable"


@covers("P89-12.1.2")
def test_individual_work_room_when_program_provides():
    data = base_case()
    assert status(data, "P89-12.1.2") == "not_applicable"
    data["programs"][0]["individual_work"] = True
    assert status(data, "P89-12.1.2") == "fail"
    data["rooms"].append({"id": "R9", "kind": "individual_work"})
    assert status(data, "P89-12.1.2") == "pass"


@covers("P89-12.1.3", "P89-12.1.4", "P89-12.1.5")
@pytest.mark.parametrize("pid, room_id", [("P89-12.1.3", "R-ZB"), ("P89-12.1.4", "R-UP"), ("P89-12.1.5", "R-AR")])
def test_required_rooms(pid, room_id):
    data = base_case()
    assert status(data, pid, f"rooms[{room_id}]") == "pass"
    data["rooms"] = [r for r in data["rooms"] if r["id"] != room_id]
    assert status(data, pid, "organization") == "fail"


@covers("P89-12.1.6")
def test_sanitary_rooms_for_women_and_men_with_washbasin():
    data = base_case()
    assert [f["status"] for f in found(run(data), "P89-12.1.6")] == ["pass", "pass"]
    data["rooms"][4]["washbasin"] = False
    assert status(data, "P89-12.1.6", "rooms[R-WCZ]") == "fail"
    data["rooms"] = data["rooms"][:4]
    assert [f["status"] for f in found(run(data), "P89-12.1.6")] == ["fail", "fail"]


@covers("P89-12.1.7", "P89-12.2")
def test_other_rooms_and_career_space_manual():
    data = base_case()
    assert (status(data, "P89-12.1.7"), status(data, "P89-12.2")) == ("manual", "not_applicable")
    data["activities"].append("A-CAREER")
    assert status(data, "P89-12.2") == "manual"


@covers("P89-9.2")
@pytest.mark.parametrize("lease_until, expected, key", [
    ("2026-11-20", "fail", "expired"),      # ended the day before the case's date (the day it is prepared)
    ("2026-11-21", "pass", "current"),      # runs until that very day: not yet expired
])
def test_lease_expired_before_the_day_of_the_case(lease_until, expected, key):
    data = base_case()
    data["rooms"][1].update(tenure="leased", lease_until=lease_until)   # a room no program is held in
    [finding] = found(run(data), "P89-9.2", "rooms[R-ZB]")
    assert finding["status"] == expected
    assert finding["message"].startswith({"expired": "The lease expired on 2026-11-20.",
                                          "current": "The lease runs until 2026-11-21;"}[key])


@covers("P89-9.2")
@pytest.mark.parametrize("lease_until, noted", [
    ("2031-11-19", True),    # ends before a status granted on 2026-11-21 would (it runs until 2031-11-20)
    ("2031-11-20", False),   # ends with it
    ("2032-01-01", False),
])
def test_lease_ending_within_status_period_passes_with_a_note(lease_until, noted):
    data = base_case()
    data["rooms"][0].update(tenure="leased", lease_until=lease_until)
    [finding] = found(run(data), "P89-9.2", "rooms[R1]")
    assert finding["status"] == "pass"
    note = " The lease ends before a JPOA status granted today would (2031-11-20): extend it in time."
    assert finding["message"] == f"The lease runs until {lease_until}; programs in the room end by 2027-06-30." + (
        note if noted else "")
    [serbian] = found(run(data, "sr"), "P89-9.2", "rooms[R1]", lang="sr")
    assert ("Закуп истиче пре краја статуса ЈПОА стеченог данас (2031-11-20): продужите га на време."
            in serbian["message"]) is noted
