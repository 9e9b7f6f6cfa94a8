"""Events API: public events, an attendee's own registrations, register and cancel.

Registrations are tied to the signed-in account (Django session + CSRF, ``django_auth``); an
attendee only ever sees their own. Online links appear only for confirmed registrants.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from helix.core.seats import SeatStatus
from helix.events import queries
from helix.events.domain import registration as domain
from helix.events.models import Registration

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

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [t.code for t in obj.topics.all()]

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


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
    name: str = ""
    email: str = ""
    organisation_name: str = ""
    answers: dict[str, str] = {}
    session_ids: list[int] = []


class ErrorOut(Schema):
    code: str
    message: str
    field_errors: dict[str, str] = {}


@router.get("/", response=list[EventOut])
@paginate(PageNumberPagination, page_size=50)
def list_events(request, when: str = "upcoming", kind: str = "", region: str = "", topic: str = ""):
    return queries.event_list(
        now=timezone.now(), when=when, kind=kind, region=region if region.isdigit() else "", topic=topic
    )


@router.get("/registrations/mine", response=list[RegistrationOut], auth=django_auth)
def my_registrations(request):
    return list(queries.user_registrations(request.auth))


@router.post(
    "/registrations/{registration_id}/cancel", response={200: RegistrationOut, 409: ErrorOut}, auth=django_auth
)
def cancel(request, registration_id: int):
    registration = get_object_or_404(Registration, pk=registration_id)
    if not domain.check_can_manage(user=request.auth, registration=registration):
        # Same answer as for an unknown id: do not reveal other people's registrations.
        raise HttpError(404, "Not found")
    try:
        registration = domain.cancel_registration(registration_id=registration.pk)
    except domain.RegistrationError as exc:
        return Status(409, {"code": exc.code, "message": str(exc.message)})
    return Status(200, Registration.objects.select_related("event").get(pk=registration.pk))


@router.get("/{slug}", response=EventDetailOut)
def event_detail(request, slug: str):
    event = get_object_or_404(queries.event_page(slug))
    event.seats_taken = queries.seats_taken(event)
    own = queries.user_registration_for(request.user, event)
    if event.is_online and own is not None and own.status == SeatStatus.CONFIRMED:
        event.visible_online_url = event.online_url or None
    return event


@router.post("/{slug}/register", response={201: RegistrationOut, 400: ErrorOut, 409: ErrorOut}, auth=django_auth)
def register(request, slug: str, payload: RegisterIn):
    event = get_object_or_404(queries.public_events(), slug=slug)
    user = request.auth
    try:
        registration = domain.register(
            event_id=event.pk,
            name=payload.name or user.full_name or user.email,
            email=payload.email or user.email,
            user=user,
            organisation_name=payload.organisation_name,
            answers=payload.answers,
            session_ids=payload.session_ids,
        )
    except domain.RegistrationError as exc:
        status = 400 if exc.code == "invalid" else 409
        return Status(
            status,
            {
                "code": exc.code,
                "message": str(exc.message),
                "field_errors": {k: str(v) for k, v in exc.field_errors.items()},
            },
        )
    return Status(201, Registration.objects.select_related("event").get(pk=registration.pk))
