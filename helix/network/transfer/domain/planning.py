"""Decide, row by row, what an import will do: create, update or reject (and why). Writes nothing.

Rules (also shown on the import page):
* Organisations: a row whose normalised name (accents, case and punctuation ignored) and commune match
  an organisation already in the directory *updates* it — `find_duplicate_organisation`. Non-empty cells
  replace the stored values; empty cells keep them; a topics cell replaces the topics. Two rows of the
  same file with the same normalised name and commune: the second is rejected as a duplicate.
* People: a row whose e-mail belongs to a person already in the directory updates that person. The same
  e-mail twice in a file: the second row is rejected. A row without e-mail always creates a person.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from helix.core.text import fold_words
from helix.network.models import Membership, Organisation, Person
from helix.network.models.organisations import KIND_SECTOR

from .columns import COLUMNS, match_headers
from .vocabulary import Vocabulary

CREATE, UPDATE, REJECT = "create", "update", "reject"
# Fields only the person decides once they have an account (opt-in profile, self-declared gender).
SELF_DECLARED = ("public_profile", "gender")


@dataclass
class RowPlan:
    line: int
    label: str
    action: str = CREATE
    errors: list[str] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (field name, value shown)
    notes: list[str] = field(default_factory=list)  # informative, not a rejection
    values: dict = field(default_factory=dict)  # resolved values to write
    target: Organisation | Person | None = None
    organisation: Organisation | None = None  # people: membership to add

    def reject(self, message: str) -> None:
        self.errors.append(message)
        self.action = REJECT


@dataclass
class Plan:
    kind: str
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in (CREATE, UPDATE, REJECT)}

    @property
    def can_confirm(self) -> bool:
        return not self.file_errors and bool(self.rows) and self.count(REJECT) == 0


_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n")


def _clean(cell: str | None) -> str:
    """Trimmed text without control characters (PostgreSQL rejects NUL; none belongs in a directory)."""
    return (cell or "").translate(_CONTROL).strip()


def plan_import(*, kind: str, headers: list[str], rows: list[tuple[int, list[str]]]) -> Plan:
    """The plan for a table already read from a file (see `reading.read_table`)."""
    columns = COLUMNS[kind]
    positions, unknown = match_headers(headers, columns)
    plan = Plan(kind=kind, unknown_headers=unknown)
    missing = [c for c in columns if c.required and c.key not in positions.values()]
    if missing:
        names = ", ".join(f"{c.header_es} / {c.header_en}" for c in missing)
        plan.file_errors.append(_("Required columns are missing: %(columns)s.") % {"columns": names})
        return plan
    if not rows:
        plan.file_errors.append(_("The file has a header but no data rows."))
        return plan
    records = [
        (line, {key: _clean(cells[i]) if i < len(cells) else "" for i, key in positions.items()})
        for line, cells in rows
    ]
    vocabulary = Vocabulary()
    planner = _plan_organisation if kind == "organisations" else _plan_person
    context = _people_context(records) if kind == "people" else _organisation_context(records)
    seen: dict = {}
    for line, record in records:
        plan.rows.append(planner(line, record, vocabulary, seen, context))
    return plan


# --- shared cell checks -------------------------------------------------------------------------


def _check_length(row: RowPlan, record: dict, key: str, model, field_name: str | None = None) -> None:
    model_field = model._meta.get_field(field_name or key)
    limit = model_field.max_length
    if limit and len(record.get(key, "")) > limit:
        message = _("%(field)s is longer than %(max)s characters.")
        row.reject(message % {"field": str(model_field.verbose_name).capitalize(), "max": limit})


def _email(row: RowPlan, text: str) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        row.reject(_("Malformed e-mail “%(value)s”.") % {"value": text})
        return ""
    return text.lower()


def _commune(row: RowPlan, text: str, vocabulary: Vocabulary):
    if not text:
        return None
    commune = vocabulary.commune(text)
    if commune is None:
        row.reject(_("Unknown commune “%(value)s” (use its name or its CUT code).") % {"value": text})
    return commune


def _topics(row: RowPlan, text: str, vocabulary: Vocabulary):
    if not text:
        return None
    topics, unknown = vocabulary.topic_list(text)
    if unknown:
        row.reject(_("Unknown topics: %(values)s.") % {"values": ", ".join(unknown)})
    return topics


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, bool):
        return pgettext("boolean cell", "yes") if value else pgettext("boolean cell", "no")
    return str(value)


def _describe(row: RowPlan, target, values: dict, model) -> None:
    """What the preview shows: every value for a new record, old → new for changed fields."""
    for key, value in values.items():
        model_field = model._meta.get_field(key)
        label = str(model_field.verbose_name)
        choices = dict(model_field.flatchoices) if model_field.choices else None
        shown = (lambda v: _show(choices.get(v, v))) if choices else _show  # noqa: B023
        if target is None:
            if value not in (None, "", [], False):
                row.changes.append((label, shown(value)))
            continue
        old = getattr(target, key)
        if key in ("topics", "expertise"):
            old = list(old.all())
            changed = {t.pk for t in old} != {t.pk for t in value}
        else:
            changed = old != value
        if changed:
            row.changes.append((label, f"{shown(old)} → {shown(value)}"))


# --- organisations -------------------------------------------------------------------------------


def _plan_organisation(line: int, record: dict, vocabulary: Vocabulary, seen: dict, context: dict) -> RowPlan:
    name = record.get("name", "")
    row = RowPlan(line=line, label=name or "—")
    if not name:
        row.reject(_("The name is missing."))
    for key in ("name", "phone", "email", "website"):
        _check_length(row, record, key, Organisation)
    values: dict = {}
    if name:
        values["name"] = name
    kind = _organisation_kind(row, record, vocabulary, values)
    commune = _organisation_place(row, record, vocabulary, values)
    _organisation_contact(row, record, values)
    topics = _topics(row, record.get("topics", ""), vocabulary)
    if topics is not None:
        values["topics"] = topics
    _organisation_country(row, record, values)
    if name:
        _organisation_target(row, name, commune, kind, seen, context, values)
    row.values = values
    if row.action != REJECT:
        _describe(row, row.target, values, Organisation)
    return row


def _organisation_kind(row: RowPlan, record: dict, vocabulary: Vocabulary, values: dict) -> str | None:
    """The row's kind (into `values`), checked against its sector; None when absent or unknown."""
    kind = None
    if record.get("kind"):
        kind = vocabulary.kind(record["kind"])
        if kind is None:
            row.reject(_("Unknown kind “%(value)s”.") % {"value": record["kind"]})
        else:
            values["kind"] = kind
    if record.get("sector"):
        sector = vocabulary.sector(record["sector"])
        if sector is None:
            row.reject(_("Unknown sector “%(value)s”.") % {"value": record["sector"]})
        elif kind and KIND_SECTOR[kind] != sector:
            row.reject(
                _("The sector “%(sector)s” does not match the kind “%(kind)s”.")
                % {"sector": record["sector"], "kind": record["kind"]}
            )
    return kind


