"""The staff mailbox list: the number of queries does not grow with the messages."""

import pytest
from django.urls import reverse

from helix.core import mail
from helix.core.mailbox import MailboxBackend

pytestmark = pytest.mark.django_db


def test_mailbox_query_count_does_not_grow_with_the_messages(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)

    def count(n):
        for i in range(n):
            message = mail.Message(subject=f"Tu cupo en «Agua & Energía» {i}", body="Hola", to=[f"p{i}@example.cl"])
            MailboxBackend().send_messages([message])
        with django_assert_max_num_queries(12) as captured:
            body = client.get(reverse("core:mailbox")).content.decode()
        assert "Tu cupo en «Agua &amp; Energía» 0" in body
        return len(captured.captured_queries)

    assert count(1) == count(5)
