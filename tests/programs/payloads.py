"""POST bodies for each section of the program form, as a browser sends them."""

from __future__ import annotations

from programs.models import Program

BASICS = {"name_sr": "Кувар — основна обука", "name_en": "", "activity": "A-PERS", "kind": "9",
          "qualification_standard": "", "language_of_delivery": "sr", "ecdl_modules": ""}
AIMS = {"purpose_sr": "Оспособљавање за рад у кухињи.", "goal_sr": "Полазник ради као помоћни кувар.",
        "general_outcomes_sr": "Професионалне компетенције кувара.", "specific_outcomes_sr": "Зна да припреми јело.",
        "enrolment_conditions_sr": "Завршена основна школа, 18 година."}
CONTENT = {"modular": "on", "modules_content_sr": "Два модула: хигијена и припрема јела."}
DELIVERY = {"duration_hours": "120", "organisation_methods_sr": "Предавања и радионице.",
            "accessibility_sr": "Приступачан простор.", "materials_sr": "Приручник и водич за испит.",
            "group_size": "12", "staff_needed_sr": "Два инструктора.", "premises_equipment_sr": "Учионица и кухиња.",
            "starts_on": "2026-03-01", "ends_on": "2026-06-30"}
ASSESSMENT = {"assessment_sr": "Практичан испит пред комисијом.", "exam_professional": "on", "work_tasks_min": "2",
              "work_tasks_max": "4", "key_tasks": "", "document_name_sr": "Уверење о стеченим компетенцијама."}
PUBLICITY = {"publicity_sr": "Интернет страница и огласи.", "adaptation_sr": "Индивидуални план за сваког полазника."}
SECTION_DATA = {"basics": BASICS, "aims": AIMS, "content": CONTENT, "delivery": DELIVERY, "assessment": ASSESSMENT,
                "publicity": PUBLICITY}


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def rows(prefix: str, items: list[dict], *, initial: int = 0) -> dict[str, str]:
    data = management(prefix, len(items), initial)
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def section_payload(section: str, program: Program | None = None, **overrides) -> dict:
    """A complete, valid body for the section (empty formsets where the section has one)."""
    data = dict(SECTION_DATA[section])
    if section == "content":
        data.update(management("modules", 0))
    if section == "assessment":
        data.update(management("task_lists", 0))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
