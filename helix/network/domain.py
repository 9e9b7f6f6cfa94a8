"""Directory writes: organisations, people, memberships and agreements.

Every write to the directory goes through these functions so the derived columns (`slug`,
`normalized_name`, `search_text`) stay consistent with what the user typed. Permission checks
live in `permissions.py`; the `update_*` functions call them and raise `PermissionDenied`.
The directory search lives in `queries.py` and is re-exported here for callers that only
import the domain.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helix.core import audit
from helix.core.errors import HelixError
from helix.core.rut import normalize as rut_normalize
from helix.core.slugs import unique_slug
from helix.core.text import fold_words
from helix.territory.models import Commune, Region

from .models import Agreement, AgreementConfirmation, Membership, Organisation, Person, Topic
from .models.organisations import KIND_SECTOR
from .permissions import (
    can_confirm_agreement,
    can_create_organisation,
    can_edit_organisation,
    can_edit_person,
    confirming_parties,
)
from .queries import search_organisations, search_people

__all__ = [
    "add_membership",
    "confirm_agreement",
    "propose_agreement",
    "create_organisation",
    "create_person",
    "find_duplicate_organisation",
    "organisation_search_text",
    "organisation_slug",
    "person_search_text",
    "refresh_search_text",
    "search_organisations",
    "search_people",
    "update_organisation",
    "update_person",
]

# Fields a caller may change through `update_organisation` / `update_person`.
ORGANISATION_FIELDS = {
    "name",
    "kind",
    "commune",
    "region",
    "description",
    "website",
    "email",
    "phone",
    "country",
    "topics",
    "operating_regions",
    "rut",
}
PERSON_FIELDS = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "commune",
    "expertise",
    "gender",
    "gender_public",
    "public_profile",
    "bio",
    "rut",
}


# --- derived text -----------------------------------------------------------------------------


def organisation_search_text(
    *, name: str, description: str = "", commune: str = "", region: str = "", topics: Iterable[str] = ()
) -> str:
    """The folded text the directory searches: name first (it ranks highest), then the rest."""
    return fold_words(" ".join([name, commune, region, " ".join(topics), description]))


def person_search_text(*, full_name: str, bio: str = "", commune: str = "", expertise: Iterable[str] = ()) -> str:
    return fold_words(" ".join([full_name, commune, " ".join(expertise), bio]))


def organisation_slug(name: str, *, taken: set[str] | None = None) -> str:
    """A free slug for an organisation called ``name``; bulk loaders pass the slugs they already ``taken``."""
    where = {"taken": taken} if taken is not None else {"queryset": Organisation.objects.all()}
    return unique_slug(name, fallback="organizacion", **where)


def refresh_search_text(*, organisation: Organisation | None = None, person: Person | None = None) -> None:
    """Recompute and store `search_text` from the current row and its topics."""
    if organisation is not None:
        organisation.search_text = organisation_search_text(
            name=organisation.name,
            description=organisation.description,
            commune=organisation.commune.name if organisation.commune_id else "",
            region=organisation.region.name if organisation.region_id else "",
            topics=[t.name_es for t in organisation.topics.all()],
        )
        organisation.save(update_fields=["search_text"])
    if person is not None:
        person.search_text = person_search_text(
            full_name=person.full_name,
            bio=person.bio,
            commune=person.commune.name if person.commune_id else "",
            expertise=[t.name_es for t in person.expertise.all()],
        )
        person.save(update_fields=["search_text"])


def _topics(values) -> list[Topic]:
    """Accept Topic instances, primary keys or codes."""
    values = list(values or ())
    objs = [v for v in values if isinstance(v, Topic)]
    codes = [v for v in values if isinstance(v, str)]
    pks = [v for v in values if isinstance(v, int)]
    if codes:
        found = list(Topic.objects.filter(code__in=codes))
        missing = set(codes) - {t.code for t in found}
        if missing:
            raise ValidationError({"topics": f"Unknown topics: {', '.join(sorted(missing))}"})
        objs += found
    if pks:
        objs += list(Topic.objects.filter(pk__in=pks))
    return objs


def _regions(values) -> list[Region]:
    """Accept Region instances or region codes (1-16)."""
    values = list(values or ())
    objs = [v for v in values if isinstance(v, Region)]
    codes = [v for v in values if not isinstance(v, Region)]
    if codes:
        objs += list(Region.objects.filter(code__in=codes))
    return objs


# --- organisations ----------------------------------------------------------------------------


def find_duplicate_organisation(*, name: str, commune: Commune | None) -> Organisation | None:
    """An existing organisation with the same normalised name in the same commune (or both without one)."""
    qs = Organisation.objects.filter(normalized_name=fold_words(name))
    qs = qs.filter(commune=commune) if commune is not None else qs.filter(commune__isnull=True)
    return qs.order_by("pk").first()


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    commune: Commune | None = None,
    region: Region | None = None,
    sector: str | None = None,
    description: str = "",
    website: str = "",
    email: str = "",
    phone: str = "",
    country: str = "CL",
    topics: Iterable = (),
    operating_regions: Iterable = (),
    rut: str = "",
    actor,
) -> Organisation:
    """Create a validated organisation with a unique slug and its derived search columns.

    The sector follows from the kind (`KIND_SECTOR`) unless given; the region of seat defaults to
    the commune's region. Raises `ValidationError` for invalid values (unknown kind, bad URL…).
    Only staff add organisations (`can_create_organisation`); anyone else gets `PermissionDenied`.
    """
    if not can_create_organisation(actor):
        raise PermissionDenied(_("Only staff can add organisations to the directory."))
    name = (name or "").strip()
    if sector is None and kind in KIND_SECTOR:
        sector = KIND_SECTOR[kind]
    if region is None and commune is not None:
        region = commune.region
    organisation = Organisation(
        name=name,
        normalized_name=fold_words(name),
        kind=kind,
        sector=sector or "",
        commune=commune,
        region=region,
        description=description or "",
        website=website or "",
        email=email or "",
        phone=phone or "",
        country=(country or "CL").upper(),
        rut=rut_normalize(rut),
    )
    organisation.slug = organisation_slug(name)
    organisation.full_clean(exclude=["slug"])  # the slug was just checked; other fields validated here
    for attempt in range(3):
        try:
            with transaction.atomic():
                organisation.save()
            break
        except IntegrityError:  # a concurrent writer took the slug between the check and the insert
            if attempt == 2:
                raise
            organisation.slug = organisation_slug(name)
    if topics:
        organisation.topics.set(_topics(topics))
    if operating_regions:
        organisation.operating_regions.set(_regions(operating_regions))
    refresh_search_text(organisation=organisation)
    return organisation


def check_can_edit_organisation(*, actor, organisation: Organisation) -> None:
    """Raise `PermissionDenied` (translated) unless `actor` may edit the organisation."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You cannot edit this organisation."))


