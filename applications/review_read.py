"""Reading a frozen submission as people do: what was submitted, in full and by name, in the reader's language and
script; what changed since the submission before; where each item is fixed.

Used by the Office's review page and by the provider's pages that show a submission or a change request. Nothing
here writes; the keys of the facts (``staff[S10]``, ``rooms[R3]``, ``hygiene_technical.water``) are what the data
is keyed by, never what a person reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext as _, pgettext

import rules
from core.scripts import for_page
from rules.i18n import render_encoded
from rules.translit import cyr_to_lat

SECTIONS = ("staff", "rooms", "partners", "programs")
ASSOCIATE_PROVISION = "P89-7.1.2"  # a professional associate engaged (or not); P89-7.3 judges a justification
_ITEM = re.compile(r"^(staff|rooms|partners|programs)\[([SRXP])(\d+)\](?:\.(\w+))?$")
_KEYED = re.compile(r"^(associates|activities)\[([\w-]+)\]$")
_FACT_ID = re.compile(r"\b[SRXP]\d+\b(?!-)")
_LANGUAGE_SUFFIXES = ("_sr_latn", "_sr", "_en")
# Snapshot fields that are the portal's bookkeeping, not something the provider submitted.
INTERNAL_FIELDS = {"search_text", "search_name", "public_from", "public_until", "saved_sections", "version_state",
                   "version", "editorial", "approved_on", "superseded_on", "order", "program"}
PREVIEW_TYPES = {"application/pdf": "pdf", "image/jpeg": "image", "image/png": "image"}


def lang() -> str:
    current = get_language() or "sr"
    return current if current in rules.i18n.LANGS else "sr"


def in_script(value: Any) -> Any:
    """Content typed in Cyrillic, in the page's script (Latin on /sr-latn/ and /en/)."""
    if isinstance(value, str) and lang() != "sr":
        return cyr_to_lat(value)
    return value


def pick(record: dict[str, Any], name: str) -> Any:
    """A translated field of a snapshot record in the reader's language (``name_en`` on /en/ where it exists)."""
    current = lang()
    if current == "en" and record.get(f"{name}_en"):
        return record[f"{name}_en"]
    if current != "sr" and record.get(f"{name}_sr_latn"):
        return record[f"{name}_sr_latn"]
    if record.get(f"{name}_sr"):
        return in_script(record[f"{name}_sr"])
    return in_script(record.get(name))


# --- the report in the reader's language ---------------------------------------------------------------------------


def localized_report(submission, language: str | None = None) -> dict[str, Any]:
    """The stored rules report of a submission with its messages and hints in ``language`` (the active one).

    Reports stored with their message codes are rendered from them; older ones (stored as Serbian text) are
    evaluated again from the submission's frozen facts and each finding matched to its stored twin."""
    language = language or lang()
    report = submission.report or {}
    findings = report.get("findings", [])
    if language == report.get("lang", "sr") and all("code" not in f for f in findings):
        return report
    fresh: dict[tuple[str, str, str], list[dict]] = {}
    if not all("code" in f for f in findings):
        try:
            again = rules.evaluate(rules.load_case(submission.facts), lang=language).to_dict()
        except Exception:  # facts an older engine accepted: keep the stored text rather than fail the page
            again = {"findings": []}
        for f in again["findings"]:
            fresh.setdefault((f["provision"], f["subject"], f["status"]), []).append(f)
    out = []
    for f in findings:
        shown = dict(f)
        code = f.get("code")
        try:
            if code:
                shown["message"] = render_encoded(code["message"], language)
                if code.get("hint"):
                    shown["hint"] = render_encoded(code["hint"], language)
            elif twins := fresh.get((f["provision"], f["subject"], f["status"])):
                twin = twins.pop(0)
                shown["message"], shown["hint"] = twin["message"], twin.get("hint", f.get("hint", ""))
            elif language == "sr-latn":
                shown["message"], shown["hint"] = cyr_to_lat(f["message"]), cyr_to_lat(f.get("hint", ""))
        except KeyError:  # a message no longer in the catalog: the stored text
            pass
        shown.pop("code", None)
        # what the messages quote as typed (module and record names) in the page's script too
        shown["message"] = for_page(shown.get("message", ""), language)
        if shown.get("hint"):
            shown["hint"] = for_page(shown["hint"], language)
        out.append(shown)
    return {**report, "lang": language, "findings": out}


