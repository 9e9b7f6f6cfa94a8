"""E-mails a newcomer can follow: 8-bit plain text (links never broken), subjects and text never
HTML-escaped, and a local mailbox for staff when no mail server is configured."""

import email
import email.policy

import pytest
from django.core import mail as outbox
from django.urls import reverse

from helix.core import mail, mailbox
from helix.core.mailbox import MailboxBackend, MailboxMessage
from helix.core.personal_data import collect_personal_data, erase_personal_data
from helix.outreach.domain import sending
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG_LINK = "http://127.0.0.1:8000/events/offer/" + "Ab3_" * 30 + "/"


def _message(**kwargs) -> mail.Message:
    kwargs.setdefault("subject", 'Agua & Energía "Ciudades"')
    kwargs.setdefault("body", f"Hola, Álvaro:\n\nAcepta tu cupo aquí:\n{LONG_LINK}\n")
    kwargs.setdefault("to", ["alvaro@example.cl"])
    return mail.Message(**kwargs)


def test_plain_text_goes_out_8bit_with_long_links_on_one_line():
    message = _message()
    message.attach_alternative(f'<p><a href="{LONG_LINK}">Aceptar</a></p>', "text/html")
    raw = message.message().as_bytes()
    assert b"quoted-printable" not in raw
    assert LONG_LINK.encode() + b"\n" in raw
    assert "Hola, Álvaro:".encode() in raw  # UTF-8 as it is, not =C3=81
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == 'Agua & Energía "Ciudades"'
    assert parsed.get_body(("plain",))["Content-Transfer-Encoding"] == "8bit"


def test_the_smtp_policy_keeps_8bit_too():
    raw = _message().message(policy=email.policy.SMTP).as_bytes()
    assert b"Content-Transfer-Encoding: 8bit" in raw and LONG_LINK.encode() in raw


def test_composed_mail_is_never_html_escaped(settings):
    message = mail.render(
        mail.Email(
            template="notifications/email/notification",
            to=["ana@example.cl"],
            context={
                "notification": type(
                    "N", (), {"text": 'Agua & Energía "Ciudades" <2026>', "user": UserFactory(full_name="Ana")}
                )(),
                "url": LONG_LINK,
                "preferences_url": "http://127.0.0.1:8000/notifications/preferences/",
            },
        )
    )
    assert message.subject == 'Helix: Agua & Energía "Ciudades" <2026>'
    assert 'Agua & Energía "Ciudades" <2026>' in message.body and "&amp;" not in message.body
    assert b"Content-Transfer-Encoding: 8bit" in message.message().as_bytes()


def test_newsletter_subject_and_text_arrive_unescaped():
    staff = UserFactory(is_staff=True)
    issue = sending.create_issue(
        subject='Agua & Energía "Ciudades"', body_markdown="Cuidemos el agua & la energía.", actor=staff
    )
    sending.send_test(issue=issue, to="editora@example.cl", actor=staff)
    [sent] = outbox.outbox
    assert sent.subject.endswith('Agua & Energía "Ciudades"') and "&amp;" not in sent.subject
    assert "Cuidemos el agua & la energía." in sent.body and "&quot;" not in sent.body
    assert b"quoted-printable" not in sent.message().get_body(("plain",)).as_bytes()


def test_the_mailbox_backend_keeps_each_message_whole():
    message = _message()
    message.attach("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    assert MailboxBackend().send_messages([message]) == 1
    stored = MailboxMessage.objects.get()
    assert stored.recipient_list == ["alvaro@example.cl"]
    assert stored.subject == 'Agua & Energía "Ciudades"'
    parts = stored.parts()
    assert LONG_LINK in parts.text.splitlines()
    assert [a.filename for a in parts.attachments] == ["agenda.ics"]


def test_the_demo_without_a_mail_server_uses_the_mailbox(settings):
    settings.MAILERS = {"default": {"BACKEND": "helix.core.mailbox.MailboxBackend"}}
    assert mailbox.is_enabled()
    _message(to=["ana@example.cl"]).send()
    assert MailboxMessage.objects.get().recipient_list == ["ana@example.cl"]


def test_staff_read_every_message_whole_with_working_links(client, staff_user):
    message = _message()
    message.attach("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    MailboxBackend().send_messages([message])
    stored = MailboxMessage.objects.get()
    client.force_login(staff_user)
    page = client.get(reverse("core:mailbox")).content.decode()
    assert "Buzón local" in page and "alvaro@example.cl" in page
    assert "Agua &amp; Energía &quot;Ciudades&quot;</a>" in page  # escaped once, by the HTML page only
    page = client.get(reverse("core:mailbox_message", args=[stored.pk])).content.decode()
    assert f'<a href="{LONG_LINK}" rel="nofollow">{LONG_LINK}</a>' in page
    assert "Adjuntos" in page
    response = client.get(reverse("core:mailbox_attachment", args=[stored.pk, 0]))
    assert response["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in response.content
    assert client.get(reverse("core:mailbox_attachment", args=[stored.pk, 5])).status_code == 404
    found = client.get(reverse("core:mailbox"), {"q": "nadie@example.cl"}).content.decode()
    assert "El buzón está vacío." in found


def test_only_staff_read_the_mailbox(client):
    client.force_login(UserFactory())
    assert client.get(reverse("core:mailbox")).status_code == 403


def test_mailbox_messages_are_in_the_data_download_and_erased():
    user = UserFactory(email="alvaro@example.cl")
    MailboxBackend().send_messages([_message(), _message(to=["otra@example.cl"])])
    data = collect_personal_data(user=user)["local_mailbox"]
    assert [m["to"] for m in data] == [["alvaro@example.cl"]]
    erase_personal_data(user=user)
    assert list(MailboxMessage.objects.values_list("recipients", flat=True)) == ["otra@example.cl"]


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"DEBUG": "1"}, "helix.core.mailbox.MailboxBackend"),  # the demo: no mail server configured
        ({"DEBUG": "1", "EMAIL_HOST": "smtp.example.cl"}, "django.core.mail.backends.smtp.EmailBackend"),
        ({"DEBUG": "0"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_the_mail_backend_follows_the_environment(env, backend):
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEBUG"))}
    code = "from helix import settings; print(settings.MAILERS['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == backend
