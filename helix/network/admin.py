"""Staff back-office for the directory. Saves go through the domain so derived columns stay right."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helix.core.text import fold_words

from . import domain
from .models import Agreement, AgreementConfirmation, Membership, Organisation, Person, Topic


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position", "status"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "kind", "commune", "country"]
    list_filter = ["sector", "kind", "region"]
    search_fields = ["name", "normalized_name"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["topics", "operating_regions"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    inlines = [MembershipInline]
    list_select_related = ["commune"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["sector"].required = False  # derived from the kind when left empty
        form.base_fields["sector"].help_text = _("Left empty, it follows from the kind.")
        return form

    def save_model(self, request, obj, form, change):
        obj.normalized_name = fold_words(obj.name)
        if not obj.slug:
            obj.slug = domain.organisation_slug(obj.name)
        if obj.kind and not obj.sector:
            obj.sector = domain.KIND_SECTOR.get(obj.kind, "")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        domain.refresh_search_text(organisation=form.instance)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "commune", "public_profile"]
    list_filter = ["public_profile"]
    search_fields = ["first_name", "last_name", "email"]
    autocomplete_fields = ["commune", "user"]
    filter_horizontal = ["expertise"]
    list_select_related = ["commune"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        domain.refresh_search_text(person=form.instance)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "position", "status"]
    list_filter = ["role", "status"]
    search_fields = ["person__last_name", "person__email", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]


class ConfirmationInline(admin.TabularInline):
    model = AgreementConfirmation
    extra = 0
    fields = ["organisation", "confirmed_by", "confirmed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Confirm the selected agreements (for every party)"))
def confirm_agreements(modeladmin, request, queryset):
    """Through the domain, like the confirm button: only pending agreements become active."""
    for agreement in queryset:
        try:
            domain.confirm_agreement(actor=request.user, agreement=agreement)
        except ValidationError as error:
            modeladmin.message_user(request, f"{agreement}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    autocomplete_fields = ["parties"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["challenge", "match", "meeting", "direct_meeting"]
    readonly_fields = ["confirmed_at", "created_by"]
    inlines = [ConfirmationInline]
    actions = [confirm_agreements]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name_es", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_es", "name_en"]
