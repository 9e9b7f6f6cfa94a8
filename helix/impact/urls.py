"""Impact pages. Figures (dashboard, public page, reports) and strategy (coverage, expansion, partners)
keep their own URL modules so they can grow apart."""

from django.urls import include, path

app_name = "impact"

urlpatterns = [
    path("", include("helix.impact.urls_figures")),
    path("", include("helix.impact.urls_strategy")),
]
