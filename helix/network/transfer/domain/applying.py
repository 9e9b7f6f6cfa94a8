"""Confirming an import: all rows written in one transaction, or none.

The plan is computed again at confirm time from the staged file, so a preview that went stale
(someone created the same organisation meanwhile, a commune was typed wrong…) cannot write bad data.
Writes go through `helix.network.domain`, like every other directory write.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from helix.core import audit
from helix.network import domain as network_domain
from helix.network.models import Membership
from helix.network.permissions import can_import_directory

from .planning import CREATE, REJECT, Plan, RowPlan, plan_import


class ImportRejectedError(Exception):
    """Nothing was written; `plan` says which rows are rejected and why."""

    def __init__(self, plan: Plan):
        super().__init__("import rejected")
        self.plan = plan


@dataclass
class ImportResult:
    created: int
    updated: int


def apply_import(*, kind: str, headers: list[str], rows: list[tuple[int, list[str]]], actor) -> ImportResult:
    """Re-validate and write every row, atomically. Raises ImportRejectedError (nothing written) on any problem,
    `PermissionDenied` when `actor` may not import (`can_import_directory`)."""
    if not can_import_directory(actor):
        raise PermissionDenied(_("Only staff can import into the directory."))
    with transaction.atomic():
        _serialise_imports()
        plan = plan_import(kind=kind, headers=headers, rows=rows)
        if not plan.can_confirm:
            raise ImportRejectedError(plan)
        write = _write_organisation if kind == "organisations" else _write_person
        for row in plan.rows:
            try:
                with transaction.atomic():
                    write(row, actor)
            except ValidationError as error:
                # The domain refused a value the planner accepted: reject the whole import, row by row.
                row.reject(_("Refused by the directory: %(errors)s") % {"errors": "; ".join(error.messages)})
        if plan.count(REJECT):
            transaction.set_rollback(True)
            raise ImportRejectedError(plan)
        result = ImportResult(created=plan.count(CREATE), updated=len(plan.rows) - plan.count(CREATE))
        audit.record(actor, audit.Action.IMPORTED, f"directory:{kind}", created=result.created, updated=result.updated)
    return result


# Any constant works; it only has to be the same for every import.
_IMPORT_LOCK_KEY = 0x48454C4958  # "HELIX"


def _serialise_imports() -> None:
    """One import at a time, so two staff confirming overlapping files cannot both create a record.

    The plan is computed after taking the lock, so the second import sees the first one's rows (and
    turns its "create" into "update"). PostgreSQL: a transaction-scoped advisory lock. SQLite: the
    settings open transactions with BEGIN IMMEDIATE, which already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])


def _write_organisation(row: RowPlan, by) -> None:
    values = dict(row.values)
    if row.action == CREATE:
        network_domain.create_organisation(actor=by, **values)
    else:
        network_domain.update_organisation(organisation=row.target, actor=by, **values)


def _write_person(row: RowPlan, by) -> None:
    values = dict(row.values)
    position = values.pop("_position", "")
    if row.action == CREATE:
        person = network_domain.create_person(**values)
    else:
        person = network_domain.update_person(person=row.target, actor=by, **values)
    if row.organisation is not None:
        existing = Membership.objects.filter(person=person, organisation=row.organisation).first()
        # Keep an existing role and approval (a representative stays one); only the position changes.
        network_domain.add_membership(
            person=person,
            organisation=row.organisation,
            role=existing.role if existing else Membership.Role.MEMBER,
            status=existing.status if existing else Membership.Status.APPROVED,
            position=position or (existing.position if existing else ""),
            by=by,
        )
