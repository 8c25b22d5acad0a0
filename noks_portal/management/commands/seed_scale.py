"""Scale data for the benchmarks: `manage.py seed_scale --programs N [--certificates M] [--seed S] [--reset]`.

Makes about N/50 organizations (Cyrillic names from name parts, valid PIBs, real municipalities), N programs whose
Cyrillic names are composed from a realistic vocabulary (with Latin and English forms), qualification standards for
the programs of Art. 2.1.1, one approved application per organization and an active accreditation per activity that
covers 90 % of the programs (so they are public), and optionally M certificates (with their cohorts, learners,
commissions, exam sessions and results).

Everything goes in with bulk_create in batches of 5 000; bulk_create calls no service, so the derived columns
(search_text, search_name, public_from, public_until) and the search vocabulary are computed here with the same
functions as programs.search.program_refresh_search (core.textsearch keys), memoized per name, provider and
standard. The database is analysed at the end (the planner's statistics: without them a freshly seeded PostgreSQL
plans the search several times slower). Generated rows are marked: organizations have an MB starting with 9 and an
e-mail at scale.invalid, standards a code starting with SCALE-, certificates a serial starting with SCALE-.
`--reset` deletes them (and everything hanging off them) before generating; without it a run adds to what exists.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.verification import CODE_ALPHABET
from rules.translit import cyr_to_lat

BATCH = 5_000
MB_PREFIX = "9"
EMAIL_DOMAIN = "scale.invalid"
STANDARD_PREFIX = "SCALE-"
SERIAL_PREFIX = "SCALE-"
LEARNERS_PER_SESSION = 20

# (Cyrillic name, English name, sector code or None, kind of Art. 3, activity, NOKS level of a standard, hours)
VOCABULARY = [
    ("Кувар", "Cook", "10", 1, "A-COMP", "3", 480),
    ("Конобар", "Waiter", "10", 1, "A-COMP", "3", 360),
    ("Пекар", "Baker", "01", 1, "A-COMP", "3", 420),
    ("Посластичар", "Pastry cook", "01", 1, "A-COMP", "3", 400),
    ("Месар", "Butcher", "01", 1, "A-COMP", "2", 300),
    ("Заваривач", "Welder", "04", 1, "A-COMP", "3", 520),
    ("Бравар", "Locksmith", "04", 1, "A-COMP", "3", 480),
    ("Електричар", "Electrician", "05", 1, "A-COMP", "4", 600),
    ("Водоинсталатер", "Plumber", "08", 1, "A-COMP", "3", 440),
    ("Зидар", "Bricklayer", "08", 1, "A-COMP", "2", 320),
    ("Керамичар", "Tiler", "08", 1, "A-COMP", "2", 300),
    ("Столар", "Carpenter", "02", 1, "A-COMP", "3", 460),
    ("Фризер", "Hairdresser", "10", 1, "A-COMP", "3", 500),
    ("Козметичар", "Beautician", "10", 1, "A-COMP", "3", 450),
    ("Шивач", "Tailor", "07", 1, "A-COMP", "2", 360),
    ("Возач виљушкара", "Forklift driver", "09", 1, "A-COMP", "2", 120),
    ("Рачуновођа", "Accountant", "11", 2, "A-COMP", "5", 240),
    ("Административни радник", "Administrative clerk", "11", 1, "A-COMP", "4", 200),
    ("Продавац", "Shop assistant", "11", 1, "A-COMP", "3", 240),
    ("Неговатељ старих лица", "Elderly carer", "12", 1, "A-COMP", "3", 300),
    ("Пчелар", "Beekeeper", "01", 1, "A-COMP", "2", 150),
    ("Воћар", "Fruit grower", "01", 1, "A-COMP", "3", 200),
    ("Енглески језик", "English language", None, 5, "A-PERS", None, 120),
    ("Немачки језик", "German language", None, 5, "A-PERS", None, 120),
    ("Француски језик", "French language", None, 5, "A-PERS", None, 100),
    ("Италијански језик", "Italian language", None, 5, "A-PERS", None, 100),
    ("Шпански језик", "Spanish language", None, 5, "A-PERS", None, 100),
    ("Руски језик", "Russian language", None, 5, "A-PERS", None, 100),
    ("Основи рада на рачунару", "Computer basics", None, 4, "A-PERS", None, 60),
    ("Табеларне калкулације", "Spreadsheets", None, 4, "A-PERS", None, 40),
    ("Обрада текста", "Word processing", None, 4, "A-PERS", None, 40),
    ("Програмирање у Пајтону", "Programming in Python", None, 4, "A-PERS", None, 160),
    ("Веб дизајн", "Web design", None, 4, "A-PERS", None, 120),
    ("Дигитални маркетинг", "Digital marketing", None, 2, "A-PERS", None, 80),
    ("Предузетништво", "Entrepreneurship", None, 2, "A-PERS", None, 60),
    ("Управљање пројектима", "Project management", None, 2, "A-PERS", None, 80),
    ("Безбедност и здравље на раду", "Safety and health at work", None, 7, "A-PERS", None, 24),
    ("Прва помоћ", "First aid", None, 7, "A-PERS", None, 16),
    ("Заштита животне средине", "Environmental protection", None, 6, "A-PERS", None, 40),
    ("Сликање и цртање", "Painting and drawing", None, 8, "A-PERS", None, 60),
    ("Фотографија", "Photography", None, 8, "A-PERS", None, 48),
    ("Комуникационе вештине", "Communication skills", None, 9, "A-PERS", None, 32),
    ("Финансијска писменост", "Financial literacy", None, 9, "A-PERS", None, 24),
    ("Тражење посла", "Job search", None, 10, "A-PERS", None, 20),
]
# What each program of a vocabulary word teaches (its goal): the words a person searches the content for.
TOPICS = {
    "Кувар": "Припрема топлих и хладних јела, супа, сосова и прилога; хигијена кухиње и нормативи намирница.",
    "Конобар": "Послуживање гостију, сервирање стола, точење пића и наплата; култура понашања у угоститељству.",
    "Пекар": "Припрема теста и печење хлеба, пецива, кифли и пита; рад са пећи и мешалицом.",
    "Посластичар": "Израда торти, колача, крема и сладоледа; украшавање и чување посластица.",
    "Месар": "Обрада меса, расецање трупова, израда кобасица и сувомеснатих производа.",
    "Заваривач": "Електролучно и гасно заваривање челичних цеви и лимова; безбедност при заваривању.",
    "Бравар": "Обрада метала, израда ограда, капија и металних конструкција.",
    "Електричар": "Кућне електричне инсталације, разводни ормани, мерења и заштита од струјног удара.",
    "Водоинсталатер": "Водоводне и канализационе инсталације, монтажа санитарија, бојлера и славина.",
    "Зидар": "Зидање опеком и блоковима, малтерисање и израда бетонских подова.",
    "Керамичар": "Постављање плочица на подове и зидове, фуговање и хидроизолација купатила.",
    "Столар": "Израда намештаја, прозора и врата од дрвета; рад на машинама за обраду дрвета.",
    "Фризер": "Шишање, фенирање, бојење и прамени; нега косе и рад са клијентима.",
    "Козметичар": "Нега лица и тела, маникир, педикир и депилација.",
    "Шивач": "Кројење и шивење одеће, рад на индустријској шиваћој машини, поправке.",
    "Возач виљушкара": "Безбедно управљање виљушкаром, утовар и истовар палета у магацину.",
    "Рачуновођа": "Двојно књиговодство, обрачун зарада, ПДВ и финансијски извештаји.",
    "Административни радник": "Канцеларијско пословање, архива, пословна преписка и рад на рачунару.",
    "Продавац": "Продаја и наплата на каси, излагање робе и комуникација са купцима.",
    "Неговатељ старих лица": "Нега и помоћ старим и болесним особама у кући и установи; прва помоћ.",
    "Пчелар": "Гајење пчела, кошнице и производња меда, воска и прополиса.",
    "Воћар": "Садња, орезивање и заштита воћњака; берба и чување воћа.",
    "Енглески језик": "Говор, слушање, читање и писање на енглеском језику; граматика и речник.",
    "Немачки језик": "Говор, слушање, читање и писање на немачком језику за посао и путовања.",
    "Француски језик": "Француски језик за свакодневну комуникацију и посао.",
    "Италијански језик": "Италијански језик за свакодневну комуникацију и туризам.",
    "Шпански језик": "Шпански језик за свакодневну комуникацију и путовања.",
    "Руски језик": "Руски језик за свакодневну комуникацију и посао.",
    "Основи рада на рачунару": "Рад са рачунаром, датотеке, интернет и електронска пошта.",
    "Табеларне калкулације": "Табеле, формуле, графикони и анализа података у табеларним програмима.",
    "Обрада текста": "Писање, форматирање и штампа докумената у програмима за обраду текста.",
    "Програмирање у Пајтону": "Основе програмирања: променљиве, петље, функције и рад са подацима.",
    "Веб дизајн": "Израда веб страница: HTML, CSS и основе прилагођавања мобилним уређајима.",
    "Дигитални маркетинг": "Друштвене мреже, оглашавање на интернету и анализа посета.",
    "Предузетништво": "Пословни план, регистрација радње, финансије и маркетинг малог предузећа.",
    "Управљање пројектима": "Планирање пројеката, рокови, буџет, ризици и вођење тима.",
    "Безбедност и здравље на раду": "Процена ризика, заштитна опрема и поступци у случају повреде на раду.",
    "Прва помоћ": "Пружање прве помоћи: оживљавање, заустављање крварења, опекотине и преломи.",
    "Заштита животне средине": "Одвајање отпада, рециклажа и уштеда енергије и воде.",
    "Сликање и цртање": "Цртање оловком и угљем, сликање акварелом и уљем, композиција и боја.",
    "Фотографија": "Рад са фотоапаратом, светло, композиција и обрада фотографија.",
    "Комуникационе вештине": "Јавни наступ, активно слушање, преговарање и решавање сукоба.",
    "Финансијска писменост": "Кућни буџет, штедња, кредити и заштита потрошача.",
    "Тражење посла": "Писање радне биографије, мотивационо писмо и разговор за посао.",
}
# (Cyrillic, English) qualifiers that make the names of one vocabulary word differ.
VARIANTS = [
    ("", ""), ("основни ниво", "basic level"), ("напредни ниво", "advanced level"), ("за почетнике", "for beginners"),
    ("за одрасле", "for adults"), ("интензивни курс", "intensive course"), ("преквалификација", "retraining"),
    ("доквалификација", "additional qualification"), ("практична обука", "practical training"),
    ("вечерњи курс", "evening course"), ("викенд програм", "weekend programme"), ("модул 1", "module 1"),
    ("модул 2", "module 2"), ("за незапослене", "for the unemployed"), ("онлајн", "online"),
]
LANGUAGE_LEVELS = ["А1", "А2", "Б1", "Б2", "Ц1"]
ORG_KINDS_SR = [("Центар за образовање одраслих", "Adult Education Centre"), ("Академија", "Academy"),
                ("Едукативни центар", "Education Centre"), ("Школа страних језика", "Foreign Language School"),
                ("Центар за стручно оспособљавање", "Vocational Training Centre"), ("Образовни центар", "Learning Centre"),
                ("Удружење за доживотно учење", "Lifelong Learning Association"),
                ("Регионални центар за обуку", "Regional Training Centre")]
ORG_NAMES_SR = ["Никола Тесла", "Вук Караџић", "Доситеј", "Михајло Пупин", "Дунав", "Морава", "Сава", "Тиса",
                "Копаоник", "Шумадија", "Знање", "Напредак", "Искра", "Видик", "Лотос", "Мост", "Кључ", "Путоказ",
                "Његош", "Ђердап", "Јухор", "Златибор", "Бачка", "Срем", "Банат", "Хоризонт", "Плус", "Ћирилица",
                "Љубичица", "Џез", "Жар", "Чаролија"]
FIRST_NAMES = ["Милан", "Јелена", "Марко", "Ана", "Никола", "Марија", "Стефан", "Милица", "Ђорђе", "Љубица",
               "Немања", "Катарина", "Душан", "Јована", "Жељко", "Снежана"]
LAST_NAMES = ["Јовановић", "Петровић", "Николић", "Марковић", "Ђорђевић", "Стојановић", "Илић", "Станковић",
              "Павловић", "Милошевић", "Ђурић", "Живковић", "Челебић", "Шаренац", "Љубисављевић"]
STREETS = ["Кнеза Милоша", "Булевар ослобођења", "Његошева", "Краља Петра", "Цара Душана", "Војводе Мишића",
           "Немањина", "Ћирила и Методија", "Жичка", "Светог Саве"]


def pib(first_eight: str) -> str:
    from providers.validators import pib_check_digit

    return first_eight + str(pib_check_digit(first_eight))


def jmbg(rng: random.Random) -> str:
    """A 13-digit JMBG with a correct control digit (born 1960-2004, region 71 Belgrade .. 89)."""
    while True:
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 44))
        digits = (f"{born.day:02d}{born.month:02d}{born.year % 1000:03d}{rng.choice([71, 72, 73, 80, 85, 89])}"
                  f"{rng.randrange(1000):03d}")
        d = [int(c) for c in digits]
        m = 11 - (7 * (d[0] + d[6]) + 6 * (d[1] + d[7]) + 5 * (d[2] + d[8]) + 4 * (d[3] + d[9])
                  + 3 * (d[4] + d[10]) + 2 * (d[5] + d[11])) % 11
        if m <= 9:
            return digits + str(m)
        if m == 11:
            return digits + "0"


def code_for(n: int) -> str:
    """A 10-character verification code in the portal's alphabet, unique per n, starting with Z."""
    alphabet = CODE_ALPHABET
    out = []
    for _i in range(9):
        n, r = divmod(n, 32)
        out.append(alphabet[r])
    return "Z" + "".join(reversed(out))


