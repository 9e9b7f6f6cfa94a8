from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helix.core.seats import ACTIVE, SeatFields

# Chilean grading scale: 1.0 to 7.0, 4.0 usually passes.
MARK_VALIDATORS = [MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("7.0"))]


class Course(models.Model):
    """A course, seminar or webinar of the academy. Runs as one or more cohorts."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        SEMINAR = "seminar", _("Seminar")
        WEBINAR = "webinar", _("Webinar")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="courses", verbose_name=_("topics"))
    organiser = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("organiser"),
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=Decimal("0"))
    attendance_threshold = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=75, validators=[MaxValueValidator(100)]
    )
    pass_mark = models.DecimalField(
        _("pass mark of the final assessment"),
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=MARK_VALIDATORS,
        help_text=_("1.0–7.0. Leave empty when the course has no final assessment."),
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance_threshold__lte=100), name="course_threshold_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("academy:course", args=[self.slug])


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Cohort(models.Model):
    """One run of a course: dates, capacity (with waiting list), place or link, instructors."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("course"))
    name = models.CharField(_("name"), max_length=120, help_text=_("For example “2026, second semester”."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: unlimited."))
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"), default=48, validators=[MinValueValidator(1)]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("commune"),
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("Shown only to enrolled people."))
    instructors = models.ManyToManyField(
        "network.Person", blank=True, related_name="taught_cohorts", verbose_name=_("instructors")
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    completion_evaluated_at = models.DateTimeField(_("completion evaluated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("academy:cohort", args=[self.course.slug, self.pk])


class Session(models.Model):
    """A class of a cohort: attendance is taken per session."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort"))
    module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="academy_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(SeatFields):
    """A person's place in a cohort; capacity and waiting list follow `helix.core.seats`."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("cohort"))
    person = models.ForeignKey(
        "network.Person", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    final_mark = models.DecimalField(
        _("final assessment mark"), max_digits=2, decimal_places=1, null=True, blank=True, validators=MARK_VALIDATORS
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "position"], name="enrolment_unique_waiting_position"),
            # A person holds at most one live enrolment per cohort (may re-enrol after cancelling).
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=models.Q(status__in=[str(s) for s in ACTIVE]),
                name="enrolment_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.cohort}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session"))
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    present = models.BooleanField(_("present"), default=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="academy_attendance_once")]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}: {self.present}"
