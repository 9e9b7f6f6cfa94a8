from django.urls import path

from . import autocomplete, favicon, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # phone/offline: browsers ask for /favicon.ico whatever the page says; answer with the static icon
    path("favicon.ico", favicon.favicon, name="favicon"),
    # big lists: JSON matches for searchable selects (each app registers its kinds)
    path("autocomplete/<slug:kind>/", autocomplete.autocomplete_view, name="autocomplete"),
]