@transaction.atomic
def update_organisation(*, organisation: Organisation, actor, **fields) -> Organisation:
    """Change an organisation if `actor` may edit it (else `PermissionDenied`, nothing written).

    Accepts the fields in `ORGANISATION_FIELDS`; `topics` / `operating_regions` replace the sets.
    The slug stays stable so published links keep working; the name columns and search text are
    recomputed. Changing the kind moves the organisation to the kind's sector.
    """
    check_can_edit_organisation(actor=actor, organisation=organisation)
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"update_organisation() got unexpected fields: {', '.join(sorted(unknown))}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    topics = fields.pop("topics", None)
    operating_regions = fields.pop("operating_regions", None)
    if "rut" in fields:
        fields["rut"] = rut_normalize(fields["rut"])
    for key, value in fields.items():
        setattr(organisation, key, value if value is not None or key in {"commune", "region"} else "")
    if "name" in fields:
        organisation.name = organisation.name.strip()
        organisation.normalized_name = fold_words(organisation.name)
    if "kind" in fields and organisation.kind in KIND_SECTOR:
        organisation.sector = KIND_SECTOR[organisation.kind]
    if "commune" in fields and "region" not in fields and organisation.commune_id:
        organisation.region = organisation.commune.region
    organisation.country = (organisation.country or "CL").upper()
    organisation.full_clean(exclude=["slug"])
    changed = [*fields, "normalized_name", "sector", "region", "country", "updated_at"]
    organisation.save(update_fields=sorted(set(changed)))
    if topics is not None:
        organisation.topics.set(_topics(topics))
    if operating_regions is not None:
        organisation.operating_regions.set(_regions(operating_regions))
    refresh_search_text(organisation=organisation)
    return organisation


# --- people -----------------------------------------------------------------------------------


def _clean_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


@transaction.atomic
def create_person(
    *,
    first_name: str,
    last_name: str = "",
    email: str | None = None,
    commune: Commune | None = None,
    expertise: Iterable = (),
    gender: str = "",
    public_profile: bool = False,
    bio: str = "",
    user=None,
    phone: str = "",
    gender_public: bool = False,
    rut: str = "",
) -> Person:
    """Create a validated person (e-mail lower-cased and unique; empty e-mail stored as NULL)."""
    person = Person(
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=_clean_email(email),
        commune=commune,
        gender=gender or "",
        gender_public=gender_public,
        public_profile=public_profile,
        bio=bio or "",
        user=user,
        phone=phone or "",
        rut=rut_normalize(rut),
    )
    person.full_clean()
    person.save()
    if expertise:
        person.expertise.set(_topics(expertise))
    refresh_search_text(person=person)
    return person


@transaction.atomic
def update_person(*, person: Person, actor, **fields) -> Person:
    """Change a person if `actor` is that person (their account) or staff; else `PermissionDenied`."""
    if not can_edit_person(actor, person):
        raise PermissionDenied(_("You cannot edit this profile."))
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"update_person() got unexpected fields: {', '.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    expertise = fields.pop("expertise", None)
    for key, value in fields.items():
        if key == "email":
            value = _clean_email(value)
        elif key == "rut":
            value = rut_normalize(value)
        elif value is None and key != "commune":
            value = ""
        setattr(person, key, value)
    person.full_clean()
    person.save(update_fields=sorted({*fields, "updated_at"}))
    if expertise is not None:
        person.expertise.set(_topics(expertise))
    refresh_search_text(person=person)
    return person


