"""Capacity and automatic waiting list, generic over "a holder with seats" and "a booking of a seat".

The one capacity and waiting-list module of Helix. Used by event registrations (holder
`events.Event`, booking `events.Registration`), session seats (holder `events.Session`, booking
`events.SessionSeat`) and cohort enrolments (holder `academy.Cohort`, booking `academy.Enrolment`).

Vocabulary
----------
holder   a row that owns a number of seats (an event, a session, a cohort). It is the *lock*: every
         function here that changes bookings first locks the holder row with ``select_for_update()``,
         so all writers for one holder are serialised by the database. Counting and numbering then
         happen under that lock, never check-then-write without it.
booking  a row that wants a seat. Its model inherits the abstract :class:`SeatFields` (or defines the
         same fields): ``status`` (:class:`SeatStatus`), ``position`` (place in the waiting list,
         assigned in arrival order 1, 2, 3… per holder, kept after promotion so the order stays
         auditable), ``offer_expires_at`` and ``created_at``. The model should add a unique constraint
         on (holder, position) and, for speed with long lists, an index on
         (holder, status, offer_expires_at).

Life cycle::

    take_seat ──► CONFIRMED                      (a seat was free)
              └─► WAITING (position n) ──promote_next──► OFFERED (offer_expires_at = now + ttl)
                                                          ├─ accept_offer ──► CONFIRMED
                                                          └─ expire (now > offer_expires_at) ──► EXPIRED
    release_seat: CONFIRMED / WAITING / OFFERED ──► CANCELLED, then promote_next fills the freed seat.

CONFIRMED and OFFERED bookings occupy seats; WAITING ones do not. When a seat frees up, the first
WAITING booking (lowest ``position``) receives an offer; it holds the seat until it accepts or its
offer expires, at which point the seat goes to the next one. Expiry is processed lazily (every
function here expires the holder's overdue offers after locking it) and periodically: each app
:func:`register` registers its pairs with the function that tells people about a change, and
:func:`sweep` (the periodic task ``helix.core.tasks.sweep_seat_offers``) expires the lapsed offers
of all of them.

A capacity changes only through :func:`change_capacity`, which offers the seats it frees to the
waiting list in the same transaction.

Describe your pair once with :class:`SeatSpec`, then call the functions. Every function takes an
explicit ``now`` (aware datetime) so tests can drive the clock. Functions return the bookings whose
state changed in a way the person must be told about (``promoted``: new offers) so the caller can send
e-mails — this module sends nothing and knows nothing about people (the sweep and
:func:`change_capacity` call the ``notify`` function the app registered).

All functions open ``transaction.atomic()`` themselves, so either everything they describe happened
or nothing did. ``take_seat`` (the hot path) does so without a savepoint of its own: inside a
caller's atomic block an error from it rolls back the caller's whole block (wrap the call in your
own ``atomic()`` and catch outside it, e.g. ``IntegrityError`` from a "one booking per person"
constraint); the others use a savepoint when nested.

Example (academy)::

    ENROLMENT_SEATS = SeatSpec(
        booking_model=Enrolment, holder_field="cohort",
        capacity=lambda cohort: cohort.capacity, offer_ttl=lambda cohort: timedelta(hours=48),
    )
    result = take_seat(spec=ENROLMENT_SEATS, holder_qs=Cohort.objects.filter(pk=cohort_id),
                       create_kwargs={"person": person}, now=timezone.now())
    result.booking.status  # "confirmed" or "waiting"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


#: Statuses that occupy a seat.
HOLDING = (SeatStatus.CONFIRMED, SeatStatus.OFFERED)
#: Statuses of a booking still "in the game" (used for "already registered" checks).
ACTIVE = (SeatStatus.CONFIRMED, SeatStatus.OFFERED, SeatStatus.WAITING)


class SeatFields(models.Model):
    """Abstract fields every booking model needs. Add the FK to the holder and a unique constraint
    on (holder, position) in the concrete model."""

    status = models.CharField(_("status"), max_length=10, choices=SeatStatus.choices, db_index=True)
    position = models.PositiveIntegerField(
        _("waiting-list position"), null=True, blank=True, help_text=_("Arrival order on the waiting list.")
    )
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class SeatSpec:
    """How a booking model hangs on its holder."""

    booking_model: type[models.Model]
    holder_field: str
    #: Seats of a (locked) holder; ``None`` means unlimited.
    capacity: Callable[[Any], int | None]
    #: How long an offer stays open for a given holder.
    offer_ttl: Callable[[Any], dt.timedelta] = lambda holder: dt.timedelta(hours=48)
    #: The holder's field that :func:`change_capacity` sets.
    capacity_field: str = "capacity"

    @property
    def holder_model(self) -> type[models.Model]:
        return self.booking_model._meta.get_field(self.holder_field).related_model

    def bookings(self, holder) -> models.QuerySet:
        return self.booking_model._default_manager.filter(**{self.holder_field: holder})


@dataclass
class SeatChange:
    """What a call did: the booking it was about and the bookings that received an offer."""

    booking: Any = None
    holder: Any = None
    promoted: list = field(default_factory=list)
    expired: list = field(default_factory=list)
    free: int | None = None  # seats left free after the call (None = unlimited)


def lock_holder(holder_qs: models.QuerySet):
    """Lock and return the holder row. Must run inside a transaction. Raises ``DoesNotExist``."""
    return holder_qs.select_for_update().get()


def seats_taken(*, spec: SeatSpec, holder) -> int:
    return spec.bookings(holder).filter(status__in=HOLDING).count()


def free_seats(*, spec: SeatSpec, holder) -> int | None:
    """Free seats now (``None`` = unlimited). Exact only while the holder is locked."""
    capacity = spec.capacity(holder)
    if capacity is None:
        return None
    return max(capacity - seats_taken(spec=spec, holder=holder), 0)


def take_seat(
    *,
    spec: SeatSpec,
    holder_qs: models.QuerySet | None = None,
    holder=None,
    create_kwargs: dict,
    now: dt.datetime,
    force: bool = False,
    check: Callable[[Any], None] | None = None,
) -> SeatChange:
    """Create a booking: CONFIRMED if a seat is free (or ``force``, e.g. a walk-in staff let in),
    otherwise WAITING with the next position. Overdue offers of the holder are expired first, so a
    seat held by a stale offer is given back before counting.

    Pass ``holder_qs`` (this function locks it) or ``holder``: an instance the caller has already
    locked with :func:`lock_holder` in the current transaction (saves a query when the caller needed
    the locked row anyway).

    ``check(holder)`` runs right after the holder is locked and before anything is written: raise
    from it to refuse (e.g. "registration closed") with nothing written — checks made there cannot
    race with other writers of the same holder. A booking that breaks a unique constraint (e.g. one
    active booking per person) raises ``IntegrityError`` and the caller's block rolls back.

    Guarantees: never more HOLDING bookings than capacity (unless forced), waiting positions unique
    and in arrival order, nobody jumps the queue (a free seat goes to the queue before a newcomer).

    Runs in the caller's transaction without a savepoint of its own (or opens one if there is
    none): an error inside makes the enclosing atomic block roll back as a whole."""
    with transaction.atomic(savepoint=False):
        if holder is None:
            holder = lock_holder(holder_qs)
        if check is not None:
            check(holder)
        change = _expire_and_promote(spec=spec, holder=holder, now=now)
        kwargs = {spec.holder_field: holder, "created_at": now, "status_changed_at": now, **create_kwargs}
        # After promotion a free seat implies an empty queue (see _expire_and_promote).
        if force or change.free is None or change.free > 0:
            kwargs["status"] = SeatStatus.CONFIRMED
        else:
            # Served by the (holder, position) unique index: the last entry, not a scan.
            last = spec.bookings(holder).aggregate(last=Max("position"))["last"] or 0
            kwargs.update(status=SeatStatus.WAITING, position=last + 1)
        booking = spec.booking_model._default_manager.create(**kwargs)
        change.booking, change.holder = booking, holder
        return change


def release_seat(
    *,
    spec: SeatSpec,
    holder_qs: models.QuerySet,
    booking_pk: int,
    now: dt.datetime,
    status: str = SeatStatus.CANCELLED,
    update_fields: dict | None = None,
) -> SeatChange:
    """Cancel an active booking (CONFIRMED, WAITING or OFFERED) and offer any freed seat to the next
    person waiting. Raises :class:`HelixError` (code ``not_active``) when the booking is already over."""
    with transaction.atomic():
        holder = lock_holder(holder_qs)
        booking = spec.bookings(holder).select_for_update().get(pk=booking_pk)
        if booking.status not in ACTIVE:
            raise HelixError(_("This booking is no longer active."), code="not_active")
        booking.status = status
        booking.status_changed_at = now
        booking.offer_expires_at = None
        for name, value in (update_fields or {}).items():
            setattr(booking, name, value)
        booking.save(update_fields=["status", "status_changed_at", "offer_expires_at", *(update_fields or {})])
        change = _expire_and_promote(spec=spec, holder=holder, now=now)
        change.booking, change.holder = booking, holder
        return change


def accept_offer(*, spec: SeatSpec, holder_qs: models.QuerySet, booking_pk: int, now: dt.datetime) -> SeatChange:
    """Turn an OFFERED booking into CONFIRMED if its offer has not expired at ``now``.

    Raises :class:`HelixError` with code ``expired`` (the offer lapsed: the booking is marked EXPIRED
    and the seat passed on), ``confirmed`` (already confirmed: harmless repeat) or ``not_offered``."""
    with transaction.atomic():
        holder = lock_holder(holder_qs)
        booking = spec.bookings(holder).select_for_update().get(pk=booking_pk)
        if booking.status == SeatStatus.OFFERED and booking.offer_expires_at and booking.offer_expires_at > now:
            booking.status = SeatStatus.CONFIRMED
            booking.status_changed_at = now
            booking.offer_expires_at = None
            booking.save(update_fields=["status", "status_changed_at", "offer_expires_at"])
            change = _expire_and_promote(spec=spec, holder=holder, now=now)
            change.booking, change.holder = booking, holder
            return change
        if booking.status == SeatStatus.CONFIRMED:
            raise HelixError(_("Your seat is already confirmed."), code="confirmed")
        if booking.status not in (SeatStatus.OFFERED, SeatStatus.EXPIRED):
            raise HelixError(_("There is no seat offer for this booking."), code="not_offered")
        # The offer lapsed: expire it now (if the periodic job has not yet) and pass the seat on.
        # This is committed when the block exits normally; the error is raised afterwards so the
        # expiry is not rolled back with it (unless the caller wraps us in its own transaction).
        change = _expire_and_promote(spec=spec, holder=holder, now=now)
        booking.refresh_from_db(fields=["status", "offer_expires_at", "status_changed_at"])
        change.booking, change.holder = booking, holder
    raise HelixError(_("This seat offer has expired; the seat was passed on."), code="expired", change=change)


def promote_next(*, spec: SeatSpec, holder, now: dt.datetime, free: int | None = -1) -> list:
    """Offer every free seat of a **locked** holder to the first WAITING bookings, in position order.
    Returns the promoted bookings (now OFFERED, with ``offer_expires_at``). ``free`` may be passed
    when the caller has just counted it under the same lock."""
    if free == -1:
        free = free_seats(spec=spec, holder=holder)
    waiting = spec.bookings(holder).filter(status=SeatStatus.WAITING).order_by("position")
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting[:free]
    expires = now + spec.offer_ttl(holder)
    promoted = []
    for booking in waiting:
        booking.status = SeatStatus.OFFERED
        booking.offer_expires_at = expires
        booking.status_changed_at = now
        booking.save(update_fields=["status", "offer_expires_at", "status_changed_at"])
        promoted.append(booking)
    return promoted


def expire_offers_of(*, spec: SeatSpec, holder_qs: models.QuerySet, now: dt.datetime) -> SeatChange:
    """Lock one holder, expire its overdue offers and promote the next people. Idempotent."""
    with transaction.atomic():
        holder = lock_holder(holder_qs)
        change = _expire_and_promote(spec=spec, holder=holder, now=now)
        change.holder = holder
        return change


#: The most seats a holder can have (a bound on what a form or the API may ask for).
MAX_CAPACITY = 100_000


def check_capacity(capacity: int | None) -> None:
    """Raise HelixError ``invalid_capacity`` unless ``capacity`` is None or 0…MAX_CAPACITY."""
    if capacity is not None and not (0 <= capacity <= MAX_CAPACITY):
        raise HelixError(
            _("The capacity must be a number of seats between 0 and %(max)d, or empty for no limit."),
            code="invalid_capacity",
            params={"max": MAX_CAPACITY},
        )


def change_capacity(
    *, spec: SeatSpec, holder_qs: models.QuerySet, capacity: int | None, now: dt.datetime
) -> SeatChange:
    """Set the holder's capacity (``None`` = unlimited) and, in the same transaction and under the
    holder's lock, expire its lapsed offers and offer every seat now free to the first people
    waiting, in arrival order. Lowering the capacity below the seats taken takes no seat away: the
    next seats freed then go to the holder, not to the queue, until it is back under capacity.
    The people concerned are told through the ``notify`` the spec was registered with.
    Raises HelixError ``invalid_capacity`` (see :func:`check_capacity`). Returns the change."""
    check_capacity(capacity)
    with transaction.atomic():
        holder = lock_holder(holder_qs)
        if getattr(holder, spec.capacity_field) != capacity:
            setattr(holder, spec.capacity_field, capacity)
            holder.save(update_fields=[spec.capacity_field])
        change = _expire_and_promote(spec=spec, holder=holder, now=now)
        change.holder = holder
        if spec in _REGISTERED:
            _REGISTERED[spec](change)
        return change


def set_capacity(*, actor, spec: SeatSpec, pk: int, capacity: int | None, allowed: Callable, now=None):
    """What an app's "set capacity" domain function does: refuse unless ``allowed(actor, holder)``
    (PermissionDenied), then :func:`change_capacity` now. Returns the holder."""
    holder_qs = spec.holder_model._default_manager.filter(pk=pk)
    if not allowed(actor, holder_qs.get()):
        raise PermissionDenied
    return change_capacity(spec=spec, holder_qs=holder_qs, capacity=capacity, now=now or timezone.now()).holder


def expire_offers(*, spec: SeatSpec, now: dt.datetime) -> list[SeatChange]:
    """Periodic sweep: for every holder with an overdue offer, expire and promote (one transaction
    per holder, so one busy holder does not block the others). Returns the changes that did something."""
    holder_ids = (
        spec.booking_model._default_manager.filter(status=SeatStatus.OFFERED, offer_expires_at__lte=now)
        .values_list(f"{spec.holder_field}_id", flat=True)
        .distinct()
    )
    changes = []
    for holder_id in list(holder_ids):
        change = expire_offers_of(spec=spec, holder_qs=spec.holder_model._default_manager.filter(pk=holder_id), now=now)
        if change.expired or change.promoted:
            changes.append(change)
    return changes


def _expire_and_promote(*, spec: SeatSpec, holder, now: dt.datetime) -> SeatChange:
    """For a locked holder: mark overdue offers EXPIRED, then fill free seats from the queue.
    The returned change's ``free`` is the number of seats still free afterwards (None = unlimited);
    it is > 0 only if nobody is left waiting.

    One query counts the seats held and the overdue offers among them; it reads only HOLDING rows
    (an index on (holder, status, offer_expires_at) answers it without touching the table), never
    the waiting list, so the cost of a booking does not grow with the length of the queue."""
    stats = (
        spec.bookings(holder)
        .filter(status__in=HOLDING)
        .aggregate(
            holding=Count("pk"),
            overdue=Count("pk", filter=Q(status=SeatStatus.OFFERED, offer_expires_at__lte=now)),
        )
    )
    overdue = []
    if stats["overdue"]:
        overdue = list(spec.bookings(holder).filter(status=SeatStatus.OFFERED, offer_expires_at__lte=now))
        for booking in overdue:
            booking.status = SeatStatus.EXPIRED
            booking.status_changed_at = now
            booking.save(update_fields=["status", "status_changed_at"])
    capacity = spec.capacity(holder)
    free = None if capacity is None else max(capacity - (stats["holding"] - len(overdue)), 0)
    promoted = []
    if free is None or free > 0:
        promoted = promote_next(spec=spec, holder=holder, now=now, free=free)
        if free is not None:
            free -= len(promoted)
    return SeatChange(holder=holder, promoted=promoted, expired=overdue, free=free)


# -- Registry for the periodic sweep -------------------------------------------------------------

_REGISTERED: dict[SeatSpec, Callable[[SeatChange], None]] = {}


def register(spec: SeatSpec, *, notify: Callable[[SeatChange], None]) -> SeatSpec:
    """Include ``spec`` in :func:`sweep`; ``notify(change)`` queues the messages about a change
    (its ``expired`` and ``promoted`` bookings). Call it where the spec is defined, in a module the
    app names in its AppConfig's ``seat_modules`` (the sweep imports them). Returns ``spec``."""
    _REGISTERED[spec] = notify
    return spec


def registered() -> list[SeatSpec]:
    """Every registered pair (importing the apps' ``seat_modules`` first, so none is missed)."""
    for config in apps.get_app_configs():
        for module in getattr(config, "seat_modules", ()):
            import_module(module)
    return list(_REGISTERED)


def sweep(*, now: dt.datetime) -> dict[str, int]:
    """Expire the lapsed offers of every registered pair, offer the seats to the next people waiting
    and tell everyone concerned. Idempotent. Returns counts of offers ``expired`` and ``offered``."""
    counts = {"expired": 0, "offered": 0}
    for spec in registered():
        for change in expire_offers(spec=spec, now=now):
            counts["expired"] += len(change.expired)
            counts["offered"] += len(change.promoted)
            _REGISTERED[spec](change)
    return counts
