"""Importing participants and requests from CSV or XLSX, reported row by row.

Columns (first row, case-insensitive):
- participants: `organisation` (slug or exact name), `side` (buyer / supplier / any), `available`
  (slot times like "09:00 09:20"; empty = every slot), `cap`, `seeks`, `offers`;
- requests: `from`, `to` (participant id such as p12, organisation slug or name), `priority`
  (must / like / no_thanks).
Valid rows are imported; each invalid row is reported with its line number and reason and skipped.
The file is read by ``helix.core.tabular`` under :data:`LIMITS` (any separator, one column included).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helix.core import audit
from helix.core.errors import HelixError
from helix.core.tabular import Limits, read_upload
from helix.core.text import fold
from helix.network.models import Organisation

from ..models import MeetingRequest, Participant, Side, Wheel
from ..permissions import can_manage_wheel
from .registration import register_participant
from .requests import organiser_add

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_rows=5000, max_columns=100, max_cells=500_000)
Records = list[tuple[int, dict[str, str]]]  # (line number in the spreadsheet, {lower-case header: cell})


@dataclass
class Report:
    imported: int = 0
    errors: list[str] = field(default_factory=list)


# Organisers may write the columns and their values in Spanish (issue 12 §7); keys are folded.
SPANISH_COLUMNS = {
    "organizacion": "organisation",
    "lado": "side",
    "disponible": "available",
    "maximo": "cap",
    "busca": "seeks",
    "ofrece": "offers",
    "de": "from",
    "para": "to",
    "prioridad": "priority",
}
SPANISH_SIDES = {
    "comprador": "buyer",
    "compra": "buyer",
    "proveedor": "supplier",
    "vende": "supplier",
    "cualquiera": "any",
}
SPANISH_PRIORITIES = {
    "imprescindible": "must",
    "me interesa": "like",
    "no gracias": "no_thanks",
    "no, gracias": "no_thanks",
}


def _english_keys(row: dict[str, str]) -> dict[str, str]:
    return {SPANISH_COLUMNS.get(fold(key).strip(), key): value for key, value in row.items()}


def read_records(upload) -> Records:
    """The upload's rows keyed by lower-case (English) header; HelixError for an unreadable or
    header-only file. Spanish headers (organización, lado, …) are read as their English names."""
    records = read_upload(upload, limits=LIMITS).records()
    if not records:
        raise HelixError(gettext_lazy("The file has a header row but no data rows."), code="no_rows")
    return [(number, _english_keys(row)) for number, row in records]


def import_table(*, user, wheel: Wheel, kind: str, upload) -> Report:
    """Read ``upload`` and import its rows as ``kind`` ("participants" or "requests"), row by row."""
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied
    report = IMPORTERS[kind](user=user, wheel=wheel, rows=read_records(upload))
    audit.record(user, audit.Action.IMPORTED, wheel, table=kind, imported=report.imported, errors=len(report.errors))
    return report


def _organisation(value: str) -> Organisation | None:
    return Organisation.objects.filter(Q(slug=value) | Q(normalized_name=fold(value))).first()


def import_participants(*, user, wheel: Wheel, rows: Records) -> Report:
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied
    report = Report()
    slots = {s.code: s for s in wheel.slots.all()}
    for number, row in rows:
        org = _organisation(row.get("organisation", ""))
        if org is None:
            report.errors.append(
                _("Row %(row)d: unknown organisation “%(value)s”.")
                % {"row": number, "value": row.get("organisation", "")}
            )
            continue
        side = (row.get("side") or "").strip().lower()
        side = SPANISH_SIDES.get(fold(side), side)
        if side not in Side.values:
            report.errors.append(_("Row %(row)d: side must be buyer, supplier or any.") % {"row": number})
            continue
        codes = (row.get("available") or "").replace(",", " ").split()
        unknown = [c for c in codes if c not in slots]
        if unknown:
            report.errors.append(_("Row %(row)d: no slot at %(times)s.") % {"row": number, "times": ", ".join(unknown)})
            continue
        cap = row.get("cap") or None
        if cap is not None and not cap.isdigit():
            report.errors.append(_("Row %(row)d: the cap must be a whole number.") % {"row": number})
            continue
        try:
            register_participant(
                wheel=wheel,
                organisation=org,
                side=side,
                slots=[slots[c] for c in codes] if codes else None,
                seeks=row.get("seeks", ""),
                offers=row.get("offers", ""),
                cap=int(cap) if cap else None,
                by=user,
            )
        except ValidationError as exc:
            report.errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": " ".join(exc.messages)})
            continue
        report.imported += 1
    return report


def _participant(wheel: Wheel, value: str) -> Participant | None:
    qs = wheel.participants.select_related("organisation")
    if value[:1] == "p" and value[1:].isdigit():
        return qs.filter(pk=int(value[1:])).first()
    return qs.filter(Q(organisation__slug=value) | Q(organisation__normalized_name=fold(value))).first()


def import_requests(*, user, wheel: Wheel, rows: Records) -> Report:
    if not can_manage_wheel(user, wheel):
        raise PermissionDenied
    report = Report()
    for number, row in rows:
        a, b = _participant(wheel, row.get("from", "")), _participant(wheel, row.get("to", ""))
        missing = [row.get(k, "") for k, p in (("from", a), ("to", b)) if p is None]
        if missing:
            report.errors.append(
                _("Row %(row)d: not a participant of this wheel: %(values)s.")
                % {"row": number, "values": ", ".join(f"“{m}”" for m in missing)}
            )
            continue
        priority = (row.get("priority") or MeetingRequest.Priority.LIKE).strip().lower()
        priority = SPANISH_PRIORITIES.get(fold(priority), priority)
        if priority not in MeetingRequest.Priority.values:
            report.errors.append(_("Row %(row)d: priority must be must, like or no_thanks.") % {"row": number})
            continue
        try:
            organiser_add(user=user, wheel=wheel, a=a, b=b, priority=priority)
        except ValidationError as exc:
            report.errors.append(_("Row %(row)d: %(error)s") % {"row": number, "error": " ".join(exc.messages)})
            continue
        report.imported += 1
    return report


IMPORTERS = {"participants": import_participants, "requests": import_requests}
