"""Rules from the database: application_case() (facts from the ORM) + rules.load_case + rules.evaluate, for
applications of 5, 10, 50, 100 and 200 programs.

Run: .venv/bin/python bench/rules_facts_bench.py [--sizes 5,10,50,100,200] [--repeat 20]

Builds, in the configured database, one organization (20 staff, 10 rooms, a practical-work partner) and one draft
application per size whose programs (2 rooms, 2 instructors, a module each) are bulk-inserted; these rows are
marked like seed_scale's (MB 98xxxxxx, e-mail at scale.invalid), so `seed_scale --reset` removes them too, and the
benchmark removes them itself at the end. For each size it records the queries application_case() makes
(CaptureQueriesContext) and p50 / p95 of: facts (application_case), evaluate (load_case + evaluate) and the total.
Target (issues 8 and 20): queries constant, time linear, p95 under 50 ms at 50 programs (the report says met or
MISSED; tests/bench/test_rules_facts.py asserts the query count).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import database_label, ms, percentile, setup_django, table  # noqa: E402

SIZES = (5, 10, 50, 100, 200)
BENCH_MB = "98000001"


def _build(sizes) -> tuple[object, dict[int, object]]:
    from django.db import transaction

    from applications.models import Application
    from noks_portal.management.commands.seed_scale import EMAIL_DOMAIN, pib
    from programs.models import Module, Program
    from providers.models import Municipality, Organization, Partner, Room, StaffMember
    from rules.translit import cyr_to_lat

    with transaction.atomic():
        _cleanup()
        name = "Центар за образовање одраслих „Мерење“"
        org = Organization.objects.create(
            kind="jpoa", name=name, name_sr=name, name_sr_latn=cyr_to_lat(name), name_en="Measurement Centre",
            pib=pib("19999999"), mb=BENCH_MB, address="Немањина 4", address_sr="Немањина 4",
            municipality=Municipality.objects.order_by("pk").first(), email=f"rules@{EMAIL_DOMAIN}")
        staff = StaffMember.objects.bulk_create([
            StaffMember(organization=org, first_name="Милан", last_name=f"Петровић {i}", first_name_sr="Милан",
                        last_name_sr=f"Петровић {i}", roles=["instructor"], engagement="engaged",
                        education="Филолошки факултет", education_sr="Филолошки факултет", education_matches=True,
                        adult_ed_competence="pd_program") for i in range(20)])
        rooms = Room.objects.bulk_create([
            Room(organization=org, name=f"Учионица {i}", name_sr=f"Учионица {i}", kind="classroom",
                 area_m2=Decimal("60.00"), seats=16, natural_light=True, natural_ventilation=True, accessible=True,
                 tenure="owned") for i in range(10)])
        partner = Partner.objects.create(organization=org, name="Хотел „Плаза“", name_sr="Хотел „Плаза“",
                                         kind="employer", contract_signed=True, in_zuov_register=True)
        applications = {}
        for size in sizes:
            application = Application.objects.create(organization=org, state="draft",
                                                     activities=["A-COMP", "A-PERS"])
            programs = Program.objects.bulk_create([
                Program(organization=org, activity="A-PERS", kind=5, name=f"Енглески језик {size}-{i}",
                        name_sr=f"Енглески језик {size}-{i}", name_sr_latn=f"Engleski jezik {size}-{i}",
                        purpose_sr="Сврха", goal_sr="Циљ", general_outcomes_sr="Исходи",
                        specific_outcomes_sr="Исходи", enrolment_conditions_sr="Услови", modules_content_sr="Садржај",
                        organisation_methods_sr="Методе", accessibility_sr="Приступачност", materials_sr="Материјали",
                        assessment_sr="Провера", staff_needed_sr="Кадар", premises_equipment_sr="Простор",
                        publicity_sr="Сајт", adaptation_sr="Прилагођавање", document_name_sr="Уверење",
                        duration_hours=120, group_size=12, cefr_levels=["B1"], exam_professional=True,
                        starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 6, 30))
                for i in range(size)], batch_size=5000)
            Program.rooms.through.objects.bulk_create(
                [Program.rooms.through(program_id=p.pk, room_id=rooms[(i + k) % 10].pk)
                 for i, p in enumerate(programs) for k in (0, 3)])
            Program.instructors.through.objects.bulk_create(
                [Program.instructors.through(program_id=p.pk, staffmember_id=staff[(i + k) % 20].pk)
                 for i, p in enumerate(programs) for k in (0, 7)])
            Program.partners.through.objects.bulk_create(
                [Program.partners.through(program_id=p.pk, partner_id=partner.pk) for p in programs])
            Module.objects.bulk_create([Module(program_id=p.pk, order=1, name="Модул 1", name_sr="Модул 1",
                                               hours=120) for p in programs])
            Application.programs.through.objects.bulk_create(
                [Application.programs.through(application_id=application.pk, program_id=p.pk) for p in programs])
            applications[size] = application
    return org, applications


def _cleanup() -> None:
    from applications.models import Application
    from programs.models import Module, Program
    from providers.models import Organization, Partner, Room, StaffMember

    orgs = Organization.objects.filter(mb=BENCH_MB)
    for queryset in (Application.programs.through.objects.filter(application__organization__in=orgs),
                     Application.objects.filter(organization__in=orgs),
                     Module.objects.filter(program__organization__in=orgs),
                     Program.rooms.through.objects.filter(program__organization__in=orgs),
                     Program.instructors.through.objects.filter(program__organization__in=orgs),
                     Program.partners.through.objects.filter(program__organization__in=orgs),
                     Program.objects.filter(organization__in=orgs), Room.objects.filter(organization__in=orgs),
                     StaffMember.objects.filter(organization__in=orgs), Partner.objects.filter(organization__in=orgs)):
        queryset._raw_delete(queryset.db)
    orgs.delete()


def run(*, sizes=SIZES, repeat: int = 20, keep: bool = False) -> dict:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import rules
    from applications.facts import application_case
    from applications.models import Application

    _org, applications = _build(sizes)
    from noks_portal.gcfreeze import freeze_startup_objects

    freeze_startup_objects()  # as the web and worker processes do after start-up
    on_date = dt.date(2027, 1, 15)
    rows = []
    try:
        for size, application in applications.items():
            fresh = lambda: Application.objects.select_related("organization").get(pk=application.pk)  # noqa: E731
            with CaptureQueriesContext(connection) as ctx:
                case = application_case(fresh(), on_date=on_date)
            queries = len(ctx.captured_queries) - 1  # without the fetch of the application itself
            report = rules.evaluate(rules.load_case(case))
            facts_t, eval_t, total_t = [], [], []
            for _r in range(repeat):
                application_row = fresh()
                t0 = time.perf_counter()
                case = application_case(application_row, on_date=on_date)
                t1 = time.perf_counter()
                report = rules.evaluate(rules.load_case(case))
                t2 = time.perf_counter()
                facts_t.append(t1 - t0)
                eval_t.append(t2 - t1)
                total_t.append(t2 - t0)
            rows.append([size, queries, len(report.findings), ms(percentile(facts_t, .5)),
                         ms(percentile(eval_t, .5)), ms(percentile(total_t, .5)), ms(percentile(total_t, .95))])
    finally:
        if not keep:
            _cleanup()
    return {"rows": rows, "repeat": repeat, "database": database_label()}


TARGET_SIZE, TARGET_P95_MS = 50, 50.0


def report(result: dict) -> str:
    headers = ["programs", "queries", "findings", "facts p50", "evaluate p50", "total p50", "total p95"]
    text = table(headers, result["rows"], title=f"rules from the database (ms): application_case + load_case + "
                                                f"evaluate, {result['repeat']} runs, {result['database']}")
    queries = {row[1] for row in result["rows"]}
    lines = [f"queries constant: {'met' if len(queries) == 1 else 'MISSED'} ({', '.join(map(str, sorted(queries)))})"]
    at_target = [row for row in result["rows"] if row[0] == TARGET_SIZE]
    if at_target:
        p95 = at_target[0][6]
        lines.append(f"p95 < {TARGET_P95_MS:g} ms at {TARGET_SIZE} programs: "
                     f"{'met' if p95 < TARGET_P95_MS else 'MISSED'} ({p95:.1f} ms)")
    return text + "\n" + "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    print(report(run(sizes=[int(s) for s in args.sizes.split(",")], repeat=args.repeat)))


if __name__ == "__main__":
    main()