# --- names and links -----------------------------------------------------------------------------------------------


def record_title(section: str, item: dict) -> str:
    if section == "staff":
        return in_script(" ".join(p for p in (item.get("first_name"), item.get("last_name")) if p))
    return str(pick(item, "name") or "")


def names(records: dict[str, Any]) -> dict[str, str]:
    """What each item of a submission is called: "rooms[R3]" -> "Учионица 1"."""
    out = {}
    for section in SECTIONS:
        for key, item in (records or {}).get(section, {}).items():
            out[f"{section}[{key}]"] = record_title(section, item) or key
    return out


def element_label(field_name: str) -> str:
    from programs.enums import ELEMENT_BY_FIELD

    element = ELEMENT_BY_FIELD.get(field_name)
    if element:
        return f"{element.number}. {capfirst(str(element.label))}"
    if field_name == "modules":
        return str(_("Modules"))
    if field_name == "task_lists":
        return str(_("Task lists (Art. 6.3)"))
    return field_label("programs", field_name)


def field_label(section: str, name: str) -> str:
    """ "area_m2" of a room -> "Area (m²)"; a field unknown to the model is shown as "—" rather than by its name."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    from applications.selectors import SNAPSHOT_MODELS

    for suffix in _LANGUAGE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    try:
        return capfirst(str(apps.get_model(SNAPSHOT_MODELS[section])._meta.get_field(name).verbose_name))
    except (FieldDoesNotExist, KeyError, LookupError):
        return "—"


def role_label(role: str) -> str:
    from providers.enums import StaffRole

    return str(StaffRole(role).label) if role in StaffRole.values else "—"


def hygiene_label(item: str) -> str:
    from providers.enums import HYGIENE_ITEMS

    return str(dict(HYGIENE_ITEMS).get(item, "—"))


def activity_label(code: str) -> str:
    from programs.enums import Activity

    return str(Activity(code).label) if code in Activity.values else "—"


def subject_label(subject: str, item_names: dict[str, str], provision: str = "") -> str:
    """What a person calls the thing a finding, verdict or comment is about."""
    subject = subject or "organization"
    match = _ITEM.match(subject)
    if match:
        base = item_names.get(f"{match.group(1)}[{match.group(2)}{match.group(3)}]") or _("an item no longer listed")
        if match.group(4):
            return f"{base} — {element_label(match.group(4))}"
        return str(base)
    keyed = _KEYED.match(subject)
    if keyed and keyed.group(1) == "associates" and provision == ASSOCIATE_PROVISION:
        # Art. 7.1.2 is about the associate being engaged (met, or missing); only Art. 7.3 judges a justification.
        return _("Professional associate (Art. 7.1.2): %(role)s") % {"role": role_label(keyed.group(2))}
    if keyed and keyed.group(1) == "associates":
        return _("Justification of the deviation (Art. 7.3): %(role)s") % {"role": role_label(keyed.group(2))}
    if keyed and keyed.group(1) == "activities":
        return _("Activity: %(activity)s") % {"activity": activity_label(keyed.group(2))}
    if subject.startswith("hygiene_technical."):
        return _("Hygiene-technical standard: %(item)s") % {"item": hygiene_label(subject.partition(".")[2])}
    if subject.startswith("associate_deviations."):
        return _("Justification of the deviation (Art. 7.3): %(role)s") % {
            "role": role_label(subject.partition(".")[2])}
    if subject == "associate_deviations":
        return str(_("Justifications of deviations (Art. 7.3)"))
    if subject == "activities":
        return str(_("Activities and programs"))
    return str(_("The organization as a whole"))


def fix_url(subject: str, application, provision: str = "") -> str | None:
    """The form where the provider changes the thing ``subject`` names (None: there is no single such form)."""
    from applications.selectors import fix_url as record_fix_url

    subject = subject or "organization"
    try:
        match = _ITEM.match(subject)
        if match:
            return record_fix_url(f"{match.group(1)}[{match.group(2)}{match.group(3)}]", provision)
        keyed = _KEYED.match(subject)
        if subject.startswith("associate_deviations") or (keyed and keyed.group(1) == "associates"):
            return reverse("applications:deviations", kwargs={"pk": application.pk})
        if subject == "activities" or (keyed and keyed.group(1) == "activities"):
            return reverse("applications:scope", kwargs={"pk": application.pk})
        if subject.startswith("hygiene_technical."):
            return reverse("providers:hygiene") + f"#item-{subject.partition('.')[2]}"
    except NoReverseMatch:
        return None
    return record_fix_url(subject, provision)


def readable_text(text: str, item_names: dict[str, str]) -> str:
    """The engine names rows by id ("S12"); people know them by name. Its codes and ISO dates are read as labels
    and dates too (readable_codes)."""
    by_id = {key[key.index("[") + 1:-1]: name for key, name in item_names.items()}
    from applications.selectors import readable_codes

    text = _FACT_ID.sub(lambda m: by_id.get(m.group(0), m.group(0)), text or "") if by_id else (text or "")
    return readable_codes(text)




# --- evidence ------------------------------------------------------------------------------------------------------


@dataclass
class Evidence:
    pk: int
    subject: str
    label: str  # "Марија Илић — диплома.pdf"
    file_name: str
    preview: str  # "pdf", "image" or ""


def evidence_of(submission, item_names: dict[str, str]) -> dict[str, list[Evidence]]:
    """The frozen evidence files by the subject they prove, each named by what it is."""
    out: dict[str, list[Evidence]] = {}
    for document in submission.documents.all():
        label = f"{subject_label(document.subject, item_names)} — {document.original_name}"
        out.setdefault(document.subject, []).append(Evidence(
            document.pk, document.subject, label, document.original_name,
            PREVIEW_TYPES.get(document.content_type, "")))
    return out


def hygiene_item_of(provision: str) -> str | None:
    from applications.selectors import _hygiene_item

    return _hygiene_item(provision)


# --- the submission, readable --------------------------------------------------------------------------------------


_ISO_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def date_text(value: Any) -> str | None:
    """A date or date-time (or its ISO text, as a snapshot stores it) the way the page's language writes it:
    "4. децембра 2026." (Serbian, month in the genitive), "4 December 2026" (English); None if it is not one."""
    import datetime as dt

    from django.utils import timezone
    from django.utils.formats import date_format

    if isinstance(value, str) and _ISO_VALUE.match(value.strip()):
        text = value.strip().replace("Z", "+00:00")
        try:
            value = dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return None


def value_text(value: Any) -> str:
    """A submitted value as the page's language writes it: dates in words, numbers with the decimal comma on
    Serbian pages (core.numbers, as the ``number`` filter), yes and no, lists joined, text in the page's script."""
    from decimal import Decimal

    from core.numbers import format_number

    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, get_language())
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v) for v in value)
    if (as_date := date_text(value)) is not None:
        return as_date
    return str(in_script(value))


