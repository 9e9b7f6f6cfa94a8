"""Mi Helix: each person's page of what concerns them, with a link to act on each thing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helix.academy.models import Enrolment
from helix.core.seats import SeatStatus
from helix.matching.models import Match
from helix.network.models import Membership
from helix.wheel.models import Invitation, MeetingRequest, Side, Wheel
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.academy import CohortFactory
from tests.factories.events_extra import RegistrationFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.network import MembershipFactory, PersonFactory
from tests.factories.wheel import MeetingRequestFactory, ParticipantFactory, WheelFactory, represented

pytestmark = pytest.mark.django_db


def _soon(days=10):
    return timezone.localdate() + dt.timedelta(days=days)


def _representative_with_requests(n: int = 1):
    """A representative whose organisation has `n` pending meeting requests, a challenge with a new match,
    a registration and an enrolment."""
    wheel = WheelFactory(date=_soon(), name="Rueda Agua y Energía")
    own, user = represented(wheel, side=Side.SUPPLIER)
    for i in range(n):
        asker = ParticipantFactory(wheel=wheel, organisation=OrganisationFactory(name=f"Municipalidad de Prueba {i}"))
        MeetingRequestFactory(wheel=wheel, from_participant=asker, to_participant=own)
    challenge = ChallengeFactory(organisation=own.organisation, title="Fugas de agua en los cerros")
    Match.objects.create(challenge=challenge, solution=SolutionFactory(), rank=1, score=0.8, computed_at=timezone.now())
    RegistrationFactory(user=user, email=user.email, event__title="Congreso Ciudades Inteligentes")
    Enrolment.objects.create(
        cohort=CohortFactory(course__title="Gestión de datos municipales"),
        person=user.person,
        status=SeatStatus.CONFIRMED,
        created_at=timezone.now(),
    )
    return user, own


def test_sign_in_lands_on_mi_helix_and_the_header_links_it(client):
    user = UserFactory(email="javiera@example.cl")
    user.set_password("una-clave-larga-2026")
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": "javiera@example.cl", "password": "una-clave-larga-2026"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home:mine")
    page = client.get(reverse("home:mine")).content.decode()
    assert f'<a href="{reverse("home:mine")}">Mi Helix</a>' in page
    assert "No tienes inscripciones en próximos eventos." in page
    assert "No tienes cursos vigentes ni certificados." in page
    assert "Pendientes del equipo" not in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("home:mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_representative_sees_requests_matches_registrations_and_courses(client):
    user, own = _representative_with_requests()
    client.force_login(user)
    page = client.get(reverse("home:mine")).content.decode()
    assert "Esperan tu respuesta" in page
    assert "Municipalidad de Prueba 0 quiere reunirse contigo en Rueda Agua y Energía" in page
    assert f'<a href="{reverse("wheel:requests", args=[own.pk])}">Responder</a>' in page
    assert "Fugas de agua en los cerros</a> · 1 coincidencia nueva" in page
    assert "Congreso Ciudades Inteligentes" in page and "Entrada</a>" in page
    assert "Gestión de datos municipales" in page
    assert "Pendientes del equipo" not in page and "Aprobaciones pendientes" not in page


def test_answered_and_past_requests_leave_the_page(client):
    user, own = _representative_with_requests()
    MeetingRequest.objects.filter(to_participant=own).update(status=MeetingRequest.Status.ACCEPTED)
    client.force_login(user)
    page = client.get(reverse("home:mine")).content.decode()
    assert "Ninguna solicitud de reunión espera tu respuesta." in page


def test_invitation_waiting_for_the_organisation(client):
    wheel = WheelFactory(date=_soon(), name="Rueda Norte")
    org = OrganisationFactory(name="Sensores del Sur SpA")
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user, email=user.email), organisation=org)
    inviter = ParticipantFactory(wheel=wheel, organisation=OrganisationFactory(name="Municipalidad de Temuco"))
    challenge = ChallengeFactory(organisation=inviter.organisation)
    solution = SolutionFactory(provider=org)
    match = Match.objects.create(challenge=challenge, solution=solution, computed_at=timezone.now())
    Invitation.objects.create(wheel=wheel, inviter=inviter, organisation=org, match=match)
    client.force_login(user)
    page = client.get(reverse("home:mine")).content.decode()
    assert "Municipalidad de Temuco te invita a Rueda Norte" in page
    assert wheel.get_absolute_url() in page


def test_organisation_admin_sees_approvals_waiting(client):
    org = OrganisationFactory(name="Municipalidad de Valparaíso")
    admin = UserFactory()
    MembershipFactory(person=PersonFactory(user=admin, email=admin.email), organisation=org, role=Membership.Role.ADMIN)
    MembershipFactory(
        person=PersonFactory(first_name="Camila", last_name="Rojas"), organisation=org, status=Membership.Status.PENDING
    )
    client.force_login(admin)
    page = client.get(reverse("home:mine")).content.decode()
    assert "Aprobaciones pendientes" in page
    assert "Camila Rojas pide representar a Municipalidad de Valparaíso" in page
    assert reverse("accounts:pending_requests") in page


def test_staff_queue_lists_requests_wheels_to_schedule_and_overdue_offers(client, staff_user):
    MembershipFactory(
        person=PersonFactory(first_name="Tomás", last_name="Soto"),
        organisation=OrganisationFactory(name="Universidad de Prueba"),
        status=Membership.Status.PENDING,
    )
    wheel = WheelFactory(date=_soon(5), name="Rueda por agendar", status=Wheel.Status.CLOSED)
    ParticipantFactory(wheel=wheel)
    WheelFactory(date=_soon(60), name="Rueda lejana")
    RegistrationFactory(
        event__title="Taller de datos",
        name="Fernanda Díaz",
        status=SeatStatus.OFFERED,
        offer_expires_at=timezone.now() - dt.timedelta(hours=3),
    )
    client.force_login(staff_user)
    page = client.get(reverse("home:mine")).content.decode()
    assert "Pendientes del equipo" in page
    assert "1 solicitud de representación" in page and "Tomás Soto → Universidad de Prueba" in page
    assert "Ruedas por agendar" in page and "Rueda por agendar</a>" in page and "1 participante" in page
    assert reverse("wheel:dashboard", args=[wheel.pk]) in page
    assert "Rueda lejana" not in page
    assert "Ofertas de cupo vencidas" in page and "Taller de datos</a>: Fernanda Díaz" in page


def test_staff_with_nothing_to_do(client, staff_user):
    client.force_login(staff_user)
    assert "No hay nada pendiente para el equipo." in client.get(reverse("home:mine")).content.decode()


def test_query_count_does_not_grow_with_the_number_of_items(client, django_assert_max_num_queries):
    user, own = _representative_with_requests(n=1)
    client.force_login(user)
    client.get(reverse("home:mine"))  # warm the session
    with django_assert_max_num_queries(24) as few:
        client.get(reverse("home:mine"))
    for i in range(1, 6):
        asker = ParticipantFactory(wheel=own.wheel, organisation=OrganisationFactory(name=f"Otra {i}"))
        MeetingRequestFactory(wheel=own.wheel, from_participant=asker, to_participant=own)
        RegistrationFactory(user=user, email=user.email)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home:mine")).content.decode()
    assert page.count("quiere reunirse contigo") == 5  # at most five per list
