from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from helix.core.errors import HelixError
from helix.outreach import domain
from helix.outreach.domain import sending
from helix.outreach.models import Delivery, Issue, Segment, Subscriber
from helix.territory.models import Region
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, topic
from tests.factories.accounts import StaffFactory

from .helpers import subscriber

pytestmark = pytest.mark.django_db


def _issue(**kw):
    return sending.create_issue(
        actor=StaffFactory(),
        subject=kw.pop("subject", "Boletín Helix · noviembre"),
        body_markdown=kw.pop("body", "# Novedades\n\nConvocatoria **abierta** <script>alert(1)</script>"),
        **kw,
    )


def test_issue_sent_to_confirmed_only_with_content_and_list_unsubscribe_headers():
    subscriber("uno@example.cl")
    subscriber("dos@example.cl")
    subscriber("pendiente@example.cl", status=Subscriber.Status.PENDING)
    subscriber("baja@example.cl", status=Subscriber.Status.UNSUBSCRIBED)
    issue = sending.queue_issue(actor=StaffFactory(), issue=_issue())
    assert sorted(m.to[0] for m in mail.outbox) == ["dos@example.cl", "uno@example.cl"]
    message = mail.outbox[0]
    assert message.subject == "Boletín Helix · noviembre"
    html = message.alternatives[0].content
    assert "<strong>abierta</strong>" in html and "<script>" not in html
    assert "Convocatoria" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/newsletters/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body and unsubscribe.strip("<>") in html
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.sent_count == 2 and issue.total_recipients == 2
    # The wire format (shared, cached header objects) is complete and per-recipient.
    raw = [m.message().as_bytes() for m in mail.outbox]
    assert all(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in r for r in raw)
    assert b"To: dos@example.cl" in raw[[m.to[0] for m in mail.outbox].index("dos@example.cl")]
    assert b"multipart/alternative" in raw[0] and b"text/html" in raw[0]


def test_each_recipient_gets_their_own_unsubscribe_link(client):
    subscriber("uno@example.cl")
    subscriber("dos@example.cl")
    sending.queue_issue(actor=StaffFactory(), issue=_issue())
    links = {m.to[0]: m.extra_headers["List-Unsubscribe"].strip("<>") for m in mail.outbox}
    assert links["uno@example.cl"] != links["dos@example.cl"]
    client.post(urlsplit(links["dos@example.cl"]).path, {"List-Unsubscribe": "One-Click"})
    assert Subscriber.objects.get(email="dos@example.cl").status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.get(email="uno@example.cl").status == Subscriber.Status.CONFIRMED


def test_unsubscribe_honoured_mid_send():
    subs = [subscriber(f"s{i}@example.cl") for i in range(5)]
    issue = sending.prepare_issue(issue_id=_issue().pk)
    assert sending.send_next_batch(issue_id=issue.pk, batch_size=2) == 2
    first_batch = {m.to[0] for m in mail.outbox}
    late = next(s for s in subs if s.email not in first_batch)
    domain.unsubscribe(subscriber=late)
    while sending.send_next_batch(issue_id=issue.pk, batch_size=2):
        pass
    sending.finish_issue(issue_id=issue.pk)
    recipients = [m.to[0] for m in mail.outbox]
    assert late.email not in recipients
    assert len(recipients) == 4 == len(set(recipients))
    issue.refresh_from_db()
    assert (issue.sent_count, issue.skipped_count, issue.status) == (4, 1, Issue.Status.SENT)
    assert Delivery.objects.get(issue=issue, subscriber=late).status == Delivery.Status.SKIPPED


def test_resumed_sending_never_sends_twice():
    for i in range(5):
        subscriber(f"r{i}@example.cl")
    issue = sending.prepare_issue(issue_id=_issue().pk)
    sending.send_next_batch(issue_id=issue.pk, batch_size=3)
    # The worker died; the task is retried from the start.
    sending.run_sending(issue_id=issue.pk, batch_size=3)
    sending.run_sending(issue_id=issue.pk, batch_size=3)
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 5 == len(set(recipients))
    with pytest.raises(HelixError):
        sending.prepare_issue(issue_id=issue.pk)


def test_segment_by_sector_region_and_topic():
    muni = OrganisationFactory(kind="municipality")
    company = OrganisationFactory(kind="sme")
    officer = MembershipFactory(organisation=muni, person=PersonFactory(email="officer@muni.cl")).person
    founder = MembershipFactory(organisation=company, person=PersonFactory(email="founder@pyme.cl")).person
    subscriber("officer@muni.cl", person=officer)
    subscriber("founder@pyme.cl", person=founder, topics=[topic("water")])
    subscriber("nuble@example.cl", regions=[Region.objects.get(code=16)], topics=[topic("water")])
    # A directory person in the sector who never subscribed is never a recipient.
    MembershipFactory(organisation=muni, person=PersonFactory(email="noconsent@muni.cl"))

    government = Segment.objects.create(name="Municipios", sectors=["government"])
    assert [s.email for s in sending.recipients_for(government)] == ["officer@muni.cl"]
    water = Segment.objects.create(name="Agua")
    water.topics.set([topic("water")])
    assert sorted(s.email for s in sending.recipients_for(water)) == ["founder@pyme.cl", "nuble@example.cl"]
    valparaiso = Segment.objects.create(name="Valparaíso")  # both organisations sit in 5101
    valparaiso.regions.set([Region.objects.get(code=5)])
    assert sorted(s.email for s in sending.recipients_for(valparaiso)) == ["founder@pyme.cl", "officer@muni.cl"]


