import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from helix.outreach import domain, tokens
from helix.outreach.consent import CONSENT_TEXT, CONSENT_VERSION
from helix.outreach.domain import sending
from helix.outreach.models import Issue, Subscriber
from helix.territory.models import Region
from tests.factories import PersonFactory, topic
from tests.factories.accounts import StaffFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def _link(body: str, name: str) -> str:
    return re.search(rf"https?://\S+/newsletters/{name}/\S+/", body).group(0)


def test_double_opt_in_records_consent_and_sends_nothing_before_confirmation(client):
    person = PersonFactory(email="ana@muni.cl")
    with committed():
        response = client.post(
            reverse("outreach:subscribe"),
            {
                "email": "Ana@Muni.cl",
                "name": "Ana",
                "topics": [topic("data").pk],
                "regions": [Region.objects.get(code=5).pk],
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.9",
        )
    assert response.status_code == 200
    sub = Subscriber.objects.get()
    assert sub.email == "ana@muni.cl" and sub.status == Subscriber.Status.PENDING
    assert sub.person == person
    assert sub.consent_version == CONSENT_VERSION and sub.consent_text == str(CONSENT_TEXT) != ""
    assert sub.consent_ip == "203.0.113.9" and sub.consent_requested_at
    assert [m.to for m in mail.outbox] == [["ana@muni.cl"]]
    confirmation = mail.outbox[0]

    # A newsletter sent now does not reach the pending subscriber.
    issue = sending.create_issue(actor=StaffFactory(), subject="Boletín de noviembre", body_markdown="Hola")
    sending.queue_issue(actor=StaffFactory(), issue=issue)
    assert len(mail.outbox) == 1
    assert Issue.objects.get(pk=issue.pk).total_recipients == 0

    path = urlsplit(_link(confirmation.body, "confirm")).path
    assert client.get(path).status_code == 200
    sub.refresh_from_db()
    assert sub.status == Subscriber.Status.PENDING  # GET alone (a link scanner) does not confirm
    client.post(path, REMOTE_ADDR="203.0.113.10")
    sub.refresh_from_db()
    assert sub.status == Subscriber.Status.CONFIRMED
    assert sub.confirmed_ip == "203.0.113.10" and sub.confirmed_at


def test_subscribe_without_consent_is_rejected_and_keeps_input(client):
    response = client.post(reverse("outreach:subscribe"), {"email": "x@example.cl", "name": "Ximena"})
    assert response.status_code == 200
    assert "consent" in response.context["form"].errors
    assert 'value="Ximena"' in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_forged_confirmation_token_rejected(client):
    sub = domain.request_subscription(email="b@example.cl")
    forged = tokens.confirm_token(sub.pk)[:-2] + "xx"
    response = client.post(reverse("outreach:confirm", args=[forged]))
    assert "Este enlace de confirmación no es válido o ya expiró. Vuelve a suscribirte." in response.content.decode()
    sub.refresh_from_db()
    assert sub.status == Subscriber.Status.PENDING


def test_one_click_unsubscribe_post_without_login_or_csrf():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sub = domain.request_subscription(email="c@example.cl")
    domain.confirm_subscription(token=tokens.confirm_token(sub.pk))
    url = reverse("outreach:unsubscribe", args=[tokens.manage_token(sub.pk)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == Subscriber.Status.UNSUBSCRIBED and sub.unsubscribed_at


def test_unsubscribe_with_tampered_token_changes_nothing(client):
    sub = domain.request_subscription(email="d@example.cl")
    token = tokens.manage_token(sub.pk)
    response = client.post(reverse("outreach:unsubscribe", args=[token.replace(":", ":x")]))
    assert response.status_code == 400
    sub.refresh_from_db()
    assert sub.status == Subscriber.Status.PENDING


def test_preferences_page_updates_topics(client):
    sub = domain.request_subscription(email="e@example.cl", topics=[topic("water")])
    url = reverse("outreach:preferences", args=[tokens.manage_token(sub.pk)])
    client.post(url, {"topics": [topic("energy").pk, topic("data").pk]})
    assert set(sub.topics.values_list("code", flat=True)) == {"energy", "data"}


def test_resubscribing_a_confirmed_address_changes_nothing_and_mails_a_preferences_link():
    sub = domain.request_subscription(email="f@example.cl", topics=[topic("water")])
    domain.confirm_subscription(token=tokens.confirm_token(sub.pk))
    mail.outbox.clear()
    with committed():
        again = domain.request_subscription(email="F@example.cl", topics=[topic("energy")])
    assert again.pk == sub.pk and again.status == Subscriber.Status.CONFIRMED
    assert list(sub.topics.values_list("code", flat=True)) == ["water"]
    assert [m.to for m in mail.outbox] == [["f@example.cl"]]
    assert f"/newsletters/preferences/{tokens.manage_token(sub.pk)}/" in mail.outbox[0].body


def test_unsubscribed_address_must_confirm_again():
    sub = domain.request_subscription(email="g@example.cl")
    domain.confirm_subscription(token=tokens.confirm_token(sub.pk))
    domain.unsubscribe(subscriber=sub)
    # The old confirmation link does not resubscribe.
    assert domain.confirm_subscription(token=tokens.confirm_token(sub.pk)) is None
    again = domain.request_subscription(email="g@example.cl")
    assert again.status == Subscriber.Status.PENDING
