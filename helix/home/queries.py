"""What "Mi Helix" shows a person: one bounded query per block, whatever their history.

Every list is cut at ``LIMIT`` rows and counted separately only where the count matters (the staff
queue), so the page costs the same number of queries for a newcomer and for a busy representative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from helix.academy.models import Enrolment
from helix.accounts.queries import pending_requests_for
from helix.certificates.models import Certificate
from helix.core import mailbox
from helix.core.seats import ACTIVE, SeatStatus
from helix.events.domain import tickets
from helix.events.models import Registration
from helix.matching.models import Challenge, Match, Solution
from helix.network.models import Membership
from helix.network.permissions import acting_organisation_ids
from helix.wheel.models import DirectMeeting, Invitation, Meeting, MeetingRequest, Wheel

LIMIT = 5
# A wheel whose day is this close and is not scheduled yet belongs in the staff queue.
SCHEDULE_HORIZON = dt.timedelta(days=14)


@dataclass
class StaffQueue:
    representation_requests: list = field(default_factory=list)
    representation_count: int = 0
    wheels_to_schedule: list = field(default_factory=list)
    overdue_registrations: list = field(default_factory=list)
    overdue_enrolments: list = field(default_factory=list)
    mailbox_count: int | None = None  # None: mail goes to a real server

    @property
    def is_empty(self) -> bool:
        return not (
            self.representation_requests
            or self.wheels_to_schedule
            or self.overdue_registrations
            or self.overdue_enrolments
        )


@dataclass
class MyHelix:
    represents: bool
    challenges: list = field(default_factory=list)
    solutions: list = field(default_factory=list)
    meeting_requests: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    direct_proposals: list = field(default_factory=list)
    wheel_meetings: list = field(default_factory=list)
    direct_meetings: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    enrolments: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    approvals: list = field(default_factory=list)
    staff: StaffQueue | None = None

    @property
    def waiting_for_answer(self) -> int:
        return len(self.meeting_requests) + len(self.invitations) + len(self.direct_proposals)


def my_helix(user, *, now: dt.datetime | None = None) -> MyHelix:
    """Everything that concerns `user`, newest or soonest first, at most ``LIMIT`` rows per list."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    org_ids = acting_organisation_ids(user)
    mine = MyHelix(represents=bool(org_ids))
    if org_ids:
        _organisation_blocks(mine, org_ids, now=now, today=today)
    _personal_blocks(mine, user, now=now, today=today)
    if user.is_staff:
        mine.staff = staff_queue(now=now, today=today)
    elif _is_admin(user):
        mine.approvals = list(pending_requests_for(user)[:LIMIT])
    return mine


def _is_admin(user) -> bool:
    return Membership.objects.filter(
        person__user=user, role=Membership.Role.ADMIN, status=Membership.Status.APPROVED
    ).exists()


def _new_matches() -> Q:
    # "New" = ranked and nobody has acted on it yet (no interest, not dismissed).
    return Q(matches__state=Match.State.SUGGESTED)


