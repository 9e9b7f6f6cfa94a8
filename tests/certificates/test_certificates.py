import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from helix.certificates import codes, domain
from helix.certificates.models import Certificate
from helix.certificates.pdf import render_certificate_pdf
from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.on_commit import committed

pytestmark = pytest.mark.django_db


def issue(person=None, subject=None, **kw):
    return domain.issue_certificate(
        person=person or PersonFactory(),
        kind=kw.pop("kind", "attendance"),
        title=kw.pop("title", "Congreso Ciudades Inteligentes 2026"),
        subject=subject,
        **kw,
    )


def test_issue_is_idempotent_per_person_kind_and_subject():
    person, event = PersonFactory(), EventFactory()
    first = issue(person, event, hours=8)
    again = issue(person, event, title="Otro título")
    assert again.pk == first.pk
    completion = issue(person, event, kind="completion")
    assert completion.pk != first.pk
    assert Certificate.objects.count() == 2
    assert first.subject == event
    assert codes.normalise(first.code) == first.code


def test_idempotent_without_subject_uses_title():
    person = PersonFactory()
    assert issue(person).pk == issue(person).pk
    assert issue(person, title="Otro").pk != issue(person).pk


def test_unknown_kind_rejected():
    with pytest.raises(ValueError):
        issue(kind="participation")


def test_codes_are_unique_and_unguessable():
    person = PersonFactory()
    created = {issue(person, title=f"Curso {i}").code for i in range(30)}
    assert len(created) == 30


@given(st.text(max_size=20))
def test_random_text_never_passes_the_check_unless_a_real_code(text):
    result = codes.normalise(text)
    assert result is None or codes.normalise(result) == result


def test_verification_page_valid(client):
    cert = issue(PersonFactory(first_name="Ana", last_name="Rojas"), EventFactory(), hours=6)
    response = client.get(reverse("certificates:verify", args=[cert.code]))
    assert response.status_code == 200
    assert "Ana Rojas" in response.content.decode()
    assert response.context["result"].status == "valid"


def test_verification_accepts_lowercase_and_confusable_letters(client):
    cert = issue()
    typed = cert.code.lower().replace("0", "o").replace("-", " ")
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response.url == reverse("certificates:verify", args=[cert.code])


def _tamper(code: str) -> str:
    chars = list(code)
    chars[0] = "A" if chars[0] != "A" else "B"
    return "".join(chars)


def test_tampered_code_rejected_with_friendly_page(client):
    cert = issue(PersonFactory(first_name="Ana"))
    response = client.get(reverse("certificates:verify", args=[_tamper(cert.code)]))
    assert response.status_code == 200
    assert response.context["result"].status == "malformed"
    assert response.context["result"].certificate is None
    assert "Ana" not in response.content.decode()


def test_unknown_but_well_formed_code_rejected(client):
    body = "ABCDEFGHJKMN"
    forged = codes._format(body + codes._check(body))
    response = client.get(reverse("certificates:verify", args=[forged]))
    assert response.status_code == 200
    assert response.context["result"].status == "unknown"


def test_revoked_certificate_is_not_valid(client):
    cert = domain.revoke_certificate(certificate=issue(), actor=UserFactory(is_staff=True))
    response = client.get(reverse("certificates:verify", args=[cert.code]))
    assert response.context["result"].status == "revoked"
    assert not response.context["result"].is_valid


def test_pdf_rendered():
    cert = issue(PersonFactory(first_name="José", last_name="Muñoz Núñez"), hours=12.5)
    data = render_certificate_pdf(cert)
    assert data.startswith(b"%PDF")
    assert len(data) > 2000


def test_download_only_for_holder_and_staff(client, staff_user):
    owner = UserFactory()
    cert = issue(PersonFactory(user=owner))
    url = reverse("certificates:download", args=[cert.code])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_bulk_issue_emails_pdf_once(settings):
    event = EventFactory(title="Feria Smart City Valparaíso")
    people = [PersonFactory(email=f"asistente{i}@example.cl") for i in range(3)] + [PersonFactory(email=None)]
    with committed():
        certificates = domain.issue_certificates_for(
            subject=event, people=people, kind="attendance", title=event.title, hours=8
        )
    assert len(certificates) == 4
    assert sorted(m.to[0] for m in mail.outbox) == [f"asistente{i}@example.cl" for i in range(3)]
    message = mail.outbox[0]
    assert "Feria Smart City Valparaíso" in message.subject
    cert = Certificate.objects.get(person__email=message.to[0])
    assert cert.code in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF") and cert.code in name
    # Running it again issues nothing new and sends nothing twice.
    with committed():
        domain.issue_certificates_for(subject=event, people=people, kind="attendance", title=event.title)
    assert len(mail.outbox) == 3
    assert Certificate.objects.filter(emailed_at__isnull=False).count() == 3


def test_my_certificates_query_count(client, django_assert_num_queries):
    user = UserFactory()
    person = PersonFactory(user=user)
    client.force_login(user)
    issue(person, title="Uno")
    with django_assert_num_queries(3) as one:
        client.get(reverse("certificates:mine"))
    for i in range(4):
        issue(person, title=f"Más {i}")
    with django_assert_num_queries(3):
        response = client.get(reverse("certificates:mine"))
    assert len(response.context["certificates"]) == 5
    assert one
