"""The directory's part of the personal-data download and of account deletion.

Memberships are deleted. The directory person is deleted, unless records that must stay keep
pointing at it (an enrolment counted in "professionals trained", a certificate, a speaker role on a
protected link): then it becomes a tombstone — name "—", no e-mail, phone, biography, commune,
gender or expertise, no public profile, no account. Organisations are not personal data (their
name, e-mail and phone are the organisation's own contact details).
"""

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from helix.core.personal_data import ERASED, DataSubject, register, unlink

from .domain import PERSON_FIELDS
from .models import Agreement, AgreementConfirmation, Membership, Person


def export_person(subject: DataSubject) -> dict[str, Any] | None:
    person = subject.person
    if person is None:
        return None
    person = Person.objects.select_related("commune").prefetch_related("expertise").get(pk=person.pk)
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "rut": person.rut,
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


def export_memberships(subject: DataSubject) -> list[dict[str, Any]]:
    if subject.person is None:
        return []
    rows = Membership.objects.filter(person=subject.person).select_related("organisation").order_by("created_at")
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


def export_membership_decisions(subject: DataSubject) -> list[dict[str, Any]]:
    """Membership requests this account approved or rejected (as an organisation admin or staff)."""
    rows = Membership.objects.filter(decided_by=subject.user).select_related("organisation").order_by("decided_at")
    return [{"organisation": m.organisation.name, "status": m.status, "decided_at": m.decided_at} for m in rows]


def erase_memberships(subject: DataSubject) -> None:
    if subject.person is not None:
        Membership.objects.filter(person=subject.person).delete()


def erase_membership_decisions(subject: DataSubject) -> None:
    # The decision stays on the membership (it was taken); who took it is forgotten.
    unlink(subject.user, (Membership, "decided_by"))


def erase_person(subject: DataSubject) -> None:
    person = Person.objects.select_for_update().filter(pk=subject.person.pk).first() if subject.person else None
    if person is None:
        return
    try:
        with transaction.atomic():
            person.delete()
    except (ProtectedError, RestrictedError):
        anonymise_person(person)


def is_erased(person: Person) -> bool:
    """True for a tombstone left by `anonymise_person`."""
    return person.first_name == ERASED and not person.last_name and person.email is None and person.user_id is None


def anonymise_person(person: Person) -> None:
    """Turn `person` into a tombstone that keeps protected records countable and names nobody."""
    person.first_name = ERASED
    person.last_name = ""
    person.email = None
    person.phone = ""
    person.rut = ""
    person.bio = ""
    person.commune = None
    person.gender = ""
    person.gender_public = False
    person.public_profile = False
    person.user = None
    person.search_text = ""  # the FTS mirror (SQLite) and GIN index (PostgreSQL) follow this column
    person.save(
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "phone",
            "rut",
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


register(
    "person",
    export=export_person,
    erase=erase_person,
    # Every field a person can edit (all cleared by `anonymise_person`), the account and the search text.
    covers={"network.Person": (*sorted(PERSON_FIELDS), "user", "search_text")},
    order=900,
)
register(
    "memberships",
    export=export_memberships,
    erase=erase_memberships,
    covers={"network.Membership": ("person", "position")},
)
register(
    "membership_decisions",
    export=export_membership_decisions,
    erase=erase_membership_decisions,
    covers={"network.Membership": ("decided_by",)},
)


def export_agreement_actions(subject: DataSubject) -> dict[str, Any]:
    created = Agreement.objects.filter(created_by=subject.user).order_by("created_at")
    confirmed = AgreementConfirmation.objects.filter(confirmed_by=subject.user).select_related("agreement")
    return {
        "recorded": [{"agreement": a.title, "at": a.created_at} for a in created],
        "confirmed": [
            {"agreement": c.agreement.title, "organisation_id": c.organisation_id, "at": c.confirmed_at}
            for c in confirmed.order_by("confirmed_at")
        ],
    }


def erase_agreement_actions(subject: DataSubject) -> None:
    # Agreements and their confirmations are the organisations' records; they forget who acted.
    unlink(subject.user, (Agreement, "created_by"), (AgreementConfirmation, "confirmed_by"))


register(
    "agreement_actions",
    export=export_agreement_actions,
    erase=erase_agreement_actions,
    covers={"network.Agreement": ("created_by",), "network.AgreementConfirmation": ("confirmed_by",)},
)