def test_test_send_goes_only_to_the_editor(staff_client, staff_user):
    subscriber("uno@example.cl")
    issue = _issue()
    response = staff_client.post(reverse("outreach:issue_send_test", args=[issue.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert mail.outbox[0].subject.startswith("[")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_compose_preview_and_send_through_views(staff_client):
    subscriber("uno@example.cl")
    preview = staff_client.post(reverse("outreach:preview"), {"body_markdown": "**hola** <img src=x onerror=alert(1)>"})
    assert "<strong>hola</strong>" in preview.content.decode() and "onerror" not in preview.content.decode()
    response = staff_client.post(
        reverse("outreach:issue_create"), {"subject": "Boletín 42", "body_markdown": "Texto", "segment": ""}
    )
    issue = Issue.objects.get(subject="Boletín 42")
    assert response.url == reverse("outreach:issue_detail", args=[issue.pk])
    staff_client.post(reverse("outreach:issue_send", args=[issue.pk]), {"recipients": "1"})
    assert [m.to for m in mail.outbox] == [["uno@example.cl"]]
    progress = staff_client.get(reverse("outreach:issue_progress", args=[issue.pk]))
    assert "1 de 1 enviados · 0 omitidos (dados de baja) · 0 fallidos" in progress.content.decode()
    # Sending twice is refused with a message, nothing re-sent.
    staff_client.post(reverse("outreach:issue_send", args=[issue.pk]), {"recipients": "1"})
    assert len(mail.outbox) == 1
    archive = staff_client.get(reverse("outreach:archive"))
    assert "Boletín 42" in archive.content.decode()


def test_staff_pages_forbidden_to_others(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("outreach:manage")).status_code == 403
    assert client.post(reverse("outreach:preview"), {"body_markdown": "x"}).status_code == 403


def test_draft_not_in_public_archive(client):
    issue = _issue(subject="Borrador secreto")
    assert client.get(reverse("outreach:archive_issue", args=[issue.slug])).status_code == 404
    assert "Borrador secreto" not in client.get(reverse("outreach:archive")).content.decode()


def _sent_issues(n):
    for i in range(n):
        issue = _issue(subject=f"Boletín {i}")
        sending.queue_issue(actor=StaffFactory(), issue=issue)


def test_archive_query_count(client, django_assert_num_queries):
    _sent_issues(1)
    with django_assert_num_queries(2):
        client.get(reverse("outreach:archive"))
    _sent_issues(3)
    with django_assert_num_queries(2):
        response = client.get(reverse("outreach:archive"))
    assert len(response.context["page"].object_list) == 4


def test_manage_query_count(staff_client, django_assert_num_queries):
    _sent_issues(1)
    with django_assert_num_queries(5):
        staff_client.get(reverse("outreach:manage"))
    segment = Segment.objects.create(name="Todos")
    _issue(segment=segment)
    _sent_issues(2)
    with django_assert_num_queries(5):
        response = staff_client.get(reverse("outreach:manage"))
    assert len(response.context["page"].object_list) == 4


def test_segment_by_event_attendance_uses_confirmed_registrations():
    from django.utils import timezone

    from helix.events.models import Registration
    from tests.factories import EventFactory

    congress, fair = EventFactory(), EventFactory()
    attendee = PersonFactory(email="asistente@example.cl")
    subscriber("asistente@example.cl", person=attendee)
    subscriber("por-correo@example.cl")  # matched by e-mail, no directory link
    subscriber("cancelo@example.cl")
    subscriber("otro-evento@example.cl")
    now = timezone.now()
    for event, email, status, person in [
        (congress, "asistente@example.cl", "confirmed", attendee),
        (congress, "Por-Correo@example.cl", "confirmed", None),
        (congress, "cancelo@example.cl", "cancelled", None),
        (fair, "otro-evento@example.cl", "confirmed", None),
        (congress, "sin-consentimiento@example.cl", "confirmed", None),
    ]:
        Registration.objects.create(event=event, email=email, name=email, status=status, person=person, created_at=now)
    segment = Segment.objects.create(name="Asistentes al congreso")
    segment.events.set([congress])
    assert sorted(s.email for s in sending.recipients_for(segment)) == ["asistente@example.cl", "por-correo@example.cl"]


def test_progress_partial_polls_only_while_sending(staff_client):
    for i in range(3):
        subscriber(f"p{i}@example.cl")
    issue = sending.prepare_issue(issue_id=_issue().pk)
    sending.send_next_batch(issue_id=issue.pk, batch_size=2)
    url = reverse("outreach:issue_progress", args=[issue.pk])
    body = staff_client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'value="67"' in body
    sending.run_sending(issue_id=issue.pk, batch_size=2)
    body = staff_client.get(url).content.decode()
    assert "hx-trigger" not in body and 'value="100"' in body
