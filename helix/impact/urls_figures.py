"""URLs of the impact figures: dashboard, public page, drill-downs, reports."""

from django.urls import path

from . import views_figures as views

urlpatterns = [
    path("", views.public, name="public"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("figures/<slug:key>/", views.drilldown, name="figure"),
    path("manual/", views.manual, name="manual"),
    path("report.pdf", views.report, {"file_format": "pdf"}, name="report_pdf"),
    path("report.xlsx", views.report, {"file_format": "xlsx"}, name="report_xlsx"),
]
