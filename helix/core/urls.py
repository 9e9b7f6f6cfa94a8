from django.urls import path

from . import audit_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # Audit log (ops)
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_log_export, name="audit_log_export"),
]
