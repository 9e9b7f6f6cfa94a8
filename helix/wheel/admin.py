from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .domain import requests as requests_domain
from .models import (
    DirectMeeting,
    DirectMeetingOutcome,
    Invitation,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Slot,
    Wheel,
)


class ReadOnly:
    """Shown, never edited here: these records change state only through `helix.wheel.domain`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    fields = ["number", "starts_at", "ends_at", "tables"]


@admin.register(Wheel)
class WheelAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "date", "status", "mode", "audience"]
    list_filter = ["status", "mode", "audience"]
    search_fields = ["name", "event__title"]
    raw_id_fields = ["event"]
    inlines = [SlotInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["organisation", "wheel", "side", "cap", "checked_in_at", "no_show"]
    list_filter = ["wheel", "side", "no_show"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "representatives", "challenges", "solutions"]
    filter_horizontal = ["available_slots"]
    list_select_related = ["organisation", "wheel"]


def _answer(modeladmin, request, queryset, *, accept: bool) -> None:
    """Answer each selected request through the domain (its permission and consistency rules apply)."""
    done = 0
    for req in queryset.select_related("wheel__event", "to_participant__wheel__event"):
        try:
            requests_domain.answer(user=request.user, request=req, accept=accept)
        except (PermissionDenied, ValidationError) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"{req}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, ngettext("%(n)d request answered.", "%(n)d requests answered.", done) % {"n": done}
        )


@admin.action(description=_("Accept the selected requests"))
def accept_requests(modeladmin, request, queryset):
    _answer(modeladmin, request, queryset, accept=True)


@admin.action(description=_("Decline the selected requests"))
def decline_requests(modeladmin, request, queryset):
    _answer(modeladmin, request, queryset, accept=False)


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: requests change state through the domain (the actions below), never by editing a field."""

    list_display = ["from_participant", "to_participant", "priority", "status", "added_by_organiser", "wheel"]
    list_filter = ["wheel", "priority", "status", "added_by_organiser"]
    search_fields = ["from_participant__organisation__name", "to_participant__organisation__name"]
    list_select_related = ["from_participant__organisation", "to_participant__organisation", "wheel"]
    actions = [accept_requests, decline_requests]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: meetings are written by the scheduler and the organiser pages (they keep seats)."""

    list_display = ["slot", "table", "a", "b", "status", "locked", "published", "wheel"]
    list_filter = ["wheel", "status", "locked", "published"]
    search_fields = ["a__organisation__name", "b__organisation__name"]
    list_select_related = ["slot", "a__organisation", "b__organisation", "wheel"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["wheel", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [
        "wheel",
        "status",
        "progress",
        "message",
        "stats",
        "changes",
        "problems",
        "created_by",
        "finished_at",
    ]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: outcomes are recorded by the meeting's sides through the domain."""

    list_display = ["meeting", "participant", "outcome", "pushed_to_pipeline", "created_at"]
    list_filter = ["outcome", "pushed_to_pipeline"]
    list_select_related = ["meeting__slot", "meeting__a__organisation", "meeting__b__organisation", "participant"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["organisation", "inviter", "wheel", "status", "created_at"]
    list_filter = ["status", "wheel"]
    search_fields = ["organisation__name", "inviter__organisation__name"]
    list_select_related = ["organisation", "inviter__organisation", "wheel"]


@admin.register(DirectMeeting)
class DirectMeetingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["proposer", "invitee", "status", "starts_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["proposer__name", "invitee__name"]
    list_select_related = ["proposer", "invitee"]


@admin.register(DirectMeetingOutcome)
class DirectMeetingOutcomeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["meeting", "organisation", "outcome", "created_at"]
    list_filter = ["outcome"]
    list_select_related = ["meeting__proposer", "meeting__invitee", "organisation"]
