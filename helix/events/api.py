"""Events API: public events, an attendee's own registrations, register and cancel.

Registrations are tied to the signed-in account (Django session + CSRF, or a personal API token: ``signed_in``); an
attendee only ever sees their own. Online links appear only for confirmed registrants.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from helix.apitokens.auth import signed_in
from helix.core.api import Id, LongText, Pagination, ShortText, record_url, topic_codes
from helix.events import queries
from helix.events.domain import registration as domain
from helix.events.models import Registration
from helix.events.permissions import can_see_online_link

router = Router(tags=["events"])


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    capacity: int | None


class EventOut(Schema):
    slug: str
    title: str
    kind: str
    mode: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    commune: str | None = Field(None, alias="commune.name")
    region_code: int | None = Field(None, alias="commune.region.code")
    capacity: int | None
    seats_taken: int = 0
    topics: list[str]
    url: str

    resolve_topics = staticmethod(topic_codes)

    resolve_url = staticmethod(record_url)


class EventDetailOut(EventOut):
    description: str
    sessions: list[SessionOut]
    online_url: str | None = None
    registration_open: bool

    @staticmethod
    def resolve_online_url(obj) -> str | None:
        # Set by the view only for a confirmed registrant; never read from the model here.
        return getattr(obj, "visible_online_url", None)


class RegistrationOut(Schema):
    id: int
    event: str = Field(alias="event.slug")
    event_title: str = Field(alias="event.title")
    name: str
    email: str
    status: str
    position: int | None
    offer_expires_at: dt.datetime | None
    created_at: dt.datetime


class RegisterIn(Schema):
    name: ShortText = ""
    email: ShortText = ""
    organisation_name: ShortText = ""
    answers: dict[ShortText, LongText] = Field(default_factory=dict, max_length=100)
    session_ids: list[Id] = Field(default_factory=list, max_length=100)


@router.get("/", response=list[EventOut])
@paginate(Pagination)
def list_events(
    request, when: ShortText = "upcoming", kind: ShortText = "", region: ShortText = "", topic: ShortText = ""
):
    return queries.event_list(
        now=timezone.now(), when=when, kind=kind, region=region if region.isdigit() else "", topic=topic
    )


@router.get("/registrations/mine", response=list[RegistrationOut], auth=signed_in)
@paginate(Pagination)
def my_registrations(request):
    return list(queries.user_registrations(request.auth))


@router.post("/registrations/{registration_id}/cancel", response=RegistrationOut, auth=signed_in)
def cancel(request, registration_id: Id):
    registration = get_object_or_404(Registration, pk=registration_id)
    try:
        registration = domain.cancel_registration(registration_id=registration.pk, actor=request.auth)
    except PermissionDenied:
        # Same answer as for an unknown id: do not reveal other people's registrations.
        raise HttpError(404, "Not found") from None
    return Registration.objects.select_related("event").get(pk=registration.pk)


@router.get("/{slug}", response=EventDetailOut)
def event_detail(request, slug: ShortText):
    event = get_object_or_404(queries.event_page(slug))
    event.seats_taken = queries.seats_taken(event)
    own = queries.user_registration_for(request.user, event)
    if can_see_online_link(event, own):
        event.visible_online_url = event.online_url or None
    return event


@router.post("/{slug}/register", response={201: RegistrationOut}, auth=signed_in)
def register(request, slug: ShortText, payload: RegisterIn):
    event = get_object_or_404(queries.public_events(), slug=slug)
    user = request.auth
    registration = domain.register(
        event_id=event.pk,
        name=payload.name or user.full_name or user.email,
        email=payload.email or user.email,
        user=user,
        organisation_name=payload.organisation_name,
        answers=payload.answers,
        session_ids=payload.session_ids,
    )
    return Status(201, Registration.objects.select_related("event").get(pk=registration.pk))
