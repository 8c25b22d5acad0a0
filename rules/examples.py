"""Three worked examples (docs/rules/examples/): a language school, a computer-training JPOA, and a secondary school
with qualification programs and exams. ``python -m rules examples`` writes each case and its reports."""

from __future__ import annotations

DATE = "2026-11-21"


def elements(name: str, hours: int, group: int, document: str, *, modules: str | None = None, **extra) -> dict:
    out = {
        "name": name,
        "purpose": "Оспособљавање одраслих за " + name.lower(),
        "goal": "Полазник стиче знања и вештине програма „" + name + "”",
        "general_outcomes": "Кључне компетенције: комуникација, дигитална писменост, учење учења",
        "specific_outcomes": "Знања, вештине и ставови по модулима програма",
        "enrolment_conditions": "Навршених 18 година; завршено основно образовање",
        "duration": f"{hours} сати",
        "organisation_methods": "Групна настава, радионице, вежбе; интерактивне методе",
        "accessibility": "Приступ без степеника, материјали у увећаном фонту, прилагођено време испита",
        "materials": "Приручник за полазнике, радни листови, водич за испит",
        "assessment": "Тест знања и практичан задатак на крају програма",
        "group_size": f"до {group} полазника",
        "staff": "Извођач са одговарајућим образовањем и компетенцијама за рад са одраслима",
        "premises_equipment": "Учионица са пројектором и таблом",
        "publicity": "Интернет страница, огласи, Национална служба за запошљавање",
        "adaptation": "Иницијално тестирање и индивидуални план учења",
        "document_name": document,
    }
    if modules:
        out["modules"] = modules
    out.update(extra)
    return out


def _room(rid, kind, **kw):
    return {"id": rid, "kind": kind, "natural_light": True, "natural_ventilation": True, "accessible": True,
            "tenure": "leased", "lease_until": "2028-08-31", **kw}


SUPPORT_ROOMS = [
    _room("R-ZB", "instructors", area_m2=14.0),
    _room("R-UP", "management", area_m2=12.0),
    _room("R-AR", "archive", area_m2=6.0, natural_light=False, natural_ventilation=False),
    _room("R-WC-Ž", "sanitary_women", washbasin=True),
    _room("R-WC-M", "sanitary_men", washbasin=True),
]
ALL_STANDARDS = {k: True for k in ("lighting", "visibility", "noise", "acoustics", "heating_cooling", "water",
                                   "electrical", "it", "fire")}

LANGUAGE_SCHOOL = {
    "$comment": "A language school applying for JPOA status: three foreign-language programs, personal development.",
    "date": DATE,
    "organization": {"kind": "jpoa", "name": "Школа страних језика „Лингва” д.о.о.", "pib": "109876543",
                     "mb": "21234567", "electronic_records": True},
    "activities": ["A-PERS"],
    "programs": [
        {"id": "EN-B1", "activity": "A-PERS", "kind": 5,
         "elements": elements("Енглески језик, ниво B1", 96, 12, "Потврда о похађању програма"),
         "duration_hours": 96, "group_size": 12, "cefr_levels": ["B1"], "rooms": ["R1"], "instructors": ["S1"],
         "starts_on": "2027-02-01", "ends_on": "2027-06-30"},
        {"id": "DE-A2", "activity": "A-PERS", "kind": 5,
         "elements": elements("Немачки језик, ниво A2", 80, 10, "Потврда о похађању програма"),
         "duration_hours": 80, "group_size": 10, "cefr_levels": ["A1", "A2"], "rooms": ["R2"],
         "instructors": ["S2"], "starts_on": "2027-02-01", "ends_on": "2027-05-31"},
        {"id": "IT-A1", "activity": "A-PERS", "kind": 5,
         "elements": elements("Италијански језик, ниво A1", 60, 8, "Потврда о похађању програма"),
         "duration_hours": 60, "group_size": 8, "cefr_levels": ["A1"], "rooms": ["R2"], "instructors": ["S2"],
         "starts_on": "2027-03-01", "ends_on": "2027-09-30"},
    ],
    "staff": [
        {"id": "S1", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "pd_program", "cefr_calibration": True},
        {"id": "S2", "roles": ["instructor"], "engagement": "engaged", "education_matches": True,
         "adult_ed_competence": "in_training", "cefr_calibration": False},
        {"id": "S3", "roles": ["andragogue", "responsible_person"], "engagement": "employed_full_time",
         "adult_ed_competence": "andragogy_degree"},
        {"id": "S4", "roles": ["librarian"], "engagement": "employed_part_time",
         "adult_ed_competence": "association_certificate"},
    ],
    "associate_deviations": {"psychologist": "Два јавна огласа (март и мај 2026) без пријављених кандидата; "
                                             "сарадња са психологом у току преговора."},
    "rooms": [
        _room("R1", "classroom", area_m2=36.0, seats=14),
        _room("R2", "classroom", area_m2=24.9, seats=10, lease_until="2027-08-31"),
        *SUPPORT_ROOMS,
    ],
    "hygiene_technical": ALL_STANDARDS,
}