def _organisation_place(row: RowPlan, record: dict, vocabulary: Vocabulary, values: dict):
    """The row's commune and region (into `values`, the region defaulting to the commune's); returns the commune."""
    commune = _commune(row, record.get("commune", ""), vocabulary)
    if commune is not None:
        values["commune"] = commune
    if record.get("region"):
        region = vocabulary.region(record["region"])
        if region is None:
            row.reject(_("Unknown region “%(value)s”.") % {"value": record["region"]})
        elif commune is not None and commune.region_id != region.pk:
            row.reject(
                _("The commune %(commune)s is in the region %(actual)s, not in %(region)s.")
                % {"commune": commune.name, "actual": commune.region.name, "region": region.name}
            )
        else:
            values["region"] = region
    elif commune is not None:
        values["region"] = commune.region
    return commune


def _organisation_contact(row: RowPlan, record: dict, values: dict) -> None:
    """Website (https:// added when no scheme is given), e-mail, phone and description into `values`."""
    if record.get("website"):
        website = record["website"]
        if "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            values["website"] = website
        except ValidationError:
            row.reject(_("Malformed website “%(value)s”.") % {"value": record["website"]})
    if record.get("email"):
        email = _email(row, record["email"])
        if email:
            values["email"] = email
    for key in ("phone", "description"):
        if record.get(key):
            values[key] = record[key]


