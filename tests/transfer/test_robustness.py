"""Whatever bytes a user uploads, reading and planning end in a table/plan or a clear error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helix.core.errors import HelixError
from helix.core.tabular import Table, read_table
from helix.network.models import Organisation, Person
from helix.network.transfer.domain import plan_import
from tests.factories import OrganisationFactory, PersonFactory

PREFIXES = [b"", b"\xef\xbb\xbf", b"nombre,tipo,comuna\n", b"Nombre;Tipo;Comuna;Correo\n", b"PK\x03\x04"]


@settings(max_examples=150, deadline=None)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400))
def test_any_bytes_give_a_table_or_a_clear_error(prefix, body):
    try:
        table = read_table(prefix + body, "upload.csv")
    except HelixError as error:
        assert error.text and error.code
    else:
        assert isinstance(table, Table)
        assert all(isinstance(line, int) and line >= 2 for line, _cells in table.rows)


cell = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=8), max_size=6), kind=st.sampled_from(["organisations", "people"])
)
def test_any_cells_give_a_plan_and_every_rejection_has_a_reason(rows, kind):
    headers = ["nombre", "tipo", "comuna", "región", "correo", "temas", "organización", "cargo"]
    plan = plan_import(kind=kind, headers=headers, rows=[(n + 2, r) for n, r in enumerate(rows)])
    for row in plan.rows:
        assert row.action in {"create", "update", "reject"}
        assert (row.action == "reject") == bool(row.errors)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_export_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    for _ in range(count):
        OrganisationFactory()
    with django_assert_num_queries(3):  # organisations with seat (one query), topics prefetch, topic lookup
        response = client.get(reverse("transfer:export_organisations", args=["csv"]), {"topic": "water"})
        b"".join(response.streaming_content)
    with django_assert_num_queries(2):  # organisations, topics prefetch
        response = client.get(reverse("transfer:export_organisations", args=["csv"]))
        assert len(b"".join(response.streaming_content).splitlines()) == count + 1
    assert Organisation.objects.count() == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 5])
def test_people_export_query_count_is_constant(staff_client, django_assert_num_queries, count):
    for n in range(count):
        PersonFactory(email=f"p{n}@example.cl")
    with django_assert_num_queries(6):  # session, user, audit event, people, expertise, memberships
        response = staff_client.get(reverse("transfer:export_people", args=["csv"]))
        b"".join(response.streaming_content)
    assert Person.objects.count() == count


@pytest.mark.django_db
def test_bulk_duplicate_detection_agrees_with_the_directory_rule():
    from helix.network import domain as network_domain
    from tests.factories.network import commune

    santiago = commune(13101)
    OrganisationFactory(name="Fundación Ñandú")  # Valparaíso
    OrganisationFactory(name="Fundación Ñandú", slug="fundacion-nandu-stgo", commune=santiago)
    OrganisationFactory(name="Sin Sede", commune=None, region=None)
    rows = [
        (2, ["fundacion nandu", "ngo", "Valparaíso"]),
        (3, ["FUNDACIÓN ÑANDÚ", "ngo", "13101"]),
        (4, ["Fundación Ñandú", "ngo", "Arica"]),
        (5, ["sin sede", "ngo", ""]),
    ]
    plan = plan_import(kind="organisations", headers=["nombre", "tipo", "comuna"], rows=rows)
    for row, (_line, cells) in zip(plan.rows, rows, strict=True):
        expected = network_domain.find_duplicate_organisation(name=cells[0], commune=row.values.get("commune"))
        assert row.target == expected
    assert [r.action for r in plan.rows] == ["update", "update", "create", "update"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_import_preview_query_count_does_not_grow_with_rows(staff_client, django_assert_num_queries, count):
    from .conftest import csv_upload

    lines = "".join(f"Empresa {n},pyme,Valparaíso,agua\n" for n in range(count))
    for n in range(0, count, 2):  # half the rows update an existing organisation
        OrganisationFactory(name=f"Empresa {n}")
    response = staff_client.post(
        reverse("transfer:import"), {"kind": "organisations", "file": csv_upload("nombre,tipo,comuna,temas\n" + lines)}
    )
    preview_url = response["Location"]
    # session, user, the staged file, communes, regions, topics, existing organisations with their seat,
    # their topics
    with django_assert_num_queries(8):
        page = staff_client.get(preview_url)
    assert len(page.context["plan"].rows) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_people_preview_query_count_does_not_grow_with_rows(staff_client, django_assert_num_queries, count):
    from .conftest import csv_upload

    org = OrganisationFactory(name="Municipalidad de Valparaíso")
    lines = "".join(f"P{n},p{n}@example.cl,Valparaíso,{org.name},Analista,agua\n" for n in range(count))
    for n in range(0, count, 2):
        PersonFactory(email=f"p{n}@example.cl")
    response = staff_client.post(
        reverse("transfer:import"),
        {"kind": "people", "file": csv_upload("nombre,correo,comuna,organización,cargo,temas\n" + lines)},
    )
    # session, user, the staged file, communes, regions, topics, people with commune, their expertise and
    # memberships, organisations
    with django_assert_num_queries(10):
        page = staff_client.get(response["Location"])
    assert [r.action for r in page.context["plan"].rows][:2] == ["update", "create"][: min(2, count)]


@pytest.mark.django_db
def test_control_characters_are_dropped_not_stored():
    plan = plan_import(
        kind="organisations",
        headers=["nombre", "tipo", "comuna"],
        rows=[(2, ["Fundación\x00 Norte", "ONG", "Valparaíso"])],
    )
    assert plan.rows[0].action == "create", plan.rows[0].errors
    assert plan.rows[0].values["name"] == "Fundación Norte"
