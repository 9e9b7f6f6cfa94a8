"""The anonymous page cache (helix/core/page_cache.py): public pages are built once per period for
visitors who are not signed in, each visitor still gets their own working CSRF token, and nothing
personal or partial is ever kept or served."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helix.core.page_cache import HEADER
from helix.events.models import Event, Registration
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.HELIX_PAGE_CACHE = {"events:detail": 10, "events:calendar": 60, "network:directory": 30}
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def test_the_second_anonymous_visitor_gets_the_kept_page_with_their_own_token():
    event = EventFactory(title="Foro de movilidad")
    url = reverse("events:detail", args=[event.slug])
    first, second = Client(), Client()
    built = first.get(url)
    assert built.status_code == 200 and built[HEADER] == "miss"
    Event.objects.filter(pk=event.pk).update(title="Título cambiado")
    kept = second.get(url)
    assert kept[HEADER] == "hit" and "Foro de movilidad" in kept.content.decode()
    # A fresh visitor gets a CSRF cookie, and the page's tokens are theirs, not the first visitor's.
    secret = kept.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert secret != built.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert _tokens(kept) and all(_unmask_cipher_token(t) == secret for t in _tokens(kept))
    assert f'"X-CSRFToken": "{next(iter(_tokens(kept)))}"' in kept.content.decode()
    assert kept["Content-Security-Policy"] and kept["Permissions-Policy"] and kept["X-Frame-Options"] == "DENY"


def test_a_form_on_a_kept_page_can_be_sent():
    event = EventFactory()
    url = reverse("events:detail", args=[event.slug])
    Client().get(url)  # builds and keeps the page
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert page[HEADER] == "hit"
    token = next(iter(_tokens(page)))
    response = visitor.post(url, {"csrfmiddlewaretoken": token, "name": "Ana Pérez", "email": "ana@example.cl"})
    assert response.status_code == 200 and "ana@example.cl" in response.content.decode()  # "check your mailbox"
    again = visitor.get(url)  # a returning visitor (with their CSRF cookie) keeps their secret
    assert all(
        _unmask_cipher_token(t) == visitor.cookies[django_settings.CSRF_COOKIE_NAME].value for t in _tokens(again)
    )


def test_the_page_is_built_again_after_its_period():
    event = EventFactory(title="Foro de movilidad")
    url = reverse("events:detail", args=[event.slug])
    Client().get(url)
    Event.objects.filter(pk=event.pk).update(title="Foro de movilidad sostenible")
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=11)):
        fresh = Client().get(url)
    assert fresh[HEADER] == "miss" and "Foro de movilidad sostenible" in fresh.content.decode()


def test_signed_in_people_and_visitors_with_state_never_get_a_kept_page():
    event = EventFactory()
    url = reverse("events:detail", args=[event.slug])
    Client().get(url)
    person = Client()
    person.force_login(UserFactory(full_name="Rosa Díaz"))
    own = person.get(url)
    assert HEADER not in own and "Rosa Díaz" in own.content.decode()
    with_message = Client()
    with_message.cookies["messages"] = "anything"
    assert HEADER not in with_message.get(url)
    assert HEADER not in Client().get(url, headers={"HX-Request": "true"})
    assert HEADER not in Client().get(url, headers={"Authorization": "Bearer hx_x"})


def test_a_signed_in_page_is_never_kept_for_others():
    event = EventFactory()
    url = reverse("events:detail", args=[event.slug])
    person = Client()
    person.force_login(UserFactory(full_name="Rosa Díaz"))
    person.get(url)
    anonymous = Client().get(url)
    assert anonymous[HEADER] == "miss" and "Rosa Díaz" not in anonymous.content.decode()


def test_each_language_and_address_has_its_own_page():
    event = EventFactory()
    url = reverse("events:detail", args=[event.slug])
    Client().get(url)
    english = Client()
    english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(url)
    assert page[HEADER] == "miss" and 'lang="en"' in page.content.decode()
    assert Client().get(url + "?x=1")[HEADER] == "miss"


def test_errors_and_pages_outside_the_list_are_not_kept():
    assert HEADER not in Client().get(reverse("events:detail", args=["no-such-event"]))
    assert HEADER not in Client().get(reverse("events:detail", args=["no-such-event"]))
    assert HEADER not in Client().get(reverse("core:home"))


def test_registrations_are_never_served_from_the_cache():
    event = EventFactory()
    url = reverse("events:detail", args=[event.slug])
    Client().get(url)
    person = Client()
    person.force_login(UserFactory(email="rosa@example.cl"))
    page = person.get(url)
    person.post(url, {"csrfmiddlewaretoken": next(iter(_tokens(page))), "name": "Rosa Díaz"})
    assert Registration.objects.filter(event=event, email="rosa@example.cl").count() == 1