def _organisation_country(row: RowPlan, record: dict, values: dict) -> None:
    """The two-letter country code into `values` ("Chile" is read as CL)."""
    if record.get("country"):
        country = record["country"].strip().upper()
        country = "CL" if fold_words(country) == "chile" else country
        if len(country) != 2 or not country.isalpha():
            row.reject(_("The country must be a two-letter code such as CL, not “%(value)s”.") % {"value": country})
        else:
            values["country"] = country


def _organisation_target(
    row: RowPlan, name: str, commune, kind: str | None, seen: dict, context: dict, values: dict
) -> None:
    """Reject a second row for the same organisation; mark an update of a directory organisation."""
    key = (fold_words(name), commune.pk if commune else None)
    if key in seen:
        row.reject(_("Same organisation (same name in the same commune) as line %(line)s.") % {"line": seen[key]})
    else:
        seen[key] = row.line
    if row.action == REJECT:
        return
    existing = context["existing"].get(key)
    if existing is not None:
        row.action, row.target = UPDATE, existing
        # The name only matched up to accents and case: keep the directory's spelling
        # ("MUNICIPALIDAD DE VALPARAISO" in a file must not overwrite "Municipalidad de Valparaíso").
        del values["name"]
    elif not kind:
        row.reject(_("The kind is missing (required for a new organisation)."))


def _organisation_context(records: list[tuple[int, dict]]) -> dict:
    """Existing organisations the rows may update, fetched in bulk (a constant number of queries).

    Same rule as `network_domain.find_duplicate_organisation` (normalised name, same commune or both
    without one), applied to many rows at once; tests/transfer check both agree.
    """
    names = sorted({fold_words(r["name"]) for _line, r in records if r.get("name")})
    existing: dict[tuple[str, int | None], Organisation] = {}
    for chunk in _chunks(names, 500):
        candidates = Organisation.objects.filter(normalized_name__in=chunk).select_related("commune", "region")
        for org in candidates.prefetch_related("topics").order_by("-pk"):
            existing[(org.normalized_name, org.commune_id)] = org  # lowest pk wins, like the domain
    return {"existing": existing}


# --- people --------------------------------------------------------------------------------------


def _people_context(records: list[tuple[int, dict]]) -> dict:
    """People and organisations the file refers to, fetched in bulk."""
    emails = {r.get("email", "").lower() for _line, r in records if r.get("email")}
    names = {fold_words(r["organisation"]) for _line, r in records if r.get("organisation")}
    people = {}
    known = Person.objects.select_related("commune").prefetch_related("expertise", "memberships")
    for chunk in _chunks(sorted(emails), 500):
        people.update({p.email: p for p in known.filter(email__in=chunk)})
    organisations: dict[str, list[Organisation]] = {}
    for chunk in _chunks(sorted(names), 500):
        for org in Organisation.objects.filter(normalized_name__in=chunk).order_by("pk"):
            organisations.setdefault(org.normalized_name, []).append(org)
    return {"people": people, "organisations": organisations}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _plan_person(line: int, record: dict, vocabulary: Vocabulary, seen: dict, context: dict) -> RowPlan:
    first = record.get("first_name", "")
    row = RowPlan(line=line, label=f"{first} {record.get('last_name', '')}".strip() or "—")
    if not first:
        row.reject(_("The name is missing."))
    for key in ("first_name", "last_name", "phone", "email"):
        _check_length(row, record, key, Person)
    values: dict = {}
    for key in ("first_name", "last_name", "phone", "bio"):
        if record.get(key):
            values[key] = record[key]
    email = _person_email(row, record, seen, values)
    commune = _commune(row, record.get("commune", ""), vocabulary)
    if commune is not None:
        values["commune"] = commune
    topics = _topics(row, record.get("topics", ""), vocabulary)
    if topics is not None:
        values["expertise"] = topics
    _person_choices(row, record, vocabulary, values)

    existing = context["people"].get(email) if email else None
    current = {m.organisation_id: m for m in existing.memberships.all()} if existing else {}
    _person_organisation(row, record, commune, current, context)
    _check_length(row, record, "position", Membership)
    row.values = values
    row.values["_position"] = record.get("position", "")

    if row.action != REJECT:
        if existing is not None:
            _person_update(row, existing, values)
        _describe(row, existing, {k: v for k, v in values.items() if not k.startswith("_")}, Person)
    return row