@dataclass
class Row:
    label: str
    value: str
    long: bool = False  # shown collapsible


def _rows(section: str, record: dict[str, Any], *, skip=(), convert: dict | None = None) -> list[Row]:
    convert = convert or {}
    rows = []
    for key in record:
        if key in skip or key in INTERNAL_FIELDS:
            continue
        if any(key.endswith(s) and key[: -len(s)] in record for s in _LANGUAGE_SUFFIXES):
            continue
        value = convert[key](record[key]) if key in convert else pick(record, key)
        text = value_text(value)
        rows.append(Row(field_label(section, key), text, len(text) > 200 or "\n" in text))
    return rows


@dataclass
class Block:
    """One staff member, room, partner or program as submitted, with the evidence that proves it."""

    subject: str
    title: str
    rows: list[Row]
    evidence: list[Evidence] = field(default_factory=list)
    elements: list[Row] = field(default_factory=list)
    modules: list[dict[str, Any]] = field(default_factory=list)
    task_lists: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class HygieneRow:
    subject: str
    label: str
    declared: bool
    evidence: list[Evidence]


def submission_view(submission) -> dict[str, Any]:
    """Everything a submission holds, by name and label, in the reader's script; evidence next to what it proves."""
    from programs.enums import ELEMENTS
    from providers.enums import HYGIENE_ITEMS

    records = submission.records or {}
    item_names = names(records)
    evidence = evidence_of(submission, item_names)

    def named(section: str):
        return lambda ids: [item_names.get(f"{section}[{i}]", "—") for i in ids or []]

    def roles(values):
        return [role_label(r) for r in values or []]

    blocks: dict[str, list[Block]] = {}
    for section in ("staff", "rooms", "partners"):
        blocks[section] = [
            Block(f"{section}[{key}]", item_names[f"{section}[{key}]"],
                  _rows(section, item, skip=("first_name", "last_name") if section == "staff" else ("name",),
                        convert={"roles": roles}),
                  evidence.get(f"{section}[{key}]", []))
            for key, item in records.get(section, {}).items()
        ]
    element_fields = {e.field for e in ELEMENTS}
    programs = []
    for key, item in records.get("programs", {}).items():
        elements = []
        for element in ELEMENTS:
            text = value_text(pick(item, element.field))
            elements.append(Row(f"{element.number}. {capfirst(str(element.label))}", text,
                                len(text) > 200 or "\n" in text))
        other = _rows("programs", item, skip=tuple(element_fields) + ("modules", "task_lists", "qualification_standard"),
                      convert={"rooms": named("rooms"), "instructors": named("staff"),
                               "partners": named("partners")})
        if item.get("qualification_standard"):
            other.insert(0, Row(field_label("programs", "qualification_standard"),
                                value_text(item["qualification_standard"])))
        modules = [{"title": pick(m, "name") or "—", "hours": m.get("hours"),
                    "outcomes": value_text(pick(m, "outcomes")), "content": value_text(pick(m, "content"))}
                   for m in item.get("modules") or []]
        task_lists = [{"title": pick(t, "title") or "—", "kind": in_script(t.get("kind") or ""),
                       "published_on": t.get("published_on"),
                       "items": [line.strip() for line in str(pick(t, "items") or "").splitlines() if line.strip()]}
                      for t in item.get("task_lists") or []]
        programs.append(Block(f"programs[{key}]", item_names[f"programs[{key}]"], other,
                              evidence.get(f"programs[{key}]", []), elements, modules, task_lists))
    hygiene = records.get("hygiene_technical") or {}
    return {
        "organization": _rows("organization", records.get("organization", {})),
        "organization_evidence": evidence.get("organization", []),
        "activities": [activity_label(code) for code in records.get("activities", [])],
        "deviations": [(f"associate_deviations.{role}", role_label(role), in_script(text))
                       for role, text in (records.get("associate_deviations") or {}).items()],
        "staff": blocks["staff"], "rooms": blocks["rooms"], "partners": blocks["partners"], "programs": programs,
        "hygiene": [HygieneRow(f"hygiene_technical.{item}", str(label), bool(hygiene.get(item)),
                               evidence.get(f"hygiene_technical.{item}", []))
                    for item, label in HYGIENE_ITEMS] if hygiene or any(
                        s.startswith("hygiene_technical.") for s in evidence) else [],
        "names": item_names,
        "evidence": evidence,
    }


