"""Reusable querysets for the wheel's lists, agendas, boards and reports (fixed query counts)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from helix.core.text import fold

from .models import Invitation, Meeting, MeetingOutcome, MeetingRequest, Participant, Slot, Wheel


def participants_for_browse(
    wheel: Wheel, *, q: str = "", topic: str = "", region: str = "", sector: str = "", side: str = ""
) -> QuerySet[Participant]:
    qs = (
        wheel.participants.select_related("organisation", "organisation__region")
        .prefetch_related("organisation__topics")
        .order_by("organisation__name")
    )
    if q:
        needle = fold(q)
        qs = qs.filter(
            Q(organisation__search_text__contains=needle)
            | Q(organisation__normalized_name__contains=needle)
            | Q(seeks__icontains=q)
            | Q(offers__icontains=q)
        )
    if topic:
        qs = qs.filter(organisation__topics__code=topic)
    if region:
        # Region codes are numbers; anything else matches nobody instead of failing.
        qs = qs.filter(organisation__region__code=int(region)) if str(region).isdigit() else qs.none()
    if sector:
        qs = qs.filter(organisation__sector=sector)
    if side:
        qs = qs.filter(side=side)
    return qs.distinct()


def meetings_with_people() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("slot", "a__organisation", "b__organisation")


def agenda_meetings(participant: Participant, *, published_only: bool = True) -> list[Meeting]:
    """The participant's live meetings in slot order (counterparts loaded). Participants see only
    published meetings; organisers pass `published_only=False` to preview a draft schedule."""
    qs = meetings_with_people().filter(Q(a=participant) | Q(b=participant), status__in=Meeting.LIVE)
    if published_only:
        qs = qs.filter(published=True)
    return list(qs.order_by("slot__number"))


def all_agendas(wheel: Wheel, *, published_only: bool = True) -> dict[int, list[Meeting]]:
    """participant pk → meetings, in one query."""
    result: dict[int, list[Meeting]] = {}
    qs = meetings_with_people().filter(wheel=wheel, status__in=Meeting.LIVE)
    if published_only:
        qs = qs.filter(published=True)
    for m in qs.order_by("slot__number"):
        result.setdefault(m.a_id, []).append(m)
        result.setdefault(m.b_id, []).append(m)
    return result


def board(wheel: Wheel, *, slot_number: int | None = None) -> list[tuple[Slot, list[Meeting]]]:
    """Every slot (or just one) with its meetings by table (cancelled ones left out)."""
    slots = wheel.slots.all() if slot_number is None else wheel.slots.filter(number=slot_number)
    slots = slots.prefetch_related(
        Prefetch(
            "meetings",
            queryset=Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
            .select_related("a__organisation", "b__organisation")
            .order_by("table"),
            to_attr="live_meetings",
        )
    )
    return [(s, s.live_meetings) for s in slots]


def requests_of(wheel: Wheel) -> QuerySet[MeetingRequest]:
    return wheel.requests.select_related("from_participant__organisation", "to_participant__organisation")


def participants_with_counts(wheel: Wheel) -> QuerySet[Participant]:
    live = Q(seats__meeting__status__in=Meeting.LIVE)
    return (
        wheel.participants.select_related("organisation")
        .annotate(meeting_count=Count("seats", filter=live, distinct=True))
        .order_by("organisation__name")
    )


def outcomes_of(wheel: Wheel) -> QuerySet[MeetingOutcome]:
    return (
        MeetingOutcome.objects.filter(meeting__wheel=wheel)
        .select_related(
            "meeting__slot", "meeting__a__organisation", "meeting__b__organisation", "participant__organisation"
        )
        .order_by("meeting__slot__number", "meeting__table", "participant_id")
    )


def invitations_by_match(match_ids) -> dict[int, list[Invitation]]:
    """match pk → its wheel invitations (with the wheel), in one query."""
    result: dict[int, list[Invitation]] = {}
    for invitation in Invitation.objects.filter(match_id__in=list(match_ids)).select_related("wheel").order_by("pk"):
        result.setdefault(invitation.match_id, []).append(invitation)
    return result


def pending_invitations(*, solution_id: int) -> list[Invitation]:
    """Pending invitations to upcoming wheels about a solution's matches (one query)."""
    from django.utils import timezone

    return list(
        Invitation.objects.filter(
            match__solution_id=solution_id, status=Invitation.Status.PENDING, wheel__date__gte=timezone.localdate()
        )
        .select_related("wheel", "inviter__organisation", "match__challenge")
        .order_by("wheel__date", "pk")
    )


def hostable_events(user) -> QuerySet:
    """The events `user` may put a wheel on (see `permissions.can_host_wheel_on`), newest first."""
    from helix.events.models import Event
    from helix.network.models import Membership

    events = Event.objects.order_by("-starts_at")
    if user is None or not user.is_authenticated:
        return events.none()
    if user.is_staff:
        return events
    admin_of = Membership.objects.filter(
        person__user=user, status=Membership.Status.APPROVED, role=Membership.Role.ADMIN
    ).values("organisation_id")
    return events.filter(organiser_id__in=admin_of)