COMPUTER_JPOA = {
    "$comment": "A computer-training JPOA holding status since March 2026: ECDL programs and a data-entry "
                "operator program (NOKS level 2) with its exam.",
    "date": DATE,
    "organization": {"kind": "jpoa", "name": "Рачунарски центар „Бајт” д.о.о.", "pib": "108765432", "mb": "20987654",
                     "electronic_records": True, "status_granted_on": "2026-03-02"},
    "activities": ["A-COMP", "A-PERS"],
    "programs": [
        *[{"id": f"ECDL-{i}", "activity": "A-PERS", "kind": 4,
           "elements": elements(f"ECDL модул {name}", 32, 12, "Потврда о савладаном програму"),
           "duration_hours": 32, "group_size": 12, "ecdl_modules": [name], "rooms": [room],
           "instructors": [who], "starts_on": "2027-01-15", "ends_on": "2027-03-15"}
          for i, (name, room, who) in enumerate([("Computer Essentials", "R1", "S1"), ("Online Essentials", "R1", "S1"),
                                                 ("Word Processing", "R2", "S1"), ("Spreadsheets", "R2", "S1"),
                                                 ("Presentation", "R2", "S2")], start=1)],
        {"id": "OPER", "activity": "A-COMP", "kind": 1,
         "elements": elements("Оператер за унос података", 240, 12, "Јавна исправа о стеченим стручним "
                                                                   "компетенцијама", modules="1. Унос и провера "
                                                                   "података; 2. Табеларна обрада; 3. Архивирање"),
         "modular": True, "duration_hours": 240, "group_size": 12,
         "qualification_standard": {"code": "QS-IT-021", "noks_level": "2"},
         "rooms": ["R1"], "instructors": ["S2"], "individual_work": True,
         "exam": {"professional": True, "work_tasks_min": 2, "work_tasks_max": 3,
                  "task_lists_published_on": "2026-09-01"},
         "starts_on": "2026-09-15", "ends_on": "2026-12-20", "partners": ["X1"]},
    ],
    "staff": [
        {"id": "S1", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "pd_program"},
        {"id": "S2", "roles": ["instructor"], "engagement": "engaged", "education_matches": True,
         "adult_ed_competence": "in_training"},
        {"id": "S3", "roles": ["responsible_person", "andragogue"], "engagement": "employed_full_time",
         "adult_ed_competence": "andragogy_degree"},
        {"id": "S4", "roles": ["psychologist"], "engagement": "engaged", "adult_ed_competence": "pd_program"},
        {"id": "S5", "roles": ["librarian"], "engagement": "employed_part_time", "adult_ed_competence": "pd_program"},
        {"id": "S6", "roles": [], "engagement": "engaged", "adult_ed_competence": "association_certificate"},
        {"id": "S7", "roles": [], "engagement": "engaged", "adult_ed_competence": "pd_program"},
    ],
    "rooms": [
        _room("R1", "computer", area_m2=56.0, seats=13, computers=14, networked=True, licensed_software=True),
        _room("R2", "computer", area_m2=42.0, seats=12, computers=12, networked=True, licensed_software=True),
        _room("R3", "individual_work", area_m2=10.0, seats=2),
        *SUPPORT_ROOMS,
    ],
    "hygiene_technical": ALL_STANDARDS,
    "partners": [{"id": "X1", "kind": "employer", "contract_signed": True, "in_zuov_register": True}],
    "commissions": [
        {"id": "C1", "exam": "professional", "formed_by": "jpoa", "program": "OPER",
         "members": [{"person": "S6", "chair": True, "expert": True}, {"person": "S7", "expert": True},
                     {"person": "S3"}]},
    ],
    "exam_results": [
        {"id": "E1", "commission": "C1", "exam": "professional", "held_on": "2026-06-15",
         "work_tasks": [{"drawn": True, "drawn_on": "2026-06-15", "performed_to_criteria": True},
                        {"drawn": True, "drawn_on": "2026-06-15", "performed_to_criteria": True}],
         "votes": ["passed", "passed", "passed"], "grade": "passed"},
        {"id": "E2", "commission": "C1", "exam": "professional", "held_on": "2026-06-15",
         "work_tasks": [{"drawn": True, "drawn_on": "2026-06-15", "performed_to_criteria": True},
                        {"drawn": True, "drawn_on": "2026-06-15", "performed_to_criteria": False}],
         "votes": ["failed", "failed", "passed"], "grade": "failed"},
    ],
}

