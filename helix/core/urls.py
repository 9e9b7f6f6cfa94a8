from django.urls import path

from . import favicon, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    # phone/offline: browsers ask for /favicon.ico whatever the page says; answer with the static icon
    path("favicon.ico", favicon.favicon, name="favicon"),
]
