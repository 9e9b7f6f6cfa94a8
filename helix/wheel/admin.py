from django.contrib import admin

from .models import Meeting, MeetingOutcome, MeetingRequest, Participant, ScheduleRun, Slot, Wheel


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
    raw_id_fields = ["organisation", "representatives"]
    filter_horizontal = ["available_slots"]
    list_select_related = ["organisation", "wheel"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["from_participant", "to_participant", "priority", "status", "added_by_organiser", "wheel"]
    list_filter = ["wheel", "priority", "status", "added_by_organiser"]
    search_fields = ["from_participant__organisation__name", "to_participant__organisation__name"]
    raw_id_fields = ["from_participant", "to_participant"]
    list_select_related = ["from_participant__organisation", "to_participant__organisation", "wheel"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Read-mostly: meetings are written by the scheduler and the organiser pages (they keep seats)."""

    list_display = ["slot", "table", "a", "b", "status", "locked", "published", "wheel"]
    list_filter = ["wheel", "status", "locked", "published"]
    search_fields = ["a__organisation__name", "b__organisation__name"]
    list_select_related = ["slot", "a__organisation", "b__organisation", "wheel"]
    readonly_fields = ["wheel", "a", "b", "slot", "table", "request", "status"]


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
class MeetingOutcomeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "participant", "outcome", "pushed_to_pipeline", "created_at"]
    list_filter = ["outcome", "pushed_to_pipeline"]
    raw_id_fields = ["meeting", "participant"]
