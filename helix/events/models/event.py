from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Event(models.Model):
    """Anything that brings people together: congress, fair, technical table, workshop, webinar…

    Shared by events, business wheels, academy and impact; those apps hang their own records on it.
    """

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Congress")
        FAIR = "fair", _("Fair")
        TECHNICAL_TABLE = "technical_table", _("Technical round table")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        SEMINAR = "seminar", _("Seminar")
        BUSINESS_WHEEL = "business_wheel", _("Business wheel")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("event", "Published")
        CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("commune"),
    )
    # Where the event sits for coverage and impact figures (issue 9): an event abroad sits in its own
    # country and region, not its organiser's. A commune in Chile sets the region; the region its country.
    region = models.ForeignKey(
        "territory.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
        help_text=_("For an event outside Chile, or online: the region it belongs to. A commune sets it."),
    )
    country = models.CharField(
        _("country"), max_length=2, default="CL", blank=True, help_text=_("ISO 3166-1 alpha-2 code; a region sets it.")
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("Shown only to registered people."))
    organiser = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="partnered_events", verbose_name=_("partner organisations")
    )
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="events", verbose_name=_("topics"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Registration settings. The Event row is also the lock for its seats (see helix.core.seats).
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats available; empty means unlimited.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"),
        default=48,
        help_text=_("How long a person from the waiting list has to confirm a seat offered to them."),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def is_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)


class Session(models.Model):
    """A part of an event's programme: a talk, a panel, a workshop room. May have its own capacity."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats for this session; empty means no separate limit.")
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """A directory person speaking at or moderating an event (optionally a given session)."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event"))
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="speakers", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "network.Person", on_delete=models.PROTECT, related_name="event_roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Question(models.Model):
    """A custom question asked on an event's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes / no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event"))
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a choice question: one option per line."))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
