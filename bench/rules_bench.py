"""Time rules.evaluate() on a large case: 50 programs, 100 staff, 30 rooms (plus commissions and results).

Run: .venv/bin/python bench/rules_bench.py [runs]
Prints p50 / p95 / max over the runs for evaluate() alone and for evaluate() + rendering the JSON report.

Figure printed on the project machine (2 cores, Python 3.11.7), 200 runs, 1,396 findings:
    step                     p50 ms   p95 ms   max ms
    load_case                  4.05     4.70     7.23
    evaluate                   7.56    12.47    17.06
    evaluate + to_dict        11.80    16.68    20.74
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rules
from rules.examples import elements


def big_case() -> dict:
    kinds = ["classroom", "specialized", "computer"]
    rooms = [{"id": f"R{i}", "kind": kinds[i % 3], "area_m2": 60.0, "seats": 16, "computers": 17, "networked": True,
              "licensed_software": True, "natural_light": True, "natural_ventilation": True, "accessible": True,
              "tenure": "leased", "lease_until": "2028-12-31"} for i in range(24)]
    rooms += [{"id": f"R{24 + i}", "kind": k, "washbasin": True, "tenure": "owned"} for i, k in enumerate(
        ["instructors", "management", "archive", "sanitary_women", "sanitary_men", "individual_work"])]
    staff = [{"id": f"S{i}", "roles": ["instructor"], "engagement": "engaged", "education_matches": True,
              "adult_ed_competence": ["pd_program", "in_training", "andragogy_degree"][i % 3],
              "cefr_calibration": i % 2 == 0} for i in range(95)]
    staff += [{"id": f"S{95 + i}", "roles": [r], "engagement": "employed_full_time",
               "adult_ed_competence": "pd_program"}
              for i, r in enumerate(["andragogue", "psychologist", "librarian", "responsible_person", "instructor"])]
    activities = ["A-COMP", "A-PERS"]
    programs = []
    for i in range(50):
        kind = [1, 4, 5, 9, 2][i % 5]
        programs.append({
            "id": f"P{i}", "activity": activities[i % 2], "kind": kind,
            "elements": elements(f"Програм {i}", 240, 12, "Уверење"), "duration_hours": 240, "group_size": 12,
            "qualification_standard": {"code": f"QS-{i}", "noks_level": ["2", "3", "5"][i % 3]},
            "enrolment_noks_level": "4", "cefr_levels": ["B1"] if kind == 5 else [],
            "ecdl_modules": ["Spreadsheets"] if kind == 4 else [], "individual_work": i % 7 == 0,
            "rooms": [f"R{i % 24}", f"R{(i + 5) % 24}"], "instructors": [f"S{i % 95}", f"S{(i * 7) % 95}"],
            "exam": {"professional": True, "key_competences": i % 4 == 0, "key_tasks": 8, "work_tasks_min": 2,
                     "work_tasks_max": 4, "task_lists_published_on": "2027-01-10"},
            "starts_on": "2027-02-01", "ends_on": "2027-09-30", "partners": ["X1"],
        })
    commissions = [{"id": f"C{i}", "exam": "professional", "formed_by": "jpoa", "program": f"P{i}",
                    "members": [{"person": "S96", "chair": True, "expert": True}, {"person": "S97", "expert": True},
                                {"person": f"S{(i + 40) % 95}"}]} for i in range(20)]
    results = [{"id": f"E{i}", "commission": f"C{i % 20}", "exam": "professional",
                "work_tasks": [{"drawn": True, "performed_to_criteria": i % 5 != 0}] * 3,
                "votes": ["passed", "passed", "failed"], "grade": "passed"} for i in range(100)]
    return {"date": "2026-11-21",
            "organization": {"kind": "jpoa", "electronic_records": True, "status_granted_on": "2026-03-01"},
            "activities": activities, "programs": programs, "staff": staff, "rooms": rooms,
            "hygiene_technical": {k: True for k in ("lighting", "visibility", "noise", "acoustics", "heating_cooling",
                                                    "water", "electrical", "it", "fire")},
            "partners": [{"id": "X1", "kind": "employer", "contract_signed": True, "in_zuov_register": True}],
            "commissions": commissions, "exam_results": results}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(runs: int = 200) -> None:
    data = big_case()
    case = rules.load_case(data)
    report = rules.evaluate(case)
    timings = {"load_case": [], "evaluate": [], "evaluate + to_dict": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        rules.load_case(data)
        t1 = time.perf_counter()
        report = rules.evaluate(case)
        t2 = time.perf_counter()
        report.to_dict()
        t3 = time.perf_counter()
        timings["load_case"].append((t1 - t0) * 1000)
        timings["evaluate"].append((t2 - t1) * 1000)
        timings["evaluate + to_dict"].append((t3 - t1) * 1000)
    print(f"case: {len(case.programs)} programs, {len(case.staff)} staff, {len(case.rooms)} rooms, "
          f"{len(case.commissions)} commissions, {len(case.exam_results)} exam results -> "
          f"{len(report.findings)} findings; {runs} runs; Python {sys.version.split()[0]}")
    print(f"{'step':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in timings.items():
        print(f"{name:<22}{statistics.median(values):>9.2f}{percentile(values, 0.95):>9.2f}{max(values):>9.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
