from django.contrib import admin

from helix.core.admin import CapacityAdminMixin

from .models import Attendance, Cohort, Course, Enrolment, Module, Session


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "hours", "attendance_threshold", "pass_mark", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    raw_id_fields = ["organiser"]
    inlines = [ModuleInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Cohort)
class CohortAdmin(CapacityAdminMixin, admin.ModelAdmin):
    list_display = ["course", "name", "starts_on", "ends_on", "capacity", "mode", "enrolment_open"]
    list_filter = ["mode", "enrolment_open", "course__kind"]
    search_fields = ["name", "course__title"]
    raw_id_fields = ["instructors", "commune"]
    list_select_related = ["course"]
    inlines = [SessionInline]

    def set_capacity(self, *, actor, pk, capacity):
        # Imported here: the domain pulls in the certificates' PDF library, which the admin module
        # should not load into every process.
        from .domain import set_cohort_capacity

        return set_cohort_capacity(actor=actor, cohort_id=pk, capacity=capacity)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Read-mostly: seat changes must go through the domain (waiting-list rules), not the admin."""

    list_display = ["person", "cohort", "status", "position", "final_mark", "completed_at"]
    list_filter = ["status"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "cohort__course__title"]
    list_select_related = ["person", "cohort__course"]
    readonly_fields = ["cohort", "person", "status", "position", "offer_expires_at", "created_at", "status_changed_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would free a seat without offering it to the waiting list.
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "session", "present", "marked_at"]
    list_filter = ["present"]
    raw_id_fields = ["session", "enrolment", "marked_by"]
    list_select_related = ["enrolment__person", "enrolment__cohort__course", "session"]