# --- findings with verdicts and evidence ---------------------------------------------------------------------------


@dataclass
class FindingRow:
    provision: str
    status: str
    subject: str
    name: str
    message: str
    hint: str
    anchor: str
    verdict: Any = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class FindingGroup:
    article: str
    findings: list[FindingRow] = field(default_factory=list)


def anchor(provision: str, subject: str) -> str:
    return "f-" + re.sub(r"[^\w-]", "-", f"{provision}-{subject}")


def review_groups(submission, *, statuses=("fail", "manual"), view: dict | None = None) -> list[FindingGroup]:
    """The findings of a submission's report, by article, in the reader's language, each with the verdict recorded
    on it (carried over or fresh) and the evidence of the thing it is about."""
    from applications.selectors import article_of

    view = view or submission_view(submission)
    item_names, evidence = view["names"], view["evidence"]
    verdicts = {(f.provision, f.subject): f for f in submission.review_findings.filter(own=False)}
    groups: dict[str, FindingGroup] = {}
    for f in localized_report(submission)["findings"]:
        if f["status"] not in statuses:
            continue
        proof = list(evidence.get(f["subject"], []))
        if (item := hygiene_item_of(f["provision"])) is not None:
            proof += evidence.get(f"hygiene_technical.{item}", [])
        article = article_of(f["provision"])
        groups.setdefault(article, FindingGroup(article)).findings.append(FindingRow(
            f["provision"], f["status"], f["subject"], subject_label(f["subject"], item_names, f["provision"]),
            readable_text(f["message"], item_names), readable_text(f.get("hint", ""), item_names),
            anchor(f["provision"], f["subject"]), verdicts.get((f["provision"], f["subject"])), proof))
    return list(groups.values())


