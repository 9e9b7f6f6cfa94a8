import threading

import pytest
from django.db import connection, connections

from helix.network.models import Organisation, Person
from helix.network.transfer.domain import ImportRejectedError, apply_import
from tests.factories import UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["organisations", "people"])
def test_two_staff_confirming_the_same_file_at_once_create_each_record_once(kind):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL locking")
    staff = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    if kind == "organisations":
        headers = ["nombre", "tipo", "comuna"]
        rows = [(n + 2, [f"Empresa Concurrente {n}", "pyme", "Valparaíso"]) for n in range(20)]
    else:
        headers = ["nombre", "correo"]
        rows = [(n + 2, [f"Persona {n}", f"persona{n}@example.cl"]) for n in range(20)]
    barrier = threading.Barrier(2)
    results = []

    def confirm(user):
        try:
            barrier.wait()
            results.append(apply_import(kind=kind, headers=headers, rows=rows, actor=user))
        except ImportRejectedError as error:  # pragma: no cover - would be a failure below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(user,)) for user in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted((r.created, r.updated) for r in results) == [(0, 20), (20, 0)]
    if kind == "organisations":
        assert Organisation.objects.filter(name__startswith="Empresa Concurrente").count() == 20
    else:
        assert Person.objects.filter(email__startswith="persona").count() == 20
