from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from helix.core import audit, personal_data

from .models import RecoveryCodes, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    # Deleting an account in the back office erases the person's data everywhere, like the owner's
    # own deletion does (Ley 21.719): a bare row delete would leave registrations naming them.
    def delete_model(self, request, obj):
        personal_data.erase_personal_data(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            personal_data.erase_personal_data(user=user, actor=request.user)

    # Audit log (ops): a change to an account's flags, groups or permissions is a permission change.
    ROLE_FLAGS = ("is_active", "is_staff", "is_superuser")

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values(*self.ROLE_FLAGS).first() if change else {}
        super().save_model(request, obj, form, change)
        changed = {
            flag: getattr(obj, flag)
            for flag in self.ROLE_FLAGS
            if (before or {}).get(flag, False) != getattr(obj, flag)
        }
        if changed:
            audit.record(request.user, audit.Action.ROLE_CHANGED, obj, **changed)

    def save_related(self, request, form, formsets, change):
        before = {
            "groups": sorted(form.instance.groups.values_list("name", flat=True)) if change else [],
            "permissions": sorted(form.instance.user_permissions.values_list("codename", flat=True)) if change else [],
        }
        super().save_related(request, form, formsets, change)
        after = {
            "groups": sorted(form.instance.groups.values_list("name", flat=True)),
            "permissions": sorted(form.instance.user_permissions.values_list("codename", flat=True)),
        }
        changed = {key: after[key] for key in after if after[key] != before[key]}
        if changed:
            audit.record(request.user, audit.Action.ROLE_CHANGED, form.instance, **changed)


# Two-factor recovery codes (issue 11): staff can delete a person's set (lost phone and codes); the codes
# themselves are stored hashed and never shown.
@admin.register(RecoveryCodes)
class RecoveryCodesAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__email",)
    fields = ("user", "name", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