# --- what changed --------------------------------------------------------------------------------------------------


@dataclass
class DiffRow:
    item: str
    change: str  # "added", "removed", "replaced" or "changed"
    fields: list[tuple[str, str, str]] = field(default_factory=list)


_SECTION_TITLES = {
    "organization": lambda: _("The organization"), "hygiene_technical": lambda: _("Hygiene-technical standards"),
    "staff": lambda: _("Staff"), "rooms": lambda: _("Rooms"), "partners": lambda: _("Practical-work partners"),
    "programs": lambda: _("Programs"),
}


def _list_changes(label: str, old: list[dict], new: list[dict], title_key: str) -> list[tuple[str, str, str]]:
    """Modules or task lists compared by their title: one line per added, removed or changed one."""
    old_by = {pick(o, title_key): o for o in old or []}
    new_by = {pick(n, title_key): n for n in new or []}
    out = []
    for title in list(dict.fromkeys([*old_by, *new_by])):
        before, after = old_by.get(title), new_by.get(title)
        if before == after:
            continue
        if before is None:
            out.append((f"{label}: {title}", "—", str(_("added"))))
        elif after is None:
            out.append((f"{label}: {title}", str(_("removed")), "—"))
        else:
            for key in after:
                if key in INTERNAL_FIELDS or before.get(key) == after.get(key) or any(
                        key.endswith(s) for s in _LANGUAGE_SUFFIXES):
                    continue
                out.append((f"{label}: {title} — {field_label('programs', key) if key != 'items' else _('Tasks')}",
                            value_text(in_script(before.get(key))), value_text(in_script(after.get(key)))))
    return out


def _field_rows(section: str, fields: dict[str, tuple[Any, Any]]) -> list[tuple[str, str, str]]:
    rows = []
    seen = set()
    for name, (old, new) in fields.items():
        base = name
        for suffix in _LANGUAGE_SUFFIXES:
            if name.endswith(suffix):
                base = name[: -len(suffix)]
        if base in INTERNAL_FIELDS or base in seen:
            continue
        if base != name and base in fields:
            continue  # the Cyrillic field is shown; its derived Latin and English copies follow it
        seen.add(base)
        if section == "programs" and base in ("modules", "task_lists"):
            rows += _list_changes(element_label(base), old, new, "name" if base == "modules" else "title")
            continue
        label = element_label(base) if section == "programs" else (
            hygiene_label(base) if section == "hygiene_technical" else field_label(section, base))
        rows.append((label, value_text(old), value_text(new)))
    return rows


