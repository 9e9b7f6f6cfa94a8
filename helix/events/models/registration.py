from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helix.core.seats import ACTIVE, SeatFields, SeatStatus

from .event import Event, Question, Session


class Registration(SeatFields):
    """A person's registration to an event: a seat (confirmed/offered) or a place on its waiting list."""

    Status = SeatStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Stored lower-cased: the key for "already registered".
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    walk_in = models.BooleanField(_("walk-in"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # Covers the seat counting under the lock (see helix.core.seats._expire_and_promote).
        indexes = [models.Index(fields=["event", "status", "offer_expires_at"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="registration_unique_position"),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=ACTIVE),
                name="registration_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class Answer(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="answers", verbose_name=_("registration")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="answer_unique")]

    def __str__(self) -> str:
        return self.value


class SessionSeat(SeatFields):
    """A registration's seat in a session that has its own capacity (same waiting-list rules)."""

    Status = SeatStatus

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats", verbose_name=_("session"))
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_seats", verbose_name=_("registration")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("session seat")
        verbose_name_plural = _("session seats")
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="sessionseat_unique_position"),
            models.UniqueConstraint(
                fields=["session", "registration"],
                condition=models.Q(status__in=ACTIVE),
                name="sessionseat_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} · {self.session}"


class Attendance(models.Model):
    """A check-in: the registration was present at the event (session empty) or at one session."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        CODE = "code", _("Typed code")
        SEARCH = "search", _("Name search")
        WALK_IN = "walk_in", _("Walk-in")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("registration")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances", verbose_name=_("session")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.QR)

    class Meta:
        ordering = ["checked_in_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"], condition=models.Q(session__isnull=True), name="attendance_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=models.Q(session__isnull=False),
                name="attendance_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.name} · {self.session or self.registration.event}"
