"""Cohort enrolment under the shared capacity + waiting-list rules (`helix.core.seats`)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core import mail, seats
from helix.core.errors import HelixError
from helix.core.seats import SeatSpec, SeatStatus
from helix.network.models import Person
from helix.notifications.domain import notify, when
from helix.notifications.models import Kind

from ..models import Cohort, Enrolment
from ..permissions import can_enrol, can_manage_enrolment


def _cohort_qs(cohort_id: int):
    return Cohort.objects.filter(pk=cohort_id)


def person_for_user(user) -> Person:
    """The directory person of an account, created from the account when it has none yet."""
    person = Person.objects.filter(user=user).first()
    if person:
        return person
    person = Person.objects.filter(email__iexact=user.email, user__isnull=True).first()
    if person:
        person.user = user
        person.save(update_fields=["user"])
        return person
    first, _sep, last = (user.full_name or user.email.split("@")[0]).partition(" ")
    return Person.objects.create(user=user, first_name=first[:100], last_name=last[:100], email=user.email)


def check_can_enrol(*, cohort: Cohort, today: dt.date) -> None:
    if not cohort.course.published or not cohort.enrolment_open:
        raise HelixError(_("Enrolment for this cohort is closed."), code="closed")
    if cohort.ends_on < today:
        raise HelixError(_("This cohort has already finished."), code="finished")


@mail.composer
def enrolment_email(*, enrolment_id: int, kind: str) -> mail.Email | None:
    """The e-mail about an enrolment: ``confirmed``, ``waiting`` or ``offer``."""
    enrolment = Enrolment.objects.select_related("person__user", "cohort__course").filter(pk=enrolment_id).first()
    if enrolment is None or not enrolment.person.email:
        return None
    return mail.Email(
        template=f"academy/email/{kind}",
        to=[enrolment.person.email],
        language=mail.language_of(enrolment.person),
        context={
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "course": enrolment.cohort.course,
            "mine_url": settings.SITE_URL + reverse("academy:mine"),
            "cohort_url": settings.SITE_URL + enrolment.cohort.get_absolute_url(),
        },
    )


def _notify(enrolment: Enrolment, kind: str) -> None:
    """E-mail the person about their enrolment, once the change commits."""
    mail.send(enrolment_email, enrolment_id=enrolment.pk, kind=kind)


def _notify_promoted(change: seats.SeatChange) -> None:
    for booking in change.promoted:
        _notify(booking, "offer")
        # In the app too, for an account holder; the offer's e-mail carries the link (issue 12 §2).
        notify(
            booking.person,
            Kind.OFFER,
            booking,
            message="cohort_offer",
            url=reverse("academy:mine"),
            params={"course": booking.cohort.course.title, "deadline": when(booking.offer_expires_at)},
            emailed=True,
        )


ENROLMENT_SEATS = seats.register(
    SeatSpec(
        booking_model=Enrolment,
        holder_field="cohort",
        capacity=lambda cohort: cohort.capacity,
        offer_ttl=lambda cohort: dt.timedelta(hours=cohort.offer_hours),
    ),
    notify=_notify_promoted,
)


def enrol(*, cohort: Cohort, person: Person, actor, now: dt.datetime | None = None, notify: bool = True) -> Enrolment:
    """Enrol a person: CONFIRMED while seats are free, else WAITING in arrival order.

    Guarantees (under concurrency too, through the cohort row lock and unique constraints): never
    more confirmed/offered seats than capacity; one live enrolment per person and cohort. Raises
    ``PermissionDenied`` unless `actor` may enrol that person (`can_enrol`: themself, or staff), and
    HelixError (closed, finished, already enrolled).
    """
    if not can_enrol(actor, person):
        raise PermissionDenied(_("You cannot enrol this person."))
    now = now or timezone.now()
    check_can_enrol(cohort=cohort, today=timezone.localdate(now))
    try:
        with transaction.atomic():
            change = seats.take_seat(
                spec=ENROLMENT_SEATS, holder_qs=_cohort_qs(cohort.pk), create_kwargs={"person": person}, now=now
            )
    except IntegrityError as exc:
        raise HelixError(_("You are already enrolled in this cohort."), code="duplicate") from exc
    enrolment = change.booking
    if notify:
        _notify_promoted(change)
        _notify(enrolment, "confirmed" if enrolment.status == SeatStatus.CONFIRMED else "waiting")
    return enrolment


def _check_can_manage_enrolment(*, actor, enrolment: Enrolment) -> None:
    if not can_manage_enrolment(actor, enrolment):
        raise PermissionDenied(_("You cannot change this enrolment."))


def cancel_enrolment(*, enrolment: Enrolment, actor, now: dt.datetime | None = None) -> Enrolment:
    """Cancel a live enrolment (by the enrolee or staff, else ``PermissionDenied``); a freed seat is offered
    to the first person waiting (by e-mail)."""
    _check_can_manage_enrolment(actor=actor, enrolment=enrolment)
    now = now or timezone.now()
    change = seats.release_seat(
        spec=ENROLMENT_SEATS, holder_qs=_cohort_qs(enrolment.cohort_id), booking_pk=enrolment.pk, now=now
    )
    _notify_promoted(change)
    return change.booking


def accept_offer(*, enrolment: Enrolment, actor, now: dt.datetime | None = None) -> Enrolment:
    """Take an offered seat before its deadline (the enrolee or staff, else ``PermissionDenied``).
    Raises HelixError `expired` when too late."""
    _check_can_manage_enrolment(actor=actor, enrolment=enrolment)
    now = now or timezone.now()
    try:
        change = seats.accept_offer(
            spec=ENROLMENT_SEATS, holder_qs=_cohort_qs(enrolment.cohort_id), booking_pk=enrolment.pk, now=now
        )
    except HelixError as exc:
        if getattr(exc, "change", None):
            _notify_promoted(exc.change)
        raise HelixError(exc.message, code=exc.code) from exc
    _notify_promoted(change)
    return change.booking
