"""Business wheels: data and invariants only. Business rules live in `helix.wheel.domain`.

Double-booking is prevented by the database, not by checks in Python:
- one live meeting per (slot, table): partial unique constraint on `Meeting`;
- one live meeting per (participant, slot): each live meeting has one `MeetingSeat` row per participant,
  unique on (participant, slot). Cancelling a meeting deletes its seats, freeing both people and the table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Wheel(models.Model):
    class Audience(models.TextChoices):
        BUYERS_SUPPLIERS = "buyers_suppliers", _("Buyers meet suppliers")
        ANY_TO_ANY = "any_to_any", _("Anyone meets anyone")

    class Mode(models.TextChoices):
        CONFIRM = "confirm", _("Participants confirm requests")
        COLLECT = "collect", _("Organiser schedules collected requests")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, related_name="wheels", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("first slot starts at"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    slot_count = models.PositiveSmallIntegerField(_("number of slots"), default=12)
    # [{"after": slot number (1-based), "minutes": n}] — a break after that slot.
    breaks = models.JSONField(_("breaks"), default=list, blank=True)
    tables = models.PositiveSmallIntegerField(_("tables per slot"), default=20)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    allow_late_registration = models.BooleanField(_("allow late registrations"), default=False)
    audience = models.CharField(
        _("who meets whom"), max_length=20, choices=Audience.choices, default=Audience.BUYERS_SUPPLIERS
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.CONFIRM)
    default_cap = models.PositiveSmallIntegerField(
        _("default meetings cap per participant"), null=True, blank=True, help_text=_("Empty: no cap.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("business wheel")
        verbose_name_plural = _("business wheels")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wheel:detail", args=[self.pk])


class Slot(models.Model):
    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="slots", verbose_name=_("wheel"))
    number = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    tables = models.PositiveSmallIntegerField(
        _("tables"), null=True, blank=True, help_text=_("Empty: the wheel's number of tables.")
    )

    class Meta:
        ordering = ["wheel", "number"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [models.UniqueConstraint(fields=["wheel", "number"], name="wheel_slot_number_unique")]

    def __str__(self) -> str:
        from django.utils import timezone

        return timezone.localtime(self.starts_at).strftime("%H:%M")

    @property
    def code(self) -> str:
        """The slot id in helix-wheel/1 files: local start time, unique within a one-day wheel."""
        return str(self)

    def table_count(self, wheel: Wheel | None = None) -> int:
        return self.tables if self.tables is not None else (wheel or self.wheel).tables


class Session(models.Model):
    """A named run of consecutive slots of a wheel (e.g. morning and afternoon, with lunch between).

    Slots are referred to by number (1-based, in time order), which survives re-generating the slots."""

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("wheel"))
    name = models.CharField(_("name"), max_length=60)
    first_slot = models.PositiveSmallIntegerField(_("first slot"))
    last_slot = models.PositiveSmallIntegerField(_("last slot"))

    class Meta:
        ordering = ["wheel", "first_slot"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["wheel", "name"], name="wheel_session_name_unique"),
            models.CheckConstraint(condition=Q(first_slot__lte=models.F("last_slot")), name="wheel_session_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SUPPLIER = "supplier", _("Supplier")
    ANY = "any", pgettext_lazy("participant side", "Any")


class Participant(models.Model):
    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="participants", verbose_name=_("wheel"))
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="wheel_participations",
        verbose_name=_("organisation"),
    )
    representatives = models.ManyToManyField(
        "network.Person", blank=True, related_name="wheel_participations", verbose_name=_("representatives")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    available_slots = models.ManyToManyField(
        Slot, blank=True, related_name="available_participants", verbose_name=_("available slots")
    )
    seeks = models.TextField(_("what we seek"), blank=True)
    offers = models.TextField(_("what we offer"), blank=True)
    # The organisation's own challenges and solutions it brings to the wheel (shown to the others).
    challenges = models.ManyToManyField(
        "matching.Challenge", blank=True, related_name="wheel_participations", verbose_name=_("challenges")
    )
    solutions = models.ManyToManyField(
        "matching.Solution", blank=True, related_name="wheel_participations", verbose_name=_("solutions")
    )
    cap = models.PositiveSmallIntegerField(
        _("meetings cap"), null=True, blank=True, help_text=_("Empty: the wheel's default cap.")
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["wheel", "organisation__name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["wheel", "organisation"], name="wheel_participant_org_unique")]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def code(self) -> str:
        """The participant id in helix-wheel/1 files."""
        return f"p{self.pk}"

    def effective_cap(self, wheel: Wheel | None = None) -> int | None:
        return self.cap if self.cap is not None else (wheel or self.wheel).default_cap


class MeetingRequest(models.Model):
    class Priority(models.TextChoices):
        MUST = "must", _("Must meet")
        LIKE = "like", _("Would like to meet")
        NO_THANKS = "no_thanks", _("No thanks")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="requests", verbose_name=_("wheel"))
    from_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sent_requests", verbose_name=_("from")
    )
    to_participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="received_requests", verbose_name=_("to")
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    added_by_organiser = models.BooleanField(_("added by the organiser"), default=False)
    # The matcher's suggestion behind the request: the meeting's outcome moves that pair's pipeline.
    source_match = models.ForeignKey(
        "matching.Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wheel_requests",
        verbose_name=_("source match"),
    )
    # "Only in the morning": the meeting may only take place in this session's slots.
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("session"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["wheel", "-created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["from_participant", "to_participant"], name="wheel_request_unique"),
            models.CheckConstraint(
                condition=~Q(from_participant=models.F("to_participant")), name="wheel_request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_participant} → {self.to_participant} ({self.get_priority_display()})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")
        WALK_IN = "walk_in", _("Walk-in")

    LIVE = (Status.SCHEDULED, Status.HELD, Status.NO_SHOW, Status.WALK_IN)

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("wheel"))
    # a.pk < b.pk always (normalised by the domain), so a pair has one spelling.
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_a", verbose_name="A")
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_b", verbose_name="B")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    locked = models.BooleanField(_("locked"), default=False, help_text=_("Kept in place when re-scheduling."))
    published = models.BooleanField(_("published"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    request = models.ForeignKey(
        MeetingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("request"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["slot__number", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"], condition=~Q(status="cancelled"), name="wheel_meeting_table_unique"
            ),
            models.UniqueConstraint(
                fields=["wheel", "a", "b"], condition=~Q(status="cancelled"), name="wheel_meeting_pair_unique"
            ),
            models.CheckConstraint(condition=Q(a__lt=models.F("b")), name="wheel_meeting_pair_ordered"),
            models.CheckConstraint(condition=Q(table__gte=1), name="wheel_meeting_table_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.table}: {self.a} – {self.b}"

    def counterpart(self, participant_id: int) -> Participant:
        return self.b if self.a_id == participant_id else self.a


class MeetingSeat(models.Model):
    """One row per participant of a live meeting; the unique (participant, slot) forbids double-booking."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="wheel_seat_participant_slot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}@{self.slot_id}"


class ScheduleRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="runs", verbose_name=_("wheel"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    time_limit = models.FloatField(_("time limit (seconds)"), default=10.0)
    allow_moves = models.BooleanField(_("allow moving published meetings"), default=False)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    # {"added": [...], "moved": [...], "cancelled": [...]} — human-readable pair descriptions.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")

    def __str__(self) -> str:
        return f"{self.wheel} · {self.created_at:%Y-%m-%d %H:%M}"


class MeetingOutcome(models.Model):
    class Outcome(models.TextChoices):
        NO_INTEREST = "no_interest", _("No interest")
        FOLLOW_UP = "follow_up", _("Follow-up")
        PROPOSAL_REQUESTED = "proposal_requested", _("Proposal requested")
        PILOT = "pilot", _("Pilot agreed")
        AGREEMENT = "agreement", _("Agreement agreed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting"))
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("reported by")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    pushed_to_pipeline = models.BooleanField(_("sent to the challenge pipeline"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [models.UniqueConstraint(fields=["meeting", "participant"], name="wheel_outcome_one_per_side")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_outcome_display()}"


class Invitation(models.Model):
    """A challenge's organisation invites a matched provider to the wheel: accepting registers the
    provider with the meeting request (from the inviter's side, about that match) already made."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    wheel = models.ForeignKey(Wheel, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("wheel"))
    inviter = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sent_invitations", verbose_name=_("invited by")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="wheel_invitations",
        verbose_name=_("invited organisation"),
    )
    match = models.ForeignKey(
        "matching.Match", on_delete=models.CASCADE, related_name="wheel_invitations", verbose_name=_("match")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_invitations",
        verbose_name=_("registered as"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("wheel invitation")
        verbose_name_plural = _("wheel invitations")
        constraints = [
            models.UniqueConstraint(fields=["wheel", "organisation", "match"], name="wheel_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inviter} → {self.organisation} ({self.wheel})"


class DirectMeeting(models.Model):
    """A one-to-one meeting agreed directly between a challenge's organisation and a matched provider,
    when no wheel is planned: one side proposes up to three times, the other accepts one."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    MAX_OPTIONS = 3

    match = models.ForeignKey(
        "matching.Match", on_delete=models.CASCADE, related_name="direct_meetings", verbose_name=_("match")
    )
    proposer = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed by")
    )
    invitee = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed to")
    )
    option_1 = models.DateTimeField(_("first option"))
    option_2 = models.DateTimeField(_("second option"), null=True, blank=True)
    option_3 = models.DateTimeField(_("third option"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    place = models.CharField(_("place or video link"), max_length=300)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("direct meeting")
        verbose_name_plural = _("direct meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="confirmed", starts_at__isnull=False) | ~Q(status="confirmed"),
                name="direct_meeting_confirmed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposer} – {self.invitee}"

    @property
    def options(self) -> list:
        return [t for t in (self.option_1, self.option_2, self.option_3) if t is not None]

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.minutes) if self.starts_at else None

    def side_of(self, organisation_id: int) -> str:
        return "proposer" if organisation_id == self.proposer_id else "invitee"


class DirectMeetingOutcome(models.Model):
    """Each side's outcome of a direct meeting (same scale as wheel meetings)."""

    meeting = models.ForeignKey(
        DirectMeeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting")
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=MeetingOutcome.Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("direct meeting outcome")
        verbose_name_plural = _("direct meeting outcomes")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="direct_outcome_one_per_side")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_outcome_display()}"
