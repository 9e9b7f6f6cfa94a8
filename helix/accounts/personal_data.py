"""Personal data rights (Chile's Ley 21.719): access (download) and erasure (account deletion).

Other apps contribute without accounts knowing them. In their ``AppConfig.ready()``::

    from helix.accounts.personal_data import register_eraser, register_exporter

    register_exporter("meetings", lambda user: [...])   # JSON-serialisable data about `user`
    register_eraser("meetings", lambda user: ...)       # delete/anonymise `user`'s rows; runs in the
                                                         # deletion transaction, before the account goes

Exporters receive the `User` and return anything `DjangoJSONEncoder` can serialise (dicts, lists,
strings, dates, decimals). Names must be unique; registering a name twice replaces the function
(convenient for autoreload). Erasers run before the person and the account are removed, so they can
still follow `user.person`.
"""

from collections.abc import Callable
from typing import Any

from axes.models import AccessAttempt
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from helix.network.models import Membership, Person

from . import lockout
from .models import User

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(name: str, fn: Exporter) -> None:
    """Add a section `name` to every personal-data download."""
    _exporters[name] = fn


def register_eraser(name: str, fn: Eraser) -> None:
    """Run `fn(user)` inside the account-deletion transaction."""
    _erasers[name] = fn


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def collect_personal_data(*, user: User) -> dict[str, Any]:
    """Everything Helix holds about `user`: one key per registered exporter, plus when it was produced."""
    data: dict[str, Any] = {"generated_at": timezone.now().isoformat(), "format": "helix-personal-data/1"}
    for name, fn in sorted(_exporters.items()):
        data[name] = fn(user)
    return data


def delete_account(*, user: User) -> None:
    """Erase the account and the person's directory record.

    Rule: memberships are deleted; the linked `network.Person` is deleted. If other records must keep
    pointing at it (a foreign key with PROTECT from another app, e.g. an agreement signatory), the person
    is anonymised instead: name becomes "—", e-mail, phone, biography, commune, gender and expertise are
    cleared, the public profile is switched off and the link to the account removed. Failed sign-in
    records for the e-mail (they hold IP addresses) are deleted too. All in one transaction.
    """
    with transaction.atomic():
        for _name, fn in sorted(_erasers.items()):
            fn(user)
        person = Person.objects.select_for_update().filter(user=user).first()
        if person is not None:
            Membership.objects.filter(person=person).delete()
            try:
                with transaction.atomic():
                    person.delete()
            except (ProtectedError, RestrictedError):
                _anonymise(person)
        lockout.erase_records(email=user.email)
        user.delete()


def _anonymise(person: Person) -> None:
    person.first_name = "—"
    person.last_name = ""
    person.email = None
    person.phone = ""
    person.bio = ""
    person.commune = None
    person.gender = ""
    person.gender_public = False
    person.public_profile = False
    person.user = None
    person.search_text = ""
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "phone",
            "bio",
            "commune",
            "gender",
            "gender_public",
            "public_profile",
            "user",
            "search_text",
        ]
    )
    person.expertise.clear()


# Accounts' own sections (registered in AccountsConfig.ready).


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
    }


def export_person(user: User) -> dict[str, Any] | None:
    person = Person.objects.filter(user=user).select_related("commune").prefetch_related("expertise").first()
    if person is None:
        return None
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "commune": person.commune.name if person.commune else None,
        "commune_cut": person.commune.cut if person.commune else None,
        "bio": person.bio,
        "public_profile": person.public_profile,
        "gender": person.gender,
        "gender_public": person.gender_public,
        "expertise": [t.code for t in person.expertise.all()],
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def export_memberships(user: User) -> list[dict[str, Any]]:
    rows = Membership.objects.filter(person__user=user).select_related("organisation").order_by("created_at")
    return [
        {
            "organisation": m.organisation.name,
            "organisation_slug": m.organisation.slug,
            "role": m.role,
            "position": m.position,
            "status": m.status,
            "requested_at": m.created_at,
            "decided_at": m.decided_at,
        }
        for m in rows
    ]


def export_login_attempts(user: User) -> list[dict[str, Any]]:
    return [
        {"at": a.attempt_time, "ip_address": a.ip_address, "failures": a.failures_since_start}
        for a in AccessAttempt.objects.filter(username=lockout.normalise_email(user.email)).order_by("attempt_time")
    ]
