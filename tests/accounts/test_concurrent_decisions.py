import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections

from helix.accounts.domain import decide_membership
from helix.network.models import Membership
from tests.factories import MembershipFactory, PersonFactory, UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_produce_one_decision_and_one_email():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking")
    applicant = UserFactory(email="postulante@example.cl")
    membership = MembershipFactory(status="pending", person=PersonFactory(user=applicant, email=applicant.email))
    approver = UserFactory(is_staff=True)
    rejecter = UserFactory(is_staff=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, approve):
        try:
            barrier.wait()
            decide_membership(membership_id=membership.pk, actor=user, approve=approve)
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(approver, True)),
        threading.Thread(target=decide, args=(rejecter, False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["decided", "refused"]
    membership.refresh_from_db()
    assert membership.status in {"approved", "rejected"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["postulante@example.cl"]
    assert Membership.objects.filter(pk=membership.pk, decided_by__isnull=False).count() == 1
