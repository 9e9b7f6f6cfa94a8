from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import domain
from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "person", "kind", "title", "issued_at", "emailed_at", "revoked_at"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["code", "title", "person__first_name", "person__last_name", "person__email"]
    raw_id_fields = ["person", "issued_by"]
    readonly_fields = ["code", "issued_at", "emailed_at", "revoked_at"]
    list_select_related = ["person"]
    actions = ["revoke_selected"]

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke_selected(self, request, queryset):
        for certificate in queryset:
            domain.revoke_certificate(certificate=certificate, actor=request.user)
        self.message_user(request, _("%(n)d certificates revoked.") % {"n": len(queryset)})
