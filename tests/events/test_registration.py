"""Registration through the domain: seats, waiting list, offers, bad input, e-mails."""

import datetime as dt

import pytest
from django.core import mail

from helix.core import seats
from helix.core.errors import HelixError
from helix.core.seats import SeatStatus
from helix.events.domain import registration as domain
from helix.events.domain.tickets import parse_ticket
from helix.events.models import Answer, Registration, SessionSeat
from tests.factories import EventFactory, UserFactory
from tests.factories.events_extra import QuestionFactory, SessionFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def event_at(**kwargs):
    kwargs.setdefault("starts_at", T0 + dt.timedelta(days=20))
    kwargs.setdefault("ends_at", T0 + dt.timedelta(days=20, hours=8))
    return EventFactory(**kwargs)


def reg(event, n, now=T0, **kwargs):
    with committed():
        return domain.register(event_id=event.pk, name=f"Persona {n}", email=f"p{n}@example.cl", now=now, **kwargs)


def test_confirmed_registration_sends_ticket_email():
    event = event_at(title="Congreso Ciudades Inteligentes 2026", capacity=10)
    r = reg(event, 1)
    assert r.status == SeatStatus.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["p1@example.cl"]
    assert "Congreso Ciudades Inteligentes 2026" in message.subject
    code = next(line.strip() for line in message.body.splitlines() if line.strip().startswith("HX"))
    assert parse_ticket(code) == r.pk
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "cid:ticket" in html
    png = message.attachments[0]
    assert png.get_content_type() == "image/png" and png.get_content().startswith(b"\x89PNG")


def test_full_event_puts_people_on_waiting_list_in_order_and_says_so():
    event = event_at(capacity=2)
    regs = [reg(event, n) for n in range(4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [r.position for r in regs[2:]] == [1, 2]
    waiting_mail = mail.outbox[3]
    assert waiting_mail.to == ["p3@example.cl"]
    assert waiting_mail.subject == f"Quedaste en la lista de espera: {event.title}"
    assert "HX" not in waiting_mail.body  # no ticket for people waiting


def test_cancellation_offers_seat_by_email_and_acceptance_confirms():
    event = event_at(capacity=1, offer_hours=12)
    first, second = reg(event, 1), reg(event, 2)
    mail.outbox.clear()
    with committed():
        domain.cancel_registration(
            registration_id=first.pk, actor=UserFactory(is_staff=True), now=T0 + dt.timedelta(hours=1)
        )
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [r for r, _ in recipients] == ["p1@example.cl", "p2@example.cl"]
    offer = next(m for m in mail.outbox if m.to == ["p2@example.cl"])
    assert "/events/offer/" in offer.body
    second.refresh_from_db()
    assert second.status == SeatStatus.OFFERED
    assert second.offer_expires_at == T0 + dt.timedelta(hours=13)
    mail.outbox.clear()
    with committed():
        domain.accept_offer(registration_id=second.pk, now=T0 + dt.timedelta(hours=5))
    second.refresh_from_db()
    assert second.status == SeatStatus.CONFIRMED
    assert mail.outbox[0].to == ["p2@example.cl"] and "HX" in mail.outbox[0].body


def test_expired_offer_is_a_clear_error_and_the_next_person_is_offered():
    event = event_at(capacity=1, offer_hours=12)
    first, second, third = reg(event, 1), reg(event, 2), reg(event, 3)
    domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True), now=T0)
    mail.outbox.clear()
    with committed(), pytest.raises(HelixError) as exc:
        domain.accept_offer(registration_id=second.pk, now=T0 + dt.timedelta(hours=13))
    assert exc.value.code == "expired"
    expected = "Lo sentimos, esta oferta de cupo venció y el cupo se ofreció a la siguiente persona."
    assert str(exc.value.message) == expected
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (SeatStatus.EXPIRED, SeatStatus.OFFERED)
    assert [m.to for m in mail.outbox] == [["p3@example.cl"]]


def test_periodic_expiry_emails_both_people():
    event = event_at(capacity=1, offer_hours=1)
    first, second, third = reg(event, 1), reg(event, 2), reg(event, 3)
    domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True), now=T0)
    mail.outbox.clear()
    with committed():
        assert seats.sweep(now=T0 + dt.timedelta(minutes=59)) == {"expired": 0, "offered": 0}
        assert seats.sweep(now=T0 + dt.timedelta(hours=2)) == {"expired": 1, "offered": 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["p2@example.cl", "p3@example.cl"]
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == (SeatStatus.EXPIRED, SeatStatus.OFFERED)


def test_expire_offers_command(capsys):
    from django.core.management import call_command
    from django.utils import timezone

    event = event_at(capacity=1, offer_hours=1)
    past = timezone.now() - dt.timedelta(hours=3)
    first, second = reg(event, 1, now=past), reg(event, 2, now=past)
    domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True), now=past)
    call_command("expire_offers")  # real clock: the 1-hour offer made 3 hours ago has lapsed
    second.refresh_from_db()
    assert second.status == SeatStatus.EXPIRED
    assert "1 offers expired" in capsys.readouterr().out


