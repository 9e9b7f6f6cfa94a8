"""Creating and editing events, their sessions, speakers and partners from Helix's own pages.

Every write takes the acting user and checks ``can_create_event`` / ``can_edit_event`` first. Date
rules are checked here (not only by the database constraint), so a person sees a Spanish message on
the field they got wrong instead of a constraint name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError
from helix.core.slugs import unique_slug
from helix.events.models import Event, Session, Speaker
from helix.events.permissions import can_create_event, can_edit_event
from helix.network.permissions import acting_organisation_ids

# In the order the event form shows them.
EVENT_FIELDS = (
    "title",
    "kind",
    "mode",
    "status",
    "starts_at",
    "ends_at",
    "description",
    "venue",
    "commune",
    "region",
    "country",
    "online_url",
    "organiser",
    "capacity",
    "registration_open",
    "registration_closes_at",
)
SESSION_FIELDS = ("title", "description", "starts_at", "ends_at", "room", "capacity")
# Words the events URLs already use after /events/.
RESERVED_SLUGS = ("new", "calendar", "me", "commitments", "r", "offer", "session-offer", "feed-ics")


def event_date_errors(*, starts_at, ends_at, registration_closes_at=None) -> dict[str, str]:
    """Field → message for an event's dates; empty when they are coherent. Missing values are skipped
    (the form reports them as required)."""
    errors: dict[str, str] = {}
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if registration_closes_at and ends_at and registration_closes_at > ends_at:
        errors["registration_closes_at"] = _("Registration must close before the event ends.")
    return errors


def session_date_errors(*, event: Event, starts_at, ends_at) -> dict[str, str]:
    """Field → message for a session's dates: in order, and inside the event's own dates."""
    errors: dict[str, str] = {}
    if starts_at and starts_at < event.starts_at:
        errors["starts_at"] = _("The session cannot start before the event.")
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    elif ends_at and ends_at > event.ends_at:
        errors["ends_at"] = _("The session cannot end after the event.")
    return errors


def _raise_if(errors: Mapping[str, str]) -> None:
    if errors:
        first = next(iter(errors.values()))
        raise HelixError(first, code="invalid_dates", field_errors=dict(errors))


def _check_organiser(actor, organiser) -> None:
    """Someone who is not staff organises only for an organisation they represent."""
    if actor.is_staff:
        return
    if organiser is None or organiser.pk not in acting_organisation_ids(actor):
        raise HelixError(
            _("Choose an organisation you represent as organiser."),
            code="organiser_not_yours",
            field_errors={"organiser": _("Choose an organisation you represent as organiser.")},
        )


def place_event(event: Event) -> None:
    """Where the event sits (coverage and impact figures): its commune's region when it has a commune,
    and its region's country when it has a region; an event abroad keeps the region and country given."""
    if event.commune_id:
        event.region = event.commune.region
    if event.region_id:
        event.country = event.region.country
    event.country = (event.country or "CL").upper()


@transaction.atomic
def save_event(*, actor, data: Mapping, event: Event | None = None, topics: Iterable | None = None) -> Event:
    """Create an event (``event`` None) or update it with ``data`` (keys of :data:`EVENT_FIELDS`).

    Guarantees: the actor may create/edit it; the organiser is one of the actor's organisations unless
    staff; the dates are coherent; a new event gets a unique slug. Capacity is only set on creation;
    later changes go through :func:`helix.events.domain.capacity.set_event_capacity`, which offers seats.
    """
    if event is None:
        if not can_create_event(actor):
            raise PermissionDenied(_("You cannot create events."))
        event = Event()
    elif not can_edit_event(actor, event):
        raise PermissionDenied(_("You cannot edit this event."))
    values = {key: data[key] for key in EVENT_FIELDS if key in data}
    if event.pk:
        values.pop("capacity", None)
    _check_organiser(actor, values.get("organiser", event.organiser if event.pk else None))
    merged = {key: values.get(key, getattr(event, key, None)) for key in ("starts_at", "ends_at")}
    _raise_if(
        event_date_errors(
            registration_closes_at=values.get("registration_closes_at", event.registration_closes_at), **merged
        )
    )
    for key, value in values.items():
        setattr(event, key, value)
    place_event(event)
    if not event.slug:
        event.slug = unique_slug(
            event.title, queryset=Event.objects.all(), fallback="evento", reserved=RESERVED_SLUGS, max_length=200
        )
    event.save()
    if topics is not None:
        event.topics.set(topics)
    return event


@transaction.atomic
def save_session(*, actor, event: Event, data: Mapping, session: Session | None = None) -> Session:
    """Add a session to ``event`` or update one of its sessions; dates inside the event's."""
    if not can_edit_event(actor, event):
        raise PermissionDenied(_("You cannot edit this event."))
    if session is not None and session.event_id != event.pk:
        raise PermissionDenied(_("You cannot edit this event."))
    session = session or Session(event=event)
    values = {key: data[key] for key in SESSION_FIELDS if key in data}
    _raise_if(
        session_date_errors(
            event=event,
            starts_at=values.get("starts_at", session.starts_at),
            ends_at=values.get("ends_at", session.ends_at),
        )
    )
    for key, value in values.items():
        setattr(session, key, value)
    session.save()
    return session


def delete_session(*, actor, session: Session) -> None:
    """Remove a session from its event's programme (its speakers' session roles go with it)."""
    if not can_edit_event(actor, session.event):
        raise PermissionDenied(_("You cannot edit this event."))
    session.delete()


def add_speaker(*, actor, event: Event, person, role: str = Speaker.Role.SPEAKER, session=None) -> Speaker:
    """A directory person speaks at (or moderates) the event, or one of its sessions. Once per place."""
    if not can_edit_event(actor, event):
        raise PermissionDenied(_("You cannot edit this event."))
    if session is not None and session.event_id != event.pk:
        raise HelixError(_("That session belongs to another event."), code="wrong_session")
    if Speaker.objects.filter(event=event, session=session, person=person, role=role).exists():
        raise HelixError(
            _("This person already has that role here."),
            code="duplicate_speaker",
            field_errors={"person": _("This person already has that role here.")},
        )
    order = Speaker.objects.filter(event=event).count()
    return Speaker.objects.create(event=event, session=session, person=person, role=role, order=order)


def remove_speaker(*, actor, speaker: Speaker) -> None:
    if not can_edit_event(actor, speaker.event):
        raise PermissionDenied(_("You cannot edit this event."))
    speaker.delete()


def add_partner(*, actor, event: Event, organisation) -> None:
    """A directory organisation partners the event (shown on its page)."""
    if not can_edit_event(actor, event):
        raise PermissionDenied(_("You cannot edit this event."))
    event.partners.add(organisation)


def remove_partner(*, actor, event: Event, organisation) -> None:
    if not can_edit_event(actor, event):
        raise PermissionDenied(_("You cannot edit this event."))
    event.partners.remove(organisation)