def _organisation_blocks(mine: MyHelix, org_ids: set[int], *, now, today) -> None:
    mine.challenges = list(
        Challenge.objects.filter(organisation_id__in=org_ids)
        .exclude(status__in=[Challenge.Status.SOLVED, Challenge.Status.CLOSED])
        .annotate(new_matches=Count("matches", filter=_new_matches() & Q(matches__rank__isnull=False)))
        .only("pk", "title", "status", "updated_at")
        .order_by("-new_matches", "-updated_at", "pk")[:LIMIT]
    )
    mine.solutions = list(
        Solution.objects.filter(provider_id__in=org_ids, status=Solution.Status.PUBLISHED)
        .annotate(new_matches=Count("matches", filter=_new_matches() & Q(matches__solution_rank__isnull=False)))
        .only("pk", "title", "status", "updated_at")
        .order_by("-new_matches", "-updated_at", "pk")[:LIMIT]
    )
    mine.meeting_requests = list(
        MeetingRequest.objects.filter(
            to_participant__organisation_id__in=org_ids,
            to_participant__withdrawn_at__isnull=True,
            status=MeetingRequest.Status.PENDING,
            wheel__date__gte=today,
        )
        .exclude(priority=MeetingRequest.Priority.NO_THANKS)
        .select_related("wheel", "from_participant__organisation", "to_participant")
        .order_by("wheel__date", "created_at", "pk")[:LIMIT]
    )
    mine.invitations = list(
        Invitation.objects.filter(organisation_id__in=org_ids, status=Invitation.Status.PENDING, wheel__date__gte=today)
        .select_related("wheel", "inviter__organisation")
        .order_by("wheel__date", "pk")[:LIMIT]
    )
    mine.direct_proposals = list(
        DirectMeeting.objects.filter(invitee_id__in=org_ids, status=DirectMeeting.Status.PROPOSED)
        .select_related("proposer")
        .order_by("option_1", "pk")[:LIMIT]
    )
    mine.wheel_meetings = list(
        Meeting.objects.filter(
            Q(a__organisation_id__in=org_ids) | Q(b__organisation_id__in=org_ids),
            status=Meeting.Status.SCHEDULED,
            wheel__status=Wheel.Status.PUBLISHED,
            slot__ends_at__gte=now,
        )
        .select_related("wheel", "slot", "a__organisation", "b__organisation")
        .order_by("slot__starts_at", "pk")[:LIMIT]
    )
    for meeting in mine.wheel_meetings:
        own_is_a = meeting.a.organisation_id in org_ids
        meeting.own, meeting.other = (meeting.a, meeting.b) if own_is_a else (meeting.b, meeting.a)
    mine.direct_meetings = list(
        DirectMeeting.objects.filter(
            Q(proposer_id__in=org_ids) | Q(invitee_id__in=org_ids),
            status=DirectMeeting.Status.CONFIRMED,
            starts_at__gte=now - dt.timedelta(hours=2),
        )
        .select_related("proposer", "invitee")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    for meeting in mine.direct_meetings:
        meeting.other = meeting.invitee if meeting.proposer_id in org_ids else meeting.proposer


def _personal_blocks(mine: MyHelix, user, *, now, today) -> None:
    mine.registrations = list(
        Registration.objects.filter(Q(user=user) | Q(user__isnull=True, email=user.email.lower()))
        .filter(status__in=ACTIVE, event__ends_at__gte=now)
        .select_related("event")
        .order_by("event__starts_at", "pk")[:LIMIT]
    )
    for registration in mine.registrations:
        registration.token = tickets.cancel_token(registration.pk)
    mine.enrolments = list(
        Enrolment.objects.filter(person__user=user, status__in=ACTIVE, cohort__ends_on__gte=today)
        .select_related("cohort__course")
        .order_by("cohort__starts_on", "pk")[:LIMIT]
    )
    mine.certificates = list(
        Certificate.objects.filter(person__user=user, revoked_at__isnull=True).order_by("-issued_at", "-pk")[:LIMIT]
    )


def staff_queue(*, now=None, today=None) -> StaffQueue:
    """What staff must act on: representation requests, wheels to schedule, offers past their deadline
    (the sweep has not expired them yet: a stuck worker shows here)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    requests = Membership.objects.filter(status=Membership.Status.PENDING)
    queue = StaffQueue(
        representation_requests=list(
            requests.select_related("person", "organisation").order_by("created_at", "pk")[:LIMIT]
        ),
    )
    queue.representation_count = (
        len(queue.representation_requests) if len(queue.representation_requests) < LIMIT else requests.count()
    )
    horizon = timezone.localdate(now + SCHEDULE_HORIZON)
    queue.wheels_to_schedule = list(
        Wheel.objects.filter(status__in=[Wheel.Status.OPEN, Wheel.Status.CLOSED], date__gte=today)
        .filter(Q(status=Wheel.Status.CLOSED) | Q(registration_closes_at__lte=now) | Q(date__lte=horizon))
        .annotate(n_participants=Count("participants", filter=Q(participants__withdrawn_at__isnull=True)))
        .select_related("event")
        .order_by("date", "pk")[:LIMIT]
    )
    queue.overdue_registrations = list(
        Registration.objects.filter(status=SeatStatus.OFFERED, offer_expires_at__lt=now)
        .select_related("event")
        .order_by("offer_expires_at", "pk")[:LIMIT]
    )
    queue.overdue_enrolments = list(
        Enrolment.objects.filter(status=SeatStatus.OFFERED, offer_expires_at__lt=now)
        .select_related("cohort__course", "person")
        .order_by("offer_expires_at", "pk")[:LIMIT]
    )
    if mailbox.is_enabled():
        queue.mailbox_count = mailbox.MailboxMessage.objects.count()
    return queue
