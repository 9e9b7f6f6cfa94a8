from django.urls import path

from . import audit_views, autocomplete, favicon, mailbox_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Audit log (ops)
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_log_export, name="audit_log_export"),
    # phone/offline: browsers ask for /favicon.ico whatever the page says; answer with the static icon
    path("favicon.ico", favicon.favicon, name="favicon"),
    # big lists: JSON matches for searchable selects (each app registers its kinds)
    path("autocomplete/<slug:kind>/", autocomplete.autocomplete_view, name="autocomplete"),
    # The local mailbox for staff (issue 12 §5).
    path("staff/mailbox/", mailbox_views.mailbox, name="mailbox"),
    path("staff/mailbox/<int:pk>/", mailbox_views.mailbox_message, name="mailbox_message"),
    path(
        "staff/mailbox/<int:pk>/attachments/<int:index>/", mailbox_views.mailbox_attachment, name="mailbox_attachment"
    ),
]