def readable_diff(previous, current) -> list[DiffRow]:
    """What changed from the previous submission to this one: every field of the records, the activities, the
    Art. 7.3 justifications, the programs' modules and task lists, and the evidence added, replaced or removed."""
    from applications.snapshot import diff, document_row, documents_diff

    if previous is None:
        return []
    rows: list[DiffRow] = []
    changes = diff(previous.records or {}, current.records or {})
    if "activities" in changes:
        rows.append(DiffRow(str(_("Activities")), "changed", [
            *[(activity_label(a), "—", str(_("added"))) for a in changes["activities"]["added"]],
            *[(activity_label(a), str(_("removed")), "—") for a in changes["activities"]["removed"]]]))
    if "associate_deviations" in changes:
        rows.append(DiffRow(str(_("Justifications of deviations (Art. 7.3)")), "changed", [
            (role_label(role), value_text(old), value_text(new))
            for role, (old, new) in changes["associate_deviations"].items()]))
    for section in ("organization", "hygiene_technical"):
        if section in changes:
            rows.append(DiffRow(str(_SECTION_TITLES[section]()), "changed", _field_rows(section, changes[section])))
    for section in SECTIONS:
        for key, change in changes.get(section, {}).items():
            source = (current.records.get(section, {}).get(key) or previous.records.get(section, {}).get(key) or {})
            label = f"{_SECTION_TITLES[section]()}: {record_title(section, source) or '—'}"
            if isinstance(change, str):
                rows.append(DiffRow(label, change))
            else:
                fields = _field_rows(section, change)
                if fields:
                    rows.append(DiffRow(label, "changed", fields))
    before = [document_row(d) for d in previous.documents.all()]
    after = [document_row(d) for d in current.documents.all()]
    evidence_changes = documents_diff(before, after)
    if evidence_changes:
        item_names = {**names(previous.records), **names(current.records)}
        labels = {"added": _("added"), "removed": _("removed"), "replaced": _("replaced")}
        rows.append(DiffRow(str(_("Evidence")), "changed", [
            (subject_label((new or old)["subject"], item_names),
             old["name"] if old else "—",
             f"{new['name'] if new else '—'} ({labels[change]})") for change, old, new in evidence_changes]))
    return rows


# Which parts of a submission a finding of each article depends on (a finding about the organization as a whole).
ARTICLE_SECTIONS = {
    "1": {"rooms", "programs"}, "2": {"activities", "organization", "programs"},
    "3": {"activities", "organization", "programs"}, "4": {"programs"}, "5": {"programs"}, "6": {"programs"},
    "H": {"programs"}, "7": {"staff", "associate_deviations", "programs"}, "8": {"staff", "programs"},
    "9": {"rooms", "programs"}, "10": {"hygiene_technical"}, "11": {"rooms", "programs"},
    "12": {"rooms", "programs"}, "13": {"rooms", "programs"}, "14": {"rooms", "programs"},
    "15": {"partners", "programs"},
}
ALL_PARTS = {"organization", "activities", "associate_deviations", "hygiene_technical", *SECTIONS}


def changed_parts(previous, current) -> tuple[set[str], set[str]]:
    """(the items that changed — "rooms[R3]", "hygiene_technical.water" —, the parts of the submission that
    changed — "rooms", "associate_deviations" …), records and evidence both counted."""
    from applications.snapshot import diff, document_row, documents_diff

    items: set[str] = set()
    parts: set[str] = set()
    for section, change in diff(previous.records or {}, current.records or {}).items():
        parts.add(section)
        if section in SECTIONS:
            items |= {f"{section}[{key}]" for key in change}
        elif section == "hygiene_technical":
            items |= {f"hygiene_technical.{name}" for name in change}
        elif section == "associate_deviations":
            items |= {f"associates[{role}]" for role in change}
    evidence = documents_diff([document_row(d) for d in previous.documents.all()],
                              [document_row(d) for d in current.documents.all()])
    for _change, old, new in evidence:
        subject = (new or old)["subject"]
        items.add(subject)
        parts.add(subject.split("[")[0].split(".")[0])
    return items, parts


