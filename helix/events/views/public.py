"""Public pages: event list, calendar, iCalendar feeds, event page with registration, own registrations."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from helix.core.calendar import calendar_response
from helix.core.errors import HelixError
from helix.core.pagination import paginate
from helix.core.qr import qr_svg_data_uri
from helix.core.seats import SeatStatus
from helix.events import feeds, queries
from helix.events.domain import confirmation, tickets
from helix.events.domain import registration as domain
from helix.events.forms import RegistrationForm
from helix.events.models import Event, Registration, SessionSeat
from helix.events.permissions import can_create_event, can_edit_event, can_see_online_link


def event_list(request):
    from helix.network.models import Topic
    from helix.territory.models import Region

    when = "past" if request.GET.get("when") == "past" else "upcoming"
    kind = request.GET.get("kind", "") if request.GET.get("kind") in Event.Kind.values else ""
    region = request.GET.get("region", "") if request.GET.get("region", "").isdigit() else ""
    topic = request.GET.get("topic", "")[:60]
    events = queries.event_list(now=timezone.now(), when=when, kind=kind, region=region, topic=topic)
    page = paginate(request, events, 20)
    return render(
        request,
        "events/list.html",
        {
            "page": page,
            "when": when,
            "kind": kind,
            "region": region,
            "topic": topic,
            "kinds": [c for c in Event.Kind.choices if c[0] != Event.Kind.BUSINESS_WHEEL],
            "regions": Region.objects.all(),  # north to south (Meta.ordering)
            "topics": Topic.objects.filter(kind="topic").order_by("code"),
            "can_create": can_create_event(request.user),  # events front-end (issue 12 §3)
        },
    )


CALENDAR_YEARS = (1900, 2999)  # months outside fall back to the current one


def event_calendar(request):
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
            raise ValueError(year)  # the edges of the calendar would overflow the date type
        first = dt.date(year, month, 1)
    except (ValueError, TypeError, OverflowError):
        first = today.replace(day=1)
    last_day = calendar.monthrange(first.year, first.month)[1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(first.replace(day=last_day), dt.time.max, tzinfo=tz)
    events = list(queries.events_between(start, end))
    by_day: dict[dt.date, list] = {}
    for event in events:
        day = max(timezone.localdate(event.starts_at), first)
        stop = min(timezone.localdate(event.ends_at), first.replace(day=last_day))
        while day <= stop:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [(d, by_day.get(d, [])) if d.month == first.month else (None, []) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = first.replace(day=last_day) + dt.timedelta(days=1)
    return render(
        request,
        "events/calendar.html",
        {"first": first, "weeks": weeks, "prev_month": prev_month, "next_month": next_month, "events": events},
    )


def feed_ics(request):
    since = timezone.now() - dt.timedelta(days=365)
    events = queries.public_events().filter(status=Event.Status.PUBLISHED, ends_at__gte=since).select_related("commune")
    return calendar_response(feeds.calendar_for(events), filename="helix-events.ics", inline=True)


def event_ics(request, slug: str):
    event = get_object_or_404(queries.public_events().select_related("commune"), slug=slug)
    return calendar_response(feeds.calendar_for([event]), filename=f"{event.slug}.ics", inline=True)


def _request_by_mail(form, event, now) -> str:
    """An anonymous visitor's registration: e-mail the confirm link. Returns the address, or "" with the
    form's errors set."""
    try:
        return confirmation.request_registration(
            event_id=event.pk,
            now=now,
            **form.registration_values(),
        )
    except HelixError as exc:
        exc.show_on(form)
        return ""


@require_http_methods(["GET", "POST"])
def event_detail(request, slug: str):
    event = get_object_or_404(queries.event_page(slug))
    now = timezone.now()
    domain.expire_offers_for_event(event_id=event.pk, now=now)  # lazy expiry of lapsed offers
    form = RegistrationForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and form.is_valid() and not request.user.is_authenticated:
        # Anonymous: the mailbox confirms before any seat or ticket (issue 11 row 4).
        sent_to = _request_by_mail(form, event, now)
        if sent_to:
            return render(request, "events/registration_requested.html", {"event": event, "email": sent_to})
    elif request.method == "POST" and form.is_valid():
        try:
            registration = domain.register(
                event_id=event.pk,
                user=request.user,
                now=now,
                **form.registration_values(),
            )
        except HelixError as exc:
            exc.show_on(form)
        else:
            if registration.status == SeatStatus.CONFIRMED:
                messages.success(
                    request, _("You are registered! We sent your ticket to %(email)s.") % {"email": registration.email}
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The event is full: you are number %(position)s on the waiting list. "
                        "We will e-mail you if a seat frees up."
                    )
                    % {"position": registration.position},
                )
            return redirect("events:manage", token=tickets.cancel_token(registration.pk))
    own = queries.user_registration_for(request.user, event)
    taken = queries.seats_taken(event)
    closed_reason = None
    try:
        domain.check_registration_open(event=event, now=now)
    except HelixError as exc:
        closed_reason = exc.message
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form,
            "own": own,
            "own_active": own is not None and own.is_active,
            "show_online_link": can_see_online_link(event, own),
            "seats_taken": taken,
            "seats_left": None if event.capacity is None else max(event.capacity - taken, 0),
            "waiting": queries.waiting_count(event),
            "closed_reason": closed_reason,
            "manage_token": tickets.cancel_token(own.pk) if own else "",
            "can_edit": can_edit_event(request.user, event),  # events front-end (issue 12 §3)
        },
    )


