"""URLs of the strategy pages: territorial coverage, countries, expansion ranking, partner network."""

from django.urls import path

from .strategy import views

urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/map/", views.coverage_map_fragment, name="coverage-map"),
    path("coverage/regions/<int:pk>/", views.coverage_region, name="coverage-region"),
    path("countries/", views.countries_page, name="countries"),
    path("countries/<str:code>/", views.country_page, name="country"),
    path("expansion/", views.expansion_page, name="expansion"),
    path("partners/", views.partners_page, name="partners"),
]
