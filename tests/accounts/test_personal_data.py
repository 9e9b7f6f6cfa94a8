"""Personal-data rights end to end: the download is complete and the deletion leaves nothing behind.

`zenobia` has used every feature of Helix. Her name, e-mail, phone, IP and answers are distinctive
strings, so after the deletion a scan of every text column of every model proves they are gone.
"""

import datetime as dt
import json
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from helix.academy.domain.attendance import evaluate_completion, mark_attendance, set_final_mark
from helix.academy.domain.enrolment import enrol
from helix.academy.models import Enrolment
from helix.academy.queries import professionals_trained
from helix.accounts.models import User
from helix.certificates.models import Certificate
from helix.core import mail as core_mail
from helix.core import personal_data
from helix.events.domain.checkin import check_in
from helix.events.domain.minutes import add_commitment
from helix.events.domain.registration import register
from helix.events.models import Attendance, Registration
from helix.events.queries import checkin_search
from helix.matching.models import PipelineEntry, PipelineEvent
from helix.network.domain import refresh_search_text
from helix.network.models import Membership, Person
from helix.outreach import tokens
from helix.outreach.domain import confirm_subscription, request_subscription, sending
from helix.outreach.models import Delivery, Issue, Subscriber
from helix.wheel.domain.outcomes import record_outcome
from helix.wheel.models import Meeting, MeetingOutcome, MeetingRequest, Side
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, topic
from tests.factories.academy import CohortFactory
from tests.factories.academy import SessionFactory as ClassFactory
from tests.factories.events_extra import MinutesFactory, QuestionFactory, RegistrationFactory, SpeakerFactory
from tests.factories.matching import ChallengeFactory, SolutionFactory
from tests.factories.wheel import ParticipantFactory, WheelFactory
from tests.on_commit import committed
from tests.outreach.helpers import subscriber

NAME = "Zenobia Quispealtamirano"
EMAIL = "zenobia.quispe@ejemplo.cl"
PHONE = "+56 9 7531 8642"
IP = "203.0.113.77"
DIET = "Alergia severa al maní y celiaquía"
SECRETS = ["Zenobia", "Quispealtamirano", "zenobia.quispe", PHONE, IP, DIET, "celiaquía"]