def unchanged(provision: str, subject: str, items: set[str], parts: set[str]) -> bool:
    """Did nothing a verdict on (provision, subject) rests on change between two submissions?"""
    from applications.selectors import article_of

    if subject in items:
        return False
    if _ITEM.match(subject):
        return True
    if subject.startswith("associates["):
        return not ({"staff", "associate_deviations"} & parts)
    if (item := hygiene_item_of(provision)) is not None:
        return f"hygiene_technical.{item}" not in items
    return not (ARTICLE_SECTIONS.get(article_of(provision), ALL_PARTS) & parts)


def finding_codes(report: dict) -> dict[tuple[str, str], tuple[str, Any]]:
    """(provision, subject) -> (status, what the engine said: its code where stored, else its text)."""
    return {(f["provision"], f["subject"]): (f["status"], f.get("code", {}).get("message") or f["message"])
            for f in report.get("findings", [])}


# --- items a change request can comment on -------------------------------------------------------------------------


def comment_subject_of(subject: str) -> str:
    """The item of comment_subjects() a finding's subject is about: the rules name an Art. 7.3 justification
    ``associates[<role>]`` and an activity ``activities[<code>]``; the list has ``associate_deviations.<role>`` and
    ``activities``. Every other subject is one of the list's keys already."""
    keyed = _KEYED.match(subject)
    if keyed and keyed.group(1) == "associates":
        return f"associate_deviations.{keyed.group(2)}"
    if keyed:
        return "activities"
    return subject or "organization"


def comment_subjects(submission) -> list[tuple[str, list[tuple[str, str]]]]:
    """Everything a comment of a change request can be about, grouped for a <select>: the organization, the
    activities, the Art. 7.3 justifications, each hygiene-technical standard, each program and each of its
    elements, modules and task lists, each person, room and partner."""
    from programs.enums import ELEMENTS
    from providers.enums import HYGIENE_ITEMS, StaffRole

    records = submission.records or {}
    item_names = names(records)
    groups: list[tuple[str, list[tuple[str, str]]]] = [
        (str(_("The organization")), [("organization", str(_("The organization as a whole"))),
                                      ("activities", str(_("Activities and programs")))]),
        (str(_("Justifications of deviations (Art. 7.3)")), [
            (f"associate_deviations.{role}", subject_label(f"associate_deviations.{role}", item_names))
            for role in (StaffRole.ANDRAGOGUE, StaffRole.PSYCHOLOGIST, StaffRole.LIBRARIAN)]),
        (str(_("Hygiene-technical standards")), [
            (f"hygiene_technical.{item}", str(label)) for item, label in HYGIENE_ITEMS]),
    ]
    for key, item in records.get("programs", {}).items():
        base = f"programs[{key}]"
        choices = [(base, _("%(program)s — the program as a whole") % {"program": item_names[base]})]
        choices += [(f"{base}.{e.field}", f"{item_names[base]} — {e.number}. {capfirst(str(e.label))}")
                    for e in ELEMENTS]
        choices += [(f"{base}.modules", f"{item_names[base]} — {_('Modules')}"),
                    (f"{base}.task_lists", f"{item_names[base]} — {_('Task lists (Art. 6.3)')}")]
        groups.append((_("Program: %(program)s") % {"program": item_names[base]}, choices))
    for section, title in (("staff", _("Staff")), ("rooms", _("Rooms")), ("partners", _("Practical-work partners"))):
        choices = [(f"{section}[{key}]", item_names[f"{section}[{key}]"]) for key in records.get(section, {})]
        if choices:
            groups.append((str(title), choices))
    return groups


def flat_subjects(groups) -> set[str]:
    return {value for _label, choices in groups for value, _text in choices}


def verdict_label(verdict) -> str:
    return pgettext("verdict", "Not met") if verdict == "not_met" else pgettext("verdict", "Met (confirmed)")
