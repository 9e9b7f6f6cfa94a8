from django.contrib import admin

from .models import Delivery, Issue, Segment, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "status", "consent_version", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "consent_version", "language"]
    search_fields = ["email", "name"]
    raw_id_fields = ["person"]
    filter_horizontal = ["topics", "regions"]
    readonly_fields = [
        "consent_version",
        "consent_text",
        "consent_requested_at",
        "consent_ip",
        "confirmation_sent_at",
        "confirmed_at",
        "confirmed_ip",
        "unsubscribed_at",
    ]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    filter_horizontal = ["regions", "topics", "events"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "segment", "total_recipients", "sent_count", "skipped_count", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = ["status", "send_started_at", "sent_at", "total_recipients", "sent_count", "skipped_count"]
    list_select_related = ["segment"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscriber", "status", "sent_at"]
    list_filter = ["status"]
    raw_id_fields = ["issue", "subscriber"]
    list_select_related = ["issue", "subscriber"]