def reset() -> dict[str, int]:
    """Delete every generated row (and what hangs off it), table by table without loading rows."""
    from applications.models import Accreditation, Application
    from exams.models import Certificate, Cohort, Commission, CommissionMember, ExamResult, ExamSession, Learner
    from programs.models import Program
    from providers.models import Organization
    from qualifications.models import QualificationStandard

    orgs = Organization.objects.filter(mb__startswith=MB_PREFIX, email__endswith="@" + EMAIL_DOMAIN)
    counts = {}
    steps = [
        ("certificates", Certificate.objects.filter(issuer__in=orgs)),
        ("exam results", ExamResult.objects.filter(session__cohort__organization__in=orgs)),
        ("exam sessions", ExamSession.objects.filter(cohort__organization__in=orgs)),
        ("commission members", CommissionMember.objects.filter(commission__organization__in=orgs)),
        ("commissions", Commission.objects.filter(organization__in=orgs)),
        ("learners", Learner.objects.filter(cohort__organization__in=orgs)),
        ("cohorts", Cohort.objects.filter(organization__in=orgs)),
        ("accreditation programs", Accreditation.programs.through.objects.filter(accreditation__organization__in=orgs)),
        ("accreditations", Accreditation.objects.filter(organization__in=orgs)),
        ("application programs", Application.programs.through.objects.filter(application__organization__in=orgs)),
        ("applications", Application.objects.filter(organization__in=orgs)),
        ("programs", Program.objects.filter(organization__in=orgs)),
        ("organizations", orgs),
        ("qualification standards", QualificationStandard.objects.filter(code__startswith=STANDARD_PREFIX)),
    ]
    with transaction.atomic():
        for label, queryset in steps:
            counts[label] = queryset._raw_delete(queryset.db)
    return counts