def _person_email(row: RowPlan, record: dict, seen: dict, values: dict) -> str:
    """The row's e-mail (into `values`); a second row with the same e-mail is rejected."""
    email = _email(row, record.get("email", ""))
    if email:
        values["email"] = email
        if email in seen:
            row.reject(
                _("The e-mail %(email)s is already used on line %(line)s.") % {"email": email, "line": seen[email]}
            )
        else:
            seen[email] = row.line
    return email


def _person_choices(row: RowPlan, record: dict, vocabulary: Vocabulary, values: dict) -> None:
    """Gender and public-profile consent into `values`, read through the vocabulary."""
    if record.get("gender"):
        gender = vocabulary.gender(record["gender"])
        if gender is None:
            row.reject(_("Unknown gender “%(value)s”.") % {"value": record["gender"]})
        else:
            values["gender"] = gender
    if record.get("public_profile"):
        public = vocabulary.yes_no(record["public_profile"])
        if public is None:
            row.reject(
                _("Write yes or no for the public profile, not “%(value)s”.") % {"value": record["public_profile"]}
            )
        else:
            values["public_profile"] = public


def _person_organisation(row: RowPlan, record: dict, commune, current: dict, context: dict) -> None:
    """Resolve the row's organisation (by name, then commune, then current membership) into `row.organisation`."""
    if not record.get("organisation"):
        if record.get("position"):
            row.reject(_("A position is given without an organisation."))
        return
    candidates = context["organisations"].get(fold_words(record["organisation"]), [])
    if len(candidates) > 1 and commune is not None:
        candidates = [o for o in candidates if o.commune_id == commune.pk] or candidates
    if len(candidates) > 1 and current:  # the one this person already belongs to
        candidates = [o for o in candidates if o.pk in current] or candidates
    if not candidates:
        row.reject(_("Unknown organisation “%(value)s” (import it first).") % {"value": record["organisation"]})
    elif len(candidates) > 1:
        row.reject(
            _("Several organisations are called “%(value)s”; add the commune to tell them apart.")
            % {"value": record["organisation"]}
        )
    else:
        row.organisation = candidates[0]
        membership = current.get(row.organisation.pk)
        position = record.get("position", "")
        if membership is None or (position and position != membership.position):
            row.changes.append(
                (pgettext("import column", "organisation"), f"{row.organisation.name} ({position or '—'})")
            )


def _person_update(row: RowPlan, existing: Person, values: dict) -> None:
    """Mark the row as an update of `existing`; an account holder's self-declared fields are left out."""
    row.action, row.target = UPDATE, existing
    if existing.user_id:
        # Consent is the account holder's: an import never publishes their profile or sets their gender.
        kept = [key for key in SELF_DECLARED if key in values]
        for key in kept:
            del values[key]
        if kept:
            row.notes.append(_("This person has an account: their public profile and gender are not changed."))