SECONDARY_SCHOOL = {
    "$comment": "A secondary vocational school running qualification programs for adults, key competences, a "
                "welding training (NOKS level 2), recognition of prior learning, with exam commissions and results.",
    "date": DATE,
    "organization": {"kind": "secondary_school", "name": "Техничка школа „Никола Тесла”", "pib": "100123456",
                     "mb": "07012345", "status_granted_on": "2025-09-01"},
    "activities": ["A-QUAL", "A-KEY-SEC", "A-COMP", "A-RPL"],
    "programs": [
        {"id": "BRAV", "activity": "A-QUAL", "qualification_standard": {"code": "QS-MET-014", "noks_level": "3"},
         "elements": elements("Бравар-заваривач", 1080, 15, "Сведочанство о стеченој квалификацији (јавна исправа)",
                              modules="Модули по стандарду квалификације"),
         "modular": True, "duration_hours": 1080, "group_size": 15, "rooms": ["U1", "RAD"],
         "instructors": ["N1", "N2"],
         "exam": {"professional": True, "key_competences": True, "key_tasks": 10, "work_tasks_min": 3,
                  "work_tasks_max": 3, "task_lists_published_on": "2026-08-25"},
         "starts_on": "2026-09-01", "ends_on": "2027-06-30", "partners": ["X1"]},
        {"id": "KK-SR", "activity": "A-KEY-SEC",
         "elements": elements("Кључне компетенције за општеобразовни део", 360, 20, "Уверење о положеном испиту"),
         "duration_hours": 360, "group_size": 20, "rooms": ["U1"], "instructors": ["N3"],
         "exam": {"key_competences": True, "key_tasks": 12, "task_lists_published_on": "2026-08-25"},
         "starts_on": "2026-09-01", "ends_on": "2027-03-31"},
        {"id": "ZAV", "activity": "A-COMP", "kind": 1, "qualification_standard": {"code": "QS-MET-007",
                                                                                 "noks_level": "2"},
         "elements": elements("Заваривач МАГ поступком", 200, 10, "Уверење о стеченим стручним компетенцијама"),
         "duration_hours": 200, "group_size": 10, "rooms": ["RAD"], "instructors": ["N2"],
         "exam": {"professional": True, "work_tasks_min": 2, "work_tasks_max": 4,
                  "task_lists_published_on": "2026-10-01"},
         "starts_on": "2026-10-01", "ends_on": "2027-01-31"},
    ],
    "staff": [
        {"id": "N1", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "pd_program"},
        {"id": "N2", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "pd_program"},
        {"id": "N3", "roles": ["instructor"], "engagement": "employed_full_time", "education_matches": True,
         "adult_ed_competence": "andragogy_degree"},
        {"id": "N4", "roles": [], "engagement": "employed_full_time", "adult_ed_competence": "pd_program"},
        {"id": "N5", "roles": [], "engagement": "employed_full_time", "adult_ed_competence": "pd_program"},
        {"id": "N6", "roles": [], "engagement": "employed_full_time", "adult_ed_competence": "pd_program"},
        {"id": "PP", "roles": ["psychologist"], "engagement": "employed_full_time",
         "adult_ed_competence": "pd_program"},
    ],
    "rooms": [
        {"id": "U1", "kind": "classroom", "area_m2": 60.0, "seats": 30, "natural_light": True,
         "natural_ventilation": True, "tenure": "owned", "accessible": True},
        {"id": "RAD", "kind": "specialized", "area_m2": 120.0, "seats": 16, "natural_light": True,
         "natural_ventilation": True, "tenure": "owned", "accessible": True},
    ],
    "partners": [{"id": "X1", "kind": "employer", "contract_signed": True, "in_zuov_register": True}],
    "commissions": [
        {"id": "K-STR", "exam": "professional", "formed_by": "secondary_school", "program": "BRAV",
         "members": [{"person": "N4", "chair": True, "expert": True}, {"person": "N5", "expert": True},
                     {"person": "Инж. Марко Петровић (послодавац)", "expert": True}]},
        {"id": "K-KLJ", "exam": "key_competences", "formed_by": "secondary_school", "program": "KK-SR",
         "members": [{"person": "N5", "chair": True, "teacher": True}, {"person": "N6", "teacher": True},
                     {"person": "N3", "teacher": True}]},
    ],
    "exam_results": [
        {"id": "E-KLJ-1", "commission": "K-KLJ", "exam": "key_competences", "tasks_set": 12, "tasks_solved": 7,
         "votes": ["passed", "passed", "passed"], "grade": "passed"},
        {"id": "E-KLJ-2", "commission": "K-KLJ", "exam": "key_competences", "tasks_set": 10, "tasks_solved": 5,
         "votes": ["passed", "failed", "passed"], "grade": "passed"},
        {"id": "E-STR-1", "commission": "K-STR", "exam": "professional", "held_on": "2026-06-20",
         "work_tasks": [{"drawn": True, "drawn_on": "2026-06-20", "performed_to_criteria": True}] * 3,
         "votes": ["passed", "passed", "failed"], "grade": "passed"},
    ],
}

EXAMPLES = {
    "language-school": LANGUAGE_SCHOOL,
    "computer-jpoa": COMPUTER_JPOA,
    "secondary-school": SECONDARY_SCHOOL,
}
