"""The one way to send e-mail (helix.core.mail): queued on commit, composed in the recipient's language."""

import datetime as dt

import pytest
from django.core import mail as outbox
from django.db import transaction
from django.utils import timezone

from helix.core import mail
from helix.events.domain import registration as events
from tests.factories import EventFactory, UserFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def upcoming(**kwargs):
    start = timezone.now() + dt.timedelta(days=10)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4), **kwargs)


def register(event, email="ana@example.cl", **kwargs):
    return events.register(event_id=event.pk, name="Ana Pérez", email=email, **kwargs)


def test_the_email_is_queued_on_commit_and_not_sent_before(django_capture_on_commit_callbacks):
    event = upcoming(capacity=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        register(event)
        assert outbox.outbox == []
    assert outbox.outbox == [] and len(callbacks) == 1  # not sent until the commit runs it
    callbacks[0]()
    assert [m.to for m in outbox.outbox] == [["ana@example.cl"]]


def test_nothing_is_sent_when_the_transaction_rolls_back():
    event = upcoming(capacity=5)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        register(event)
        raise RuntimeError("the rest of the request failed")
    assert outbox.outbox == []
    with committed():
        register(event)
    assert len(outbox.outbox) == 1


def test_a_request_sends_nothing_itself(client, django_capture_on_commit_callbacks):
    event = upcoming(capacity=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(event.get_absolute_url(), {"name": "Ana Pérez", "email": "ana@example.cl"})
    # (an anonymous registration: the page asks to confirm from the mailbox; that e-mail is queued too)
    assert response.status_code == 200 and outbox.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in outbox.outbox] == [["ana@example.cl"]]


def test_written_in_the_recipients_language_with_text_not_html_escaped():
    event = upcoming(title="Agua & Energía", capacity=5)
    english = UserFactory(email="ann@example.cl", language="en")
    with committed():
        register(event, email="ann@example.cl", user=english)
        register(event, email="beto@example.cl")
    to_ann, to_beto = sorted(outbox.outbox, key=lambda m: m.to[0])
    assert to_ann.subject == "Your registration is confirmed: Agua & Energía"
    assert to_beto.subject == "Tu inscripción está confirmada: Agua & Energía"
    assert "Tu cupo en «Agua & Energía» está confirmado." in to_beto.body  # the text part is not HTML
    html, mimetype = to_beto.alternatives[0]
    assert mimetype == "text/html" and "Agua &amp; Energía" in html  # the HTML part is escaped


def test_the_html_part_is_optional():
    event = upcoming(capacity=1)
    with committed():
        register(event, email="a@example.cl")
        register(event, email="b@example.cl")  # waiting list: text only
    waiting = next(m for m in outbox.outbox if m.to == ["b@example.cl"])
    assert waiting.alternatives == [] and "lista de espera" in waiting.subject


def test_only_composers_can_be_queued():
    with pytest.raises(ValueError):
        mail.send(timezone.now)
    with pytest.raises(ValueError):
        mail.deliver.call("django.utils.timezone.now", {})