@pytest.fixture
def use_task_queue(settings):
    """Queue background tasks in the database, as in production, so queued e-mails can be seen."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def zenobia(db, use_task_queue):
    """A user who has used every feature, plus the ids of what she did."""
    now = timezone.now()
    user = UserFactory(email=EMAIL, full_name=NAME)
    person = PersonFactory(
        user=user, email=EMAIL, first_name="Zenobia", last_name="Quispealtamirano", phone=PHONE, bio="Ingeniera"
    )
    person.expertise.set([topic("water")])
    refresh_search_text(person=person)
    org = OrganisationFactory(name="Aguas del Puerto")
    MembershipFactory(person=person, organisation=org, position="Gerenta")
    # Failed sign-ins (django-axes): the log survives her later successful sign-ins, the counter does not.
    AccessFailureLog.objects.create(username=EMAIL, ip_address=IP, user_agent="Firefox", locked_out=False)
    ids = {}

    # Events: a congress held yesterday (registered with a health answer, checked in, speaker) …
    held = EventFactory(title="Congreso Agua 2026", starts_at=now - dt.timedelta(days=1, hours=8))
    held.ends_at = held.starts_at + dt.timedelta(hours=8)
    held.save()
    diet = QuestionFactory(event=held, label="Restricciones alimentarias")
    before = held.starts_at - dt.timedelta(days=3)
    registration = register(event_id=held.pk, name=NAME, email=EMAIL, user=user, answers={diet.pk: DIET}, now=before)
    other = register(event_id=held.pk, name="Otro Asistente", email="otro@example.cl", now=before)
    desk = UserFactory(is_staff=True, email="acreditacion@helix.cl")
    check_in(event=held, registration=registration, actor=desk, now=held.starts_at)
    check_in(event=held, registration=other, actor=desk, now=held.starts_at)
    SpeakerFactory(event=held, person=person)
    # … and a full event next month, where she waits in line.
    full = EventFactory(title="Feria Smart 2026", capacity=1)
    register(event_id=full.pk, name="Primera Persona", email="primera@example.cl", now=now)
    waiting = register(event_id=full.pk, name=NAME, email=EMAIL, user=user, now=now)
    assert waiting.status == "waiting"
    ids.update(held=held.pk, full=full.pk, registration=registration.pk, waiting=waiting.pk)

    # Round-table minutes naming her, with a commitment she owns.
    minutes = MinutesFactory(summary=f"{NAME} presentó el diagnóstico hídrico.")
    add_commitment(minutes=minutes, actor=desk, description=f"{NAME} enviará el informe", owner_person=person)

    # Academy: a cohort that ends today, attended, passed and certified.
    cohort = CohortFactory(starts_on=timezone.localdate() - dt.timedelta(days=30), ends_on=timezone.localdate())
    cohort.course.pass_mark = Decimal("4.0")
    cohort.course.save()
    lesson = ClassFactory(cohort=cohort, starts_at=now - dt.timedelta(days=20))
    enrolment = enrol(cohort=cohort, person=person, actor=user, now=now - dt.timedelta(days=31))
    mark_attendance(session=lesson, enrolment_id=enrolment.pk, present=True, actor=desk)
    set_final_mark(cohort=cohort, enrolment_id=enrolment.pk, mark=Decimal("6.5"), actor=desk)
    evaluate_completion(cohort=cohort, actor=desk)
    certificate = Certificate.objects.get(person=person)
    ids.update(enrolment=enrolment.pk, certificate=certificate.pk)

    # Newsletter: subscribed and confirmed.
    subscription = request_subscription(email=EMAIL, name=NAME, ip=IP)
    confirm_subscription(token=tokens.confirm_token(subscription.pk), ip=IP)

    # Business wheel: her organisation takes part, asks for a meeting, meets and records an outcome.
    wheel = WheelFactory()
    mine = ParticipantFactory(wheel=wheel, organisation=org, side=Side.BUYER)
    mine.representatives.add(person)
    theirs = ParticipantFactory(wheel=wheel, side=Side.SUPPLIER)
    request = MeetingRequest.objects.create(
        wheel=wheel, from_participant=mine, to_participant=theirs, priority="must", status="accepted"
    )
    meeting = Meeting.objects.create(
        wheel=wheel, a=mine, b=theirs, slot=wheel.slots.first(), table=1, status="held", request=request
    )
    record_outcome(user=user, meeting=meeting, participant=mine, outcome="follow_up", note=f"{NAME} llamará")

    # Matching: she wrote a challenge, is the contact of a solution and moved a pipeline card.
    challenge = ChallengeFactory(created_by=user, title="Fugas de agua potable")
    solution = SolutionFactory(contact=person, title="Sensores de presión")
    entry = PipelineEntry.objects.create(challenge=challenge, solution=solution, stage="contacted")
    PipelineEvent.objects.create(entry=entry, actor=user, from_stage="suggested", to_stage="contacted", note=NAME)
    ids.update(challenge=challenge.pk, solution=solution.pk)

    # The back office logged a change to her directory record.
    staff = UserFactory(is_staff=True, email="oficina@helix.cl")
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message=f"Teléfono de {NAME}",
        single_object=True,
    )
    # She is signed in on another device; a staff member left a directory import naming her pending.
    elsewhere = SessionStore()
    elsewhere.update({"_auth_user_id": str(user.pk)})
    elsewhere.create()
    desk = SessionStore()
    desk.update({"_auth_user_id": str(staff.pk), "import": [{"name": NAME, "email": EMAIL}], "lang": "es"})
    desk.create()
    ids.update(elsewhere=elsewhere.session_key, desk=desk.session_key)
    user.refresh_from_db()
    return user, ids


@pytest.mark.django_db
def test_download_contains_every_record(client, zenobia):
    user, ids = zenobia
    client.force_login(user)
    response = client.get(reverse("accounts:download_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)

    assert data["account"]["email"] == EMAIL and data["account"]["full_name"] == NAME
    assert data["person"]["phone"] == PHONE and data["person"]["expertise"] == ["water"]
    assert [(m["organisation"], m["position"]) for m in data["memberships"]] == [("Aguas del Puerto", "Gerenta")]
    assert data["failed_sign_ins"][0]["ip_address"] == IP

    registrations = {r["event"]: r for r in data["event_registrations"]}
    held = registrations["Congreso Agua 2026"]
    assert held["answers"] == [{"question": "Restricciones alimentarias", "answer": DIET}]
    assert held["status"] == "confirmed" and len(held["check_ins"]) == 1
    assert registrations["Feria Smart 2026"]["status"] == "waiting"
    assert registrations["Feria Smart 2026"]["waiting_position"] == 1
    assert data["event_roles"] == [{"event": "Congreso Agua 2026", "session": None, "role": "speaker"}]
    assert data["round_table_commitments"][0]["commitment"] == f"{NAME} enviará el informe"

    [enrolment] = data["academy_enrolments"]
    assert enrolment["final_mark"] == "6.5" and enrolment["completed_at"]
    assert [a["present"] for a in enrolment["attendance"]] == [True]
    [certificate] = data["certificates"]
    assert certificate["kind"] == "completion" and certificate["verification_url"].endswith(certificate["code"] + "/")

    [subscription] = data["newsletter_subscriptions"]
    assert subscription["status"] == "confirmed"
    assert subscription["consent"]["requested_from_ip"] == IP and subscription["consent"]["text"]

    [participation] = data["wheel_participations"]
    assert participation["organisation"] == "Aguas del Puerto"
    assert participation["requests"][0] | {"created_at": None} == {
        "direction": "sent",
        "with": participation["meetings"][0]["with"],
        "priority": "must",
        "status": "accepted",
        "created_at": None,
        "answered_at": None,
    }
    assert participation["meetings"][0]["outcomes"] == [
        {"reported_by": "Aguas del Puerto", "outcome": "follow_up", "note": f"{NAME} llamará"}
    ]

    matching = data["matching"]
    assert [c["title"] for c in matching["challenges_created"]] == ["Fugas de agua potable"]
    assert [s["title"] for s in matching["solutions_as_contact"]] == ["Sensores de presión"]
    assert matching["pipeline_moves"][0]["to"] == "contacted"

    assert set(data) >= {s.name for s in personal_data.sections()}


def _text_fields(model) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)
    return [f.name for f in model._meta.get_fields() if isinstance(f, kinds) and f.concrete]


def _rows_mentioning(secret: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for field in _text_fields(model):
            if model.objects.filter(**{f"{field}__icontains": secret}).exists():
                found.append(f"{model._meta.label}.{field}")
    return found


def _held_figures(ids) -> dict:
    return {
        "registrations": {e: Registration.objects.filter(event_id=ids[e]).count() for e in ("held", "full")},
        "attendance": Attendance.objects.filter(registration__event_id=ids["held"]).count(),
        "professionals_trained": professionals_trained(),
        "certificates": Certificate.objects.count(),
        "wheel_outcomes": MeetingOutcome.objects.count(),
    }


@pytest.mark.django_db
def test_deletion_leaves_no_name_email_or_answer(client, staff_user, zenobia):
    user, ids = zenobia
    # The scan can see what it looks for, and the check-in search finds her, before the deletion.
    assert "events.Answer.value" in _rows_mentioning(DIET)
    assert "network.Person.first_name" in _rows_mentioning("Zenobia")
    held = Registration.objects.get(pk=ids["registration"]).event
    assert [r.pk for r in checkin_search(held, "Zenobia")] == [ids["registration"]]
    figures = _held_figures(ids)
    assert figures["professionals_trained"] == 1

    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": "correct-horse-battery"}, follow=True)
    assert "Tu cuenta y tus datos personales fueron eliminados." in response.content.decode()
    assert "_auth_user_id" not in client.session

    leftovers = {secret: _rows_mentioning(secret) for secret in SECRETS}
    assert leftovers == {secret: [] for secret in SECRETS}
    assert not User.objects.filter(pk=user.pk).exists()
    assert not AccessFailureLog.objects.filter(username=EMAIL).exists()
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()
    assert not Subscriber.objects.exists()
    assert not Membership.objects.filter(organisation__name="Aguas del Puerto").exists()

    # Figures are unchanged: the held event keeps its registrations and check-ins, the academy
    # its professional trained and the certificate (still verifiable, by code).
    assert _held_figures(ids) == figures
    registration = Registration.objects.get(pk=ids["registration"])
    assert (registration.name, registration.user, registration.person, registration.status) == (
        "—",
        None,
        None,
        "confirmed",
    )
    assert not registration.answers.exists()
    assert Registration.objects.get(pk=ids["waiting"]).status == "cancelled"  # gave up her place in line
    tombstone = Enrolment.objects.get(pk=ids["enrolment"]).person
    assert (tombstone.full_name, tombstone.email, tombstone.user, tombstone.phone) == ("—", None, None, "")
    certificate = Certificate.objects.get(pk=ids["certificate"])
    assert certificate.revoked_at is None and certificate.person == tombstone
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "Este es un certificado auténtico emitido por Helix por «" in page and "Zenobia" not in page
    assert "La persona titular eliminó después sus datos personales, por lo que su nombre ya no se muestra." in page

    # The check-in desk no longer finds her, by name or e-mail.
    assert list(checkin_search(held, "Zenobia")) == []
    assert list(checkin_search(held, "zenobia.quispe")) == []
    client.force_login(staff_user)
    for term in ("Quispe", EMAIL):
        found = client.get(reverse("events:checkin", args=[held.slug]), {"q": term}, headers={"HX-Request": "true"})
        assert "Ninguna inscripción confirmada coincide." in found.content.decode()

    # Her other sessions end; other people's sessions forget what named her.
    assert not Session.objects.filter(session_key=ids["elsewhere"]).exists()
    assert SessionStore(ids["desk"]).load() == {"_auth_user_id": str(LogEntry.objects.get().user_id), "lang": "es"}

    # No e-mail about her records is left waiting in the queue.
    queued = DBTaskResult.objects.filter(status="READY")
    assert not [
        t for t in queued if ids["registration"] in t.args_kwargs["args"] or ids["waiting"] in t.args_kwargs["args"]
    ]

    # The directory's full-text mirror (SQLite) forgot her too.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM network_person_fts WHERE network_person_fts MATCH 'zenobia'")
            assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_person_without_kept_records_is_deleted(client):
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    person = PersonFactory(user=user, email="ana@example.cl", first_name="Ana", last_name="Pérez")
    MembershipFactory(person=person)
    personal_data.erase_personal_data(user=user)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Membership.objects.filter(person_id=person.pk).exists()
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_deletion_frees_an_upcoming_seat_for_the_waiting_list(use_task_queue):
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    event = EventFactory(capacity=1)
    mine = register(event_id=event.pk, name="Ana Pérez", email="ana@example.cl", user=user)
    next_in_line = register(event_id=event.pk, name="Bea Soto", email="bea@example.cl")
    assert (mine.status, next_in_line.status) == ("confirmed", "waiting")
    with committed():
        personal_data.erase_personal_data(user=user)
    next_in_line.refresh_from_db()
    assert next_in_line.status == "offered"
    # Bea's offer is queued; Ana's cancellation notice, composed from the anonymised record after the
    # commit, goes to the erased placeholder and is never sent.
    queued = [t.args_kwargs["args"] for t in DBTaskResult.objects.filter(status="READY")]
    path = "helix.events.emails.registration_email"
    assert [path, {"registration_id": next_in_line.pk, "kind": "offer"}] in queued
    for composer_path, kwargs in queued:
        if kwargs.get("registration_id") == mine.pk:
            assert core_mail.deliver.call(composer_path, kwargs) == 0


@pytest.mark.django_db
def test_erasure_is_all_or_nothing(zenobia):
    user, ids = zenobia

    def failing(subject):
        raise RuntimeError("disk full")

    personal_data.register("zz_failing", export=lambda s: None, erase=failing, covers={}, order=950)
    try:
        with pytest.raises(RuntimeError):
            personal_data.erase_personal_data(user=user)
    finally:
        personal_data.unregister("zz_failing")
    assert User.objects.filter(pk=user.pk).exists()
    assert Registration.objects.get(pk=ids["registration"]).name == NAME
    assert Subscriber.objects.filter(email=EMAIL).exists()


@pytest.mark.django_db
def test_deleting_an_account_in_the_back_office_erases_it_everywhere(staff_client):
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    other = UserFactory(email="bea@example.cl", full_name="Bea Soto")
    past = EventFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    for who in (user, other):
        RegistrationFactory(event=past, user=who, name=who.full_name, email=who.email)
    response = staff_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert sorted(Registration.objects.filter(event=past).values_list("name", flat=True)) == ["Bea Soto", "—"]

    staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert list(Registration.objects.filter(event=past).values_list("name", flat=True)) == ["—", "—"]
    assert not User.objects.filter(pk__in=[user.pk, other.pk]).exists()


@pytest.mark.django_db
def test_download_requires_sign_in(client):
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_delete_page_says_what_is_cancelled_deleted_and_kept(client):
    client.force_login(UserFactory(email="ana@example.cl"))
    page = client.get(reverse("accounts:delete_account")).content.decode()
    assert "Se cancelan tus inscripciones a eventos próximos, tus lugares en listas de espera" in page
    assert "Se eliminan tu suscripción al boletín y el registro de tu consentimiento." in page
    assert "pero ya no muestran tu nombre: descárgalos antes si los necesitas." in page
    assert reverse("accounts:download_data") in page


@pytest.mark.django_db
def test_delete_account_needs_the_password(client):
    user = UserFactory(email="ana@example.cl")
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": "wrong"})
    assert response.status_code == 200 and response.context["form"].errors["password"]
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_deletion_during_a_newsletter_send_keeps_the_issue_figures():
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    subscriber("ana@example.cl")
    subscriber("bea@example.cl")
    issue = sending.create_issue(
        subject="Boletín de junio", body_markdown="Hola", actor=UserFactory(is_staff=True, email="boletin@helix.cl")
    )
    issue = sending.prepare_issue(issue_id=issue.pk)
    assert issue.total_recipients == 2
    personal_data.erase_personal_data(user=user)
    issue = Issue.objects.get(pk=issue.pk)
    assert (issue.total_recipients, issue.skipped_count) == (2, 1)
    assert [d.subscriber.email for d in Delivery.objects.filter(issue=issue)] == ["bea@example.cl"]
    issue = sending.run_sending(issue_id=issue.pk)
    assert (issue.status, issue.sent_count, issue.progress_percent) == ("sent", 1, 100)
    assert [m.to for m in mail.outbox if m.subject.endswith("Boletín de junio")] == [["bea@example.cl"]]


@pytest.mark.django_db
def test_deletion_releases_seats_held_under_the_persons_other_email():
    """A seat booked with the directory person's address (not the account's) and an enrolment of a
    directory person without an account are still given up: the erasure acts for the person."""
    staff = UserFactory(is_staff=True, email="academia@helix.cl")
    user = UserFactory(email="ana@example.cl", full_name="Ana Pérez")
    PersonFactory(user=user, email="ana.perez@muni.cl", first_name="Ana", last_name="Pérez")
    event = EventFactory(capacity=1)
    mine = register(event_id=event.pk, name="Ana Pérez", email="ana.perez@muni.cl")
    waiting = register(event_id=event.pk, name="Bea Soto", email="bea@example.cl")
    other = UserFactory(email="carla@example.cl", full_name="Carla Rojas")
    unlinked = PersonFactory(user=None, email="carla@example.cl", first_name="Carla", last_name="Rojas")
    cohort = CohortFactory(capacity=1, starts_on=timezone.localdate() + dt.timedelta(days=20))
    enrolment = enrol(cohort=cohort, person=unlinked, actor=staff)
    second = enrol(cohort=cohort, person=PersonFactory(email="dora@example.cl"), actor=staff)
    assert (mine.status, waiting.status, enrolment.status, second.status) == (
        "confirmed",
        "waiting",
        "confirmed",
        "waiting",
    )
    personal_data.erase_personal_data(user=user)
    personal_data.erase_personal_data(user=other)
    waiting.refresh_from_db()
    second.refresh_from_db()
    assert (waiting.status, second.status) == ("offered", "offered")
    assert Registration.objects.get(pk=mine.pk).status == "cancelled"
    assert Enrolment.objects.get(pk=enrolment.pk).status == "cancelled"
