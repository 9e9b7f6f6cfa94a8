from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from helix.core.admin import CapacityAdminMixin, CapacityModelForm
from helix.core.errors import HelixError
from helix.events.models import (
    Answer,
    Attendance,
    CertificateBatch,
    Commitment,
    Event,
    Minutes,
    Question,
    Registration,
    Session,
    SessionSeat,
    Speaker,
)


class SessionInline(admin.TabularInline):
    model = Session
    form = CapacityModelForm
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    raw_id_fields = ["person"]
    fields = ["person", "role", "session", "order"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(CapacityAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "mode", "status", "starts_at", "commune", "capacity", "registration_open"]
    list_filter = ["kind", "mode", "status", "registration_open"]
    search_fields = ["title", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["commune"]
    raw_id_fields = ["organiser"]
    filter_horizontal = ["partners", "topics"]
    date_hierarchy = "starts_at"
    inlines = [SessionInline, SpeakerInline, QuestionInline]

    def set_capacity(self, *, actor, pk, capacity):
        # Imported here, like the actions below: the admin module stays light for every process.
        from helix.events.domain.capacity import set_event_capacity

        return set_event_capacity(actor=actor, event_id=pk, capacity=capacity)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Session:
            return super().save_formset(request, form, formset, change)
        changed = {}
        for session_form in formset.forms:
            session = session_form.instance
            if session.pk and "capacity" in session_form.changed_data and session_form not in formset.deleted_forms:
                changed[session.pk] = session.capacity
                session.capacity = session_form.initial["capacity"]
        super().save_formset(request, form, formset, change)
        from helix.events.domain.capacity import set_session_capacity

        for session_id, capacity in changed.items():
            set_session_capacity(actor=request.user, session_id=session_id, capacity=capacity)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "value"]
    can_delete = False


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    readonly_fields = ["session", "checked_in_at", "checked_in_by", "method"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-mostly: seats change only through the domain (cancel action), never by editing status."""

    list_display = ["name", "email", "event", "status", "position", "offer_expires_at", "created_at", "walk_in"]
    list_filter = ["status", "walk_in", "event__kind"]
    search_fields = ["name", "email", "event__title"]
    list_select_related = ["event"]
    readonly_fields = [
        "event",
        "status",
        "position",
        "offer_expires_at",
        "created_at",
        "status_changed_at",
        "user",
        "person",
    ]
    inlines = [AnswerInline, AttendanceInline]
    actions = ["cancel_selected"]

    @admin.action(description=_("Cancel the selected registrations (frees their seats)"))
    def cancel_selected(self, request, queryset):
        from helix.events.domain.registration import cancel_registration

        done = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                cancel_registration(registration_id=pk, actor=request.user)
                done += 1
            except HelixError:
                pass
        self.message_user(request, _("%(n)d registrations cancelled.") % {"n": done})


@admin.register(SessionSeat)
class SessionSeatAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "status", "position"]
    list_filter = ["status"]
    list_select_related = ["registration", "session"]
    readonly_fields = ["session", "registration", "status", "position", "offer_expires_at", "created_at"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "session", "checked_in_at", "method"]
    list_filter = ["method"]
    list_select_related = ["registration", "session"]
    search_fields = ["registration__name", "registration__email"]
    raw_id_fields = ["registration", "session", "checked_in_by"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    raw_id_fields = ["owner_person", "owner_organisation"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["event", "published", "updated_at"]
    filter_horizontal = ["topics"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["description", "owner_organisation", "owner_person", "due_on", "status", "done_at"]
    list_filter = ["status"]
    list_select_related = ["owner_organisation", "owner_person"]
    raw_id_fields = ["owner_person", "owner_organisation"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ["event", "status", "issued", "skipped", "total", "created_at", "finished_at"]
    readonly_fields = [
        "event",
        "requested_by",
        "status",
        "issued",
        "skipped",
        "total",
        "error",
        "created_at",
        "finished_at",
    ]