def test_double_registration_is_refused_with_clear_message_and_nothing_written():
    event = event_at(capacity=1)
    reg(event, 1)
    reg(event, 2)  # waiting
    before = Registration.objects.count(), len(mail.outbox)
    with pytest.raises(HelixError) as exc:
        domain.register(event_id=event.pk, name="Otra", email="P1@Example.cl", now=T0)
    assert exc.value.code == "duplicate"
    with pytest.raises(HelixError) as exc2:
        reg(event, 2)
    assert exc2.value.code == "duplicate"
    assert str(exc2.value.message) == "Ya estás en la lista de espera de este evento."
    assert (Registration.objects.count(), len(mail.outbox)) == before


def test_registering_again_after_cancelling_is_allowed():
    event = event_at(capacity=5)
    first = reg(event, 1)
    domain.cancel_registration(registration_id=first.pk, actor=UserFactory(is_staff=True), now=T0)
    assert reg(event, 1).status == SeatStatus.CONFIRMED


@pytest.mark.parametrize(
    "changes",
    [
        {"registration_open": False},
        {"status": "draft"},
        {"registration_closes_at": T0 - dt.timedelta(minutes=1)},
    ],
)
def test_closed_registration_is_refused(changes):
    event = event_at(capacity=5, **changes)
    with pytest.raises(HelixError) as exc:
        reg(event, 1)
    assert exc.value.code == "closed"
    assert not Registration.objects.exists() and not mail.outbox


def test_past_event_is_closed():
    event = EventFactory(starts_at=T0 - dt.timedelta(days=2), ends_at=T0 - dt.timedelta(days=1))
    with pytest.raises(HelixError) as exc:
        reg(event, 1)
    assert exc.value.code == "closed"


def test_answers_are_validated_and_stored():
    event = event_at()
    text = QuestionFactory(event=event, label="Cargo", required=True)
    choice = QuestionFactory(event=event, label="Almuerzo", kind="choice", choices="Normal\nVegetariano")
    yes_no = QuestionFactory(event=event, label="¿Necesita estacionamiento?", kind="yes_no", required=True)
    with pytest.raises(HelixError) as exc:
        reg(event, 1, answers={f"q_{choice.pk}": "Pizza", f"q_{yes_no.pk}": "quizás"})
    assert set(exc.value.field_errors) == {f"q_{text.pk}", f"q_{choice.pk}", f"q_{yes_no.pk}"}
    assert not Registration.objects.exists() and not Answer.objects.exists()
    r = reg(event, 1, answers={f"q_{text.pk}": "Jefa de proyectos", f"q_{choice.pk}": "Vegetariano", yes_no.pk: "no"})
    assert dict(r.answers.values_list("question__label", "value")) == {
        "Cargo": "Jefa de proyectos",
        "Almuerzo": "Vegetariano",
        "¿Necesita estacionamiento?": "no",
    }


def test_invalid_email_and_name_are_field_errors():
    event = event_at()
    with pytest.raises(HelixError) as exc:
        domain.register(event_id=event.pk, name=" ", email="not-an-email", now=T0)
    assert set(exc.value.field_errors) == {"name", "email"}


def test_session_capacity_has_its_own_waiting_list_released_on_cancel():
    event = event_at(capacity=None)
    workshop = SessionFactory(event=event, capacity=1)
    a = reg(event, 1, session_ids=[workshop.pk])
    b = reg(event, 2, session_ids=[workshop.pk])
    seats = dict(SessionSeat.objects.values_list("registration_id", "status"))
    assert seats == {a.pk: "confirmed", b.pk: "waiting"}
    mail.outbox.clear()
    with committed():
        domain.cancel_registration(registration_id=a.pk, actor=UserFactory(is_staff=True), now=T0)
    assert SessionSeat.objects.get(registration=b).status == SeatStatus.OFFERED
    assert any("/events/session-offer/" in m.body for m in mail.outbox if m.to == ["p2@example.cl"])


def test_session_of_another_event_is_rejected():
    event, other = event_at(), event_at()
    foreign = SessionFactory(event=other)
    with pytest.raises(HelixError):
        reg(event, 1, session_ids=[foreign.pk])
    assert not Registration.objects.exists()


def test_walk_in_is_confirmed_over_capacity_even_when_closed():
    event = event_at(capacity=1, registration_open=False)
    r = reg(event, 1, walk_in=True)
    r2 = reg(event, 2, walk_in=True)
    assert (r.status, r2.status) == ("confirmed", "confirmed")


def test_signed_in_user_is_linked():
    user = UserFactory(email="ana@example.cl")
    event = event_at()
    r = domain.register(event_id=event.pk, name="Ana", email="ana@example.cl", user=user, now=T0)
    assert r.user == user


def test_online_link_is_mailed_only_with_a_confirmed_seat():
    event = event_at(capacity=1, mode="online", online_url="https://meet.example/sala-privada")
    reg(event, 1)
    reg(event, 2)
    confirmed, waiting = mail.outbox
    assert "sala-privada" in confirmed.body and "sala-privada" in confirmed.alternatives[0][0]
    assert "sala-privada" not in waiting.body