# --- memberships ------------------------------------------------------------------------------


@transaction.atomic
def add_membership(
    *,
    person: Person,
    organisation: Organisation,
    role: str = Membership.Role.MEMBER,
    position: str = "",
    status: str = Membership.Status.APPROVED,
    by=None,
) -> Membership:
    """Link a person to an organisation (one membership per pair; a second call updates it).

    When the membership is approved or rejected by someone, `decided_by`/`decided_at` record who and when.
    """
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Unknown role: {role}"})
    if status not in Membership.Status.values:
        raise ValidationError({"status": f"Unknown status: {status}"})
    decided = status != Membership.Status.PENDING and by is not None
    membership, _ = Membership.objects.update_or_create(
        person=person,
        organisation=organisation,
        defaults={
            "role": role,
            "position": position or "",
            "status": status,
            "decided_by": by if decided else None,
            "decided_at": timezone.now() if decided else None,
        },
    )
    # The per-request cache of acting organisations is now stale for this person's account.
    if person.user_id and hasattr(person.user, "_helix_acting_org_ids"):
        del person.user._helix_acting_org_ids
    return membership


# --- agreements -------------------------------------------------------------------------------


def propose_agreement(
    *,
    actor,
    parties: Iterable[Organisation],
    title: str,
    challenge=None,
    match=None,
    meeting=None,
    direct_meeting=None,
    description: str = "",
) -> tuple[Agreement, bool]:
    """Record an agreement reached between `parties`, "pending confirmation" until they confirm it.

    One agreement per meeting, and one open agreement per challenge and set of parties: asking again
    returns the existing one (linking the meeting if it had none). Returns (agreement, created).
    The caller (matching's `record_agreement`) checks who may record it.
    """
    party_ids = sorted({p.pk for p in parties})
    if len(party_ids) < 2:
        raise HelixError(_("An agreement needs at least two organisations."), code="agreement_parties")
    with transaction.atomic():
        existing = None
        if meeting is not None:
            existing = Agreement.objects.select_for_update().filter(meeting=meeting).first()
        elif direct_meeting is not None:
            existing = Agreement.objects.select_for_update().filter(direct_meeting=direct_meeting).first()
        if existing is None and challenge is not None:
            open_ones = Agreement.objects.select_for_update().filter(
                challenge=challenge, status__in=[Agreement.Status.PENDING, Agreement.Status.ACTIVE]
            )
            for candidate in open_ones.prefetch_related("parties"):
                if sorted(p.pk for p in candidate.parties.all()) == party_ids:
                    existing = candidate
                    break
        if existing is not None:
            if meeting is not None and existing.meeting_id is None:
                existing.meeting = meeting
                existing.save(update_fields=["meeting"])
            if direct_meeting is not None and existing.direct_meeting_id is None:
                existing.direct_meeting = direct_meeting
                existing.save(update_fields=["direct_meeting"])
            return existing, False
        agreement = Agreement.objects.create(
            title=title[:200],
            kind=Agreement.Kind.COLLABORATION,
            status=Agreement.Status.PENDING,
            description=description,
            challenge=challenge,
            match=match,
            meeting=meeting,
            direct_meeting=direct_meeting,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        agreement.parties.set(party_ids)
        if challenge is not None:
            agreement.topics.set(challenge.topics.all())
    return agreement, True


def confirm_agreement(*, actor, agreement: Agreement) -> Agreement:
    """Confirm a pending agreement for the parties `actor` represents (staff confirm it for everyone).

    Guarantees: only a party's representative or staff confirm; each party confirms once; the
    agreement becomes active (dated today) when every party has confirmed or staff did.
    """
    if not can_confirm_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties to this agreement can confirm it."))
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.status != Agreement.Status.PENDING:
            raise HelixError(_("This agreement is not waiting for confirmation."), code="agreement_not_pending")
        if actor.is_staff:
            AgreementConfirmation.objects.get_or_create(
                agreement=agreement, organisation=None, defaults={"confirmed_by": actor}
            )
            done = True
        else:
            for org_id in confirming_parties(actor, agreement):
                AgreementConfirmation.objects.get_or_create(
                    agreement=agreement, organisation_id=org_id, defaults={"confirmed_by": actor}
                )
            confirmed = set(agreement.confirmations.values_list("organisation_id", flat=True))
            done = set(agreement.parties.values_list("pk", flat=True)) <= confirmed
        if done:
            agreement.status = Agreement.Status.ACTIVE
            agreement.confirmed_at = timezone.now()
            agreement.start_date = agreement.start_date or timezone.localdate()
            agreement.save(update_fields=["status", "confirmed_at", "start_date"])
        audit.record(actor, audit.Action.AGREEMENT_CONFIRMED, agreement, status=agreement.status)
    return agreement