class Command(BaseCommand):
    help = "Generate realistic scale data for the benchmarks (organizations, programs, accreditations, certificates)."

    def add_arguments(self, parser):
        parser.add_argument("--programs", type=int, required=True)
        parser.add_argument("--certificates", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reset", action="store_true", help="delete previously generated rows first")

    def handle(self, *args, programs: int, certificates: int, seed: int, reset: bool, **options):
        if programs < 1 or certificates < 0:
            raise CommandError("--programs must be at least 1 and --certificates at least 0.")
        started = time.perf_counter()
        if reset:
            deleted = globals()["reset"]()
            self.stdout.write("deleted: " + ", ".join(f"{n} {label}" for label, n in deleted.items() if n) +
                              f" ({time.perf_counter() - started:.1f} s)")
        made = seed_scale(programs=programs, certificates=certificates, seed=seed, log=self.stdout.write)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            "made: " + ", ".join(f"{n} {label}" for label, n in made.items()) +
            f" in {elapsed:.1f} s on {connection.vendor}"))


def seed_scale(*, programs: int, certificates: int = 0, seed: int = 1, log=None, organizations: int | None = None,
               org_suffix: tuple[str, str] = ("", ""), standard_prefix: str = STANDARD_PREFIX) -> dict[str, int]:
    """Generate the rows; returns how many of each were made. ``organizations`` (default: one per 50 programs) and
    ``org_suffix`` (Serbian, English: appended to every generated organization's name, e.g. " (демо)") serve the
    demo register (seed_demo)."""
    from applications.models import Accreditation, Application
    from core import textsearch
    from programs import search
    from programs.models import Program
    from providers.models import Municipality, Organization
    from qualifications.services import standard_search_text
    from qualifications.models import NoksLevel, QualificationStandard, Sector

    log = log or (lambda _msg: None)
    rng = random.Random(seed)
    today = timezone.localdate()
    t0 = time.perf_counter()

    def step(label: str) -> None:
        log(f"  {label} ({time.perf_counter() - t0:.1f} s)")

    municipalities = list(Municipality.objects.order_by("pk").values_list("pk", "name_sr"))
    if not municipalities:
        raise CommandError("No municipalities: run migrate first.")
    # Larger towns get more providers: weight the first municipalities of a shuffled list more.
    levels = dict(NoksLevel.objects.values_list("code", "pk"))
    sectors = dict(Sector.objects.values_list("code", "pk"))

    with transaction.atomic():
        # Qualification standards: one per vocabulary word of Art. 2.1.1 (code SCALE-<n>), reused when present.
        standards: dict[str, tuple[int, str, str, str]] = {}
        existing = {s.code: s for s in QualificationStandard.objects.filter(code__startswith=standard_prefix)}
        new_standards = []
        for i, (name, name_en, sector, _kind, _activity, level, hours) in enumerate(VOCABULARY):
            if sector is None:
                continue
            code = f"{standard_prefix}{i + 1:03d}"
            if code not in existing:
                new_standards.append(QualificationStandard(
                    code=code, name=name, name_sr=name, name_sr_latn=cyr_to_lat(name), name_en=name_en,
                    level_id=levels.get(level) or next(iter(levels.values())),
                    sector_id=sectors.get(sector) or next(iter(sectors.values())),
                    outcomes=f"Полазник ће бити оспособљен за послове: {name.lower()}.",
                    outcomes_sr=f"Полазник ће бити оспособљен за послове: {name.lower()}.",
                    outcomes_sr_latn=f"Polaznik će biti osposobljen za poslove: {cyr_to_lat(name).lower()}.",
                    min_hours=max(1, hours // 2), max_hours=hours * 2, is_published=True,
                ))
                new_standards[-1].search_text = standard_search_text(new_standards[-1])
        QualificationStandard.objects.bulk_create(new_standards, batch_size=BATCH)
        standard_objects = {}
        for s in QualificationStandard.objects.filter(code__startswith=standard_prefix):
            standards[s.name_sr] = (s.pk, s.code, s.name_sr or "", s.name_en or "")
            standard_objects[s.pk] = s
        step(f"{len(new_standards)} qualification standards")

        # Organizations: MB 9xxxxxxx, continuing after what a previous run made.
        last = (Organization.objects.filter(mb__startswith=MB_PREFIX, email__endswith="@" + EMAIL_DOMAIN)
                .order_by("-mb").values_list("mb", flat=True).first())
        first_index = int(last[1:]) + 1 if last else 0
        n_orgs = organizations or max(1, programs // 50)
        topics_latin = {word: cyr_to_lat(text) for word, text in TOPICS.items()}
        organizations = []
        for k in range(first_index, first_index + n_orgs):
            kind_sr, kind_en = rng.choice(ORG_KINDS_SR)
            part = rng.choice(ORG_NAMES_SR)
            muni_pk, muni_name = municipalities[int(rng.paretovariate(1.2) * 7) % len(municipalities)]
            name = f"{kind_sr} „{part}“ {muni_name}{org_suffix[0]}"
            if k >= len(ORG_KINDS_SR) * len(ORG_NAMES_SR):
                name += f" {k}"
            address = f"{rng.choice(STREETS)} {rng.randrange(1, 150)}"
            organizations.append(Organization(
                kind="jpoa", name=name, name_sr=name, name_sr_latn=cyr_to_lat(name),
                name_en=f"{kind_en} {cyr_to_lat(part)} {cyr_to_lat(muni_name)}{org_suffix[1]}",
                pib=pib(f"19{k:06d}"), mb=f"{MB_PREFIX}{k:07d}", address=address, address_sr=address,
                address_sr_latn=cyr_to_lat(address), municipality_id=muni_pk,
                email=f"info{k}@{EMAIL_DOMAIN}", phone=f"+381 11 {rng.randrange(1000000, 9999999)}",
            ))
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        muni_objects = Municipality.objects.in_bulk([o.municipality_id for o in organizations])
        for o in organizations:
            o.municipality = muni_objects[o.municipality_id]
        org_keys = {o.pk: search.organization_keys(o) for o in organizations}
        std_keys = {pk: search.standard_keys(s) for pk, s in standard_objects.items()}
        name_cache: dict = {}
        content_cache: dict = {}
        texts: set[str] = {o.name_sr for o in organizations} | {o.name_en for o in organizations}
        texts |= {m.name_sr for m in muni_objects.values()}
        texts |= {s.name_sr for s in standard_objects.values()} | {s.name_en for s in standard_objects.values()}
        step(f"{len(organizations)} organizations")

        # One approved application per organization and an accreditation per activity it runs.
        valid_from = {o.pk: today - dt.timedelta(days=rng.randrange(30, 1500)) for o in organizations}
        applications = [Application(organization_id=o.pk, state="approved", activities=["A-COMP", "A-PERS"],
                                    submitted_at=timezone.now()) for o in organizations]
        Application.objects.bulk_create(applications, batch_size=BATCH)
        accreditations = {}
        rows = []
        for o, a in zip(organizations, applications):
            start = valid_from[o.pk]
            for activity in ("A-COMP", "A-PERS"):
                rows.append(Accreditation(organization_id=o.pk, application_id=a.pk, activity=activity,
                                          valid_from=start, valid_until=start + dt.timedelta(days=5 * 365),
                                          state="active"))
        Accreditation.objects.bulk_create(rows, batch_size=BATCH)
        for acc in rows:
            accreditations[(acc.organization_id, acc.activity)] = acc
        application_of = {a.organization_id: a.pk for a in applications}
        step(f"{len(applications)} applications, {len(rows)} accreditations")

        # Programs, in batches, with their links to the application and the accreditation.
        made_programs = 0
        program_ids: list[tuple[int, int, int]] = []  # (program pk, organization pk, certificates to make)
        accreditation_links = application_links = 0
        AccProgram = Accreditation.programs.through
        AppProgram = Application.programs.through
        org_list = organizations
        while made_programs < programs:
            size = min(BATCH, programs - made_programs)
            batch, public = [], []
            for _i in range(size):
                org = org_list[rng.randrange(len(org_list))] if rng.random() < 0.7 else \
                    org_list[made_programs % len(org_list)]
                word, word_en, sector, kind, activity, _level, hours = rng.choice(VOCABULARY)
                variant, variant_en = rng.choice(VARIANTS)
                name, name_en = word, word_en
                if kind == 5 and rng.random() < 0.6:
                    level = rng.choice(LANGUAGE_LEVELS)
                    name, name_en = f"{word} {level}", f"{word_en} {cyr_to_lat(level)}"
                if variant:
                    name, name_en = f"{name} — {variant}", f"{name_en} — {variant_en}"
                latin = cyr_to_lat(name)
                standard = standards.get(word) if activity == "A-COMP" else None
                is_public = rng.random() < 0.9
                acc = accreditations[(org.pk, activity)]
                starts = today + dt.timedelta(days=rng.randrange(-200, 200))
                duration = max(8, int(hours * rng.uniform(0.6, 1.4)))
                program = Program(
                    organization_id=org.pk, activity=activity, kind=kind,
                    qualification_standard_id=standard[0] if standard else None,
                    language_of_delivery="sr" if rng.random() < 0.95 else rng.choice(["hu", "en", "sk"]),
                    name=name, name_sr=name, name_sr_latn=latin, name_en=name_en,
                    public_from=acc.valid_from if is_public else None,
                    public_until=acc.valid_until if is_public else None,
                    purpose_sr=f"Оспособљавање полазника за: {name.lower()}.",
                    purpose_sr_latn=f"Osposobljavanje polaznika za: {latin.lower()}.",
                    goal_sr=TOPICS.get(word, "Стицање знања и вештина потребних за рад и даље учење."),
                    goal_sr_latn=topics_latin.get(word, "Sticanje znanja i veština potrebnih za rad i dalje učenje."),
                    duration_hours=duration, group_size=rng.choice([8, 10, 12, 15, 20]),
                    document_name_sr="Јавна исправа" if standard else "Уверење",
                    document_name_sr_latn="Javna isprava" if standard else "Uverenje",
                    starts_on=starts, ends_on=starts + dt.timedelta(days=max(7, duration // 3)),
                    exam_professional=activity == "A-COMP", cefr_levels=["B1"] if kind == 5 else [],
                    ecdl_modules=["Spreadsheets"] if kind == 4 else [],
                )
                if name not in name_cache:
                    name_cache[name] = (search.name_keys(program), " | ".join(search._names(program)))
                    texts.update((name, name_en))
                if program.purpose_sr not in content_cache:
                    content_cache[program.purpose_sr] = search.content_keys(program)
                    texts.update((program.purpose_sr, program.goal_sr))
                core = org_keys[org.pk] | std_keys[standard[0]] if standard else org_keys[org.pk]
                program.search_text = textsearch.keys_text(name_cache[name][0], core,
                                                           content_cache[program.purpose_sr])
                program.search_name = name_cache[name][1]
                batch.append(program)
                public.append(is_public)
            Program.objects.bulk_create(batch, batch_size=BATCH)
            acc_links = [AccProgram(accreditation_id=accreditations[(p.organization_id, p.activity)].pk,
                                    program_id=p.pk) for p, is_public in zip(batch, public) if is_public]
            app_links = [AppProgram(application_id=application_of[p.organization_id], program_id=p.pk)
                         for p in batch]
            AccProgram.objects.bulk_create(acc_links, batch_size=BATCH)
            AppProgram.objects.bulk_create(app_links, batch_size=BATCH)
            accreditation_links += len(acc_links)
            application_links += len(app_links)
            program_ids += [(p.pk, p.organization_id, p.activity) for p, ok in zip(batch, public) if ok]
            made_programs += size
            if made_programs % 50_000 == 0 or made_programs == programs:
                step(f"{made_programs} programs")

        search.vocabulary_add(search.vocabulary_of(texts))
        step("search vocabulary")

        made = {"qualification standards": len(new_standards), "organizations": len(organizations),
                "applications": len(applications), "accreditations": len(rows), "programs": made_programs,
                "public programs": accreditation_links}
        if certificates:
            made.update(_certificates(certificates, program_ids, rng, today))
            step(f"{certificates} certificates")
    with connection.cursor() as cursor:  # fresh statistics for the planner (outside the transaction of the rows)
        cursor.execute("ANALYZE")
    step("analysed")
    return made


def _certificates(count: int, programs: list[tuple[int, int, str]], rng: random.Random, today) -> dict[str, int]:
    """Cohorts of 20 learners on public programs, each with a commission, a held session, passed results and a
    certificate (state pending: the PDF is rendered by the documents benchmark or a worker, not here)."""
    from exams.models import Certificate, Cohort, Commission, CommissionMember, ExamResult, ExamSession, Learner

    if not programs:
        return {}
    serial_start = Certificate.objects.filter(serial__startswith=SERIAL_PREFIX).count()
    n_sessions = -(-count // LEARNERS_PER_SESSION)
    chosen = [programs[rng.randrange(len(programs))] for _i in range(n_sessions)]
    cohorts = []
    for i, (program_pk, org_pk, _activity) in enumerate(chosen):
        starts = today - dt.timedelta(days=rng.randrange(60, 700))
        cohorts.append(Cohort(organization_id=org_pk, program_id=program_pk, name=f"Група {i + 1}",
                              starts_on=starts, ends_on=starts + dt.timedelta(days=45)))
    Cohort.objects.bulk_create(cohorts, batch_size=BATCH)
    commissions = [Commission(organization_id=c.organization_id, program_id=c.program_id, exam="professional",
                              name=f"Комисија {i + 1}") for i, c in enumerate(cohorts)]
    Commission.objects.bulk_create(commissions, batch_size=BATCH)
    members = []
    for c in commissions:
        for j in range(3):
            members.append(CommissionMember(commission_id=c.pk, first_name=rng.choice(FIRST_NAMES),
                                            last_name=rng.choice(LAST_NAMES), chair=j == 0, expert=j < 2))
    CommissionMember.objects.bulk_create(members, batch_size=BATCH)
    sessions = [ExamSession(cohort_id=c.pk, commission_id=m.pk, held_on=c.ends_on + dt.timedelta(days=5),
                            state="held") for c, m in zip(cohorts, commissions)]
    ExamSession.objects.bulk_create(sessions, batch_size=BATCH)
    learners, results_for = [], []
    for s, c in zip(sessions, cohorts):
        for _j in range(LEARNERS_PER_SESSION):
            if len(learners) == count:
                break
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            script = "latn" if rng.random() < 0.3 else "cyrl"
            learners.append(Learner(cohort_id=c.pk, first_name=first, last_name=last, jmbg=jmbg(rng),
                                    birth_year=rng.randrange(1960, 2005), script=script))
            results_for.append((s, c))
    Learner.objects.bulk_create(learners, batch_size=BATCH)
    results = [ExamResult(session_id=s.pk, learner_id=learner.pk, grade="passed", tasks_set=3, tasks_solved=3,
                          recorded_at=timezone.now()) for learner, (s, _c) in zip(learners, results_for)]
    ExamResult.objects.bulk_create(results, batch_size=BATCH)
    certs = []
    for n, (result, learner, (s, c)) in enumerate(zip(results, learners, results_for), start=serial_start):
        certs.append(Certificate(result_id=result.pk, issuer_id=c.organization_id, program_id=c.program_id,
                                 serial=f"{SERIAL_PREFIX}{s.held_on.year}-{n + 1:07d}", code=code_for(n),
                                 script=learner.script, issued_on=s.held_on, state="pending"))
    Certificate.objects.bulk_create(certs, batch_size=BATCH)
    return {"cohorts": len(cohorts), "commissions": len(commissions), "learners": len(learners),
            "certificates": len(certs)}