def _registration_from_token(token: str) -> Registration:
    try:
        pk = tickets.parse_cancel_token(token)
    except HelixError:
        raise Http404("bad token") from None
    return get_object_or_404(Registration.objects.select_related("event__commune"), pk=pk)


@require_http_methods(["GET", "POST"])
def confirm_registration(request, token: str):
    """The link e-mailed to an anonymous registrant: GET shows what will be registered and a button;
    the POST registers (a GET never writes) and shows the ticket."""
    try:
        pending = confirmation.read_request(token)
    except HelixError as exc:
        return render(request, "events/confirm_registration.html", {"error": exc.message}, status=400)
    event = get_object_or_404(Event, pk=pending["e"])
    if request.method == "POST":
        try:
            registration = confirmation.confirm_registration(token=token)
        except HelixError as exc:
            return render(
                request, "events/confirm_registration.html", {"error": exc.message, "event": event}, status=400
            )
        return redirect("events:manage", token=tickets.cancel_token(registration.pk))
    return render(request, "events/confirm_registration.html", {"event": event, "name": pending["n"]})


@never_cache  # the QR ticket: never kept by a shared browser or a proxy
def manage(request, token: str):
    """A registrant's page (reached from the e-mail link): status, QR ticket, cancel button."""
    registration = _registration_from_token(token)
    code = tickets.ticket_code(registration.pk) if registration.status == SeatStatus.CONFIRMED else ""
    ahead = None
    if registration.status == SeatStatus.WAITING:
        ahead = Registration.objects.filter(
            event_id=registration.event_id, status=SeatStatus.WAITING, position__lt=registration.position
        ).count()
    event = registration.event
    return render(
        request,
        "events/manage.html",
        {
            "registration": registration,
            "event": event,
            "token": token,
            "ticket_code": code,
            "qr": qr_svg_data_uri(code) if code else "",
            "ahead": ahead,
            "show_online_link": can_see_online_link(event, registration),
        },
    )


@require_http_methods(["GET", "POST"])
def cancel(request, token: str):
    registration = _registration_from_token(token)
    if request.method == "POST":
        try:
            domain.cancel_registration(registration_id=registration.pk, actor=request.user, token=token)
        except HelixError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:manage", token=token)
    return render(request, "events/cancel.html", {"registration": registration, "token": token})


@require_http_methods(["GET", "POST"])
def accept_offer(request, token: str):
    try:
        pk = tickets.parse_offer_token(token)
    except HelixError:
        raise Http404("bad token") from None
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if request.method == "POST":
        try:
            domain.accept_offer(registration_id=pk)
        except HelixError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your seat is confirmed. We sent your ticket by e-mail."))
        return redirect("events:manage", token=tickets.cancel_token(pk))
    return render(request, "events/accept_offer.html", {"registration": registration, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
def accept_session_offer(request, token: str):
    try:
        pk = tickets.parse_session_offer_token(token)
    except HelixError:
        raise Http404("bad token") from None
    seat = get_object_or_404(SessionSeat.objects.select_related("session", "registration__event"), pk=pk)
    if request.method == "POST":
        try:
            domain.accept_session_offer(seat_id=pk)
        except HelixError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your seat in the session is confirmed."))
        return redirect("events:manage", token=tickets.cancel_token(seat.registration_id))
    return render(request, "events/accept_session_offer.html", {"seat": seat})


@login_required
@never_cache
def my_registrations(request):
    registrations = list(queries.user_registrations(request.user))
    for registration in registrations:
        registration.token = tickets.cancel_token(registration.pk)
    return render(request, "events/my_registrations.html", {"registrations": registrations})


@login_required
@require_http_methods(["POST"])
def cancel_mine(request, pk: int):
    get_object_or_404(Registration, pk=pk)
    try:
        domain.cancel_registration(registration_id=pk, actor=request.user)
    except HelixError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("events:mine")
