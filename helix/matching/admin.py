"""Staff back office for matching. Edits of challenges/solutions go through the domain (index clock)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .domain.records import (
    CHALLENGE_FIELDS,
    SOLUTION_FIELDS,
    delete_challenge,
    delete_solution,
    save_challenge,
    save_solution,
)
from .domain.thesaurus import delete_thesaurus_entry, save_thesaurus_entry
from .models import Challenge, Match, MatchRun, Outcome, PipelineEntry, PipelineEvent, Solution, ThesaurusEntry


class _RecordAdmin(admin.ModelAdmin):
    """A challenge or a solution edited in the back office: saved and deleted through the domain (which
    checks the actor and moves the index clock), re-ranked once its topics are saved.

    Each subclass names its domain calls: ``save_domain(request, *, record, owner, values)``,
    ``recompute(pk)`` and ``delete_domain(request, obj)``."""

    fields_of_record: tuple[str, ...] = ()
    owner_field = ""  # the organisation the record belongs to, passed to the domain by name

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in self.fields_of_record if name in form.cleaned_data}
        owner = form.cleaned_data[self.owner_field]
        saved = self.save_domain(request, record=obj if change else None, owner=owner, values=values)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.recompute(form.instance.pk)

    def delete_model(self, request, obj):
        self.delete_domain(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_domain(request, obj)


@admin.register(Challenge)
class ChallengeAdmin(_RecordAdmin):
    list_display = ["title", "organisation", "region", "status", "visibility", "created_at"]
    list_filter = ["status", "visibility", "region", "topics"]
    search_fields = ["title", "search_text", "organisation__name"]
    raw_id_fields = ["organisation", "commune"]
    filter_horizontal = ["topics"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    fields_of_record = CHALLENGE_FIELDS
    owner_field = "organisation"

    def save_domain(self, request, *, record, owner, values):
        # topics are saved after this; save_related recomputes
        return save_challenge(actor=request.user, organisation=owner, challenge=record, recompute=False, **values)

    def recompute(self, pk: int):
        from .domain.matching import recompute_challenge

        recompute_challenge(challenge_id=pk)

    def delete_domain(self, request, obj):
        delete_challenge(actor=request.user, challenge=obj)


@admin.register(Solution)
class SolutionAdmin(_RecordAdmin):
    list_display = ["title", "provider", "language", "maturity", "all_chile", "status", "created_at"]
    list_filter = ["status", "language", "maturity", "all_chile", "topics"]
    search_fields = ["title", "search_text", "provider__name"]
    raw_id_fields = ["provider", "contact"]
    filter_horizontal = ["topics", "regions"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fields_of_record = SOLUTION_FIELDS
    owner_field = "provider"

    def save_domain(self, request, *, record, owner, values):
        return save_solution(actor=request.user, provider=owner, solution=record, recompute=False, **values)

    def recompute(self, pk: int):
        from .domain.matching import recompute_solution

        recompute_solution(solution_id=pk)

    def delete_domain(self, request, obj):
        delete_solution(actor=request.user, solution=obj)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["challenge", "solution", "score", "rank", "solution_rank", "region_fit", "state", "computed_at"]
    list_filter = ["state", "region_fit"]
    search_fields = ["challenge__title", "solution__title"]
    list_select_related = ["challenge", "solution"]
    # Scores come from the matcher; staff act on matches from the site (interest, dismissal).
    readonly_fields = [f.name for f in Match._meta.fields]

    def has_add_permission(self, request):
        return False


class PipelineEventInline(admin.TabularInline):
    model = PipelineEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_stage", "to_stage", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # append-only: moves happen on the board


@admin.register(PipelineEntry)
class PipelineEntryAdmin(admin.ModelAdmin):
    list_display = ["challenge", "solution", "stage", "updated_at"]
    list_filter = ["stage"]
    list_select_related = ["challenge", "solution"]
    search_fields = ["challenge__title", "solution__title"]
    readonly_fields = ["challenge", "solution", "stage", "created_at", "updated_at"]
    inlines = [PipelineEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["challenge", "solution", "kind", "date", "amount_clp", "agreement"]
    list_filter = ["kind"]
    list_select_related = ["challenge", "solution", "agreement"]
    search_fields = ["challenge__title", "solution__title", "summary"]
    raw_id_fields = ["challenge", "solution", "entry", "agreement"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["recorded_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "progress", "done", "total", "matches_written", "requested_by"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in MatchRun._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.percent}%"


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    """Staff edits to the matcher's thesaurus; each save queues a full recompute."""

    list_display = ["concept", "topic", "active", "updated_by", "updated_at"]
    list_filter = ["active", "topic"]
    search_fields = ["concept", "terms_es", "terms_en"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        save_thesaurus_entry(actor=request.user, entry=obj)
        self.message_user(request, _("Saved. All matches will be recomputed with the new thesaurus."))

    def delete_model(self, request, obj):
        delete_thesaurus_entry(actor=request.user, entry=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_thesaurus_entry(actor=request.user, entry=obj)
