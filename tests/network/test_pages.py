import pytest

from helix.network.domain import add_membership, create_organisation, create_person
from helix.network.models import Organisation
from helix.territory.models import Commune
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def muni():
    return create_organisation(
        actor=StaffFactory(),
        name="Municipalidad de Valparaíso",
        kind="municipality",
        commune=Commune.objects.get(cut=5101),
        topics=["water"],
        operating_regions=[5],
        website="https://www.municipalidaddevalparaiso.cl",
        description="Ciudad puerto.",
    )


def test_directory_search_without_accents_finds_the_municipality(client, muni):
    OrganisationFactory(name="Municipalidad de Santiago", commune=Commune.objects.get(cut=13101))
    page = client.get("/directory/", {"q": "municipalidad valparaiso"}).content.decode()
    assert "Municipalidad de Valparaíso" in page
    assert "Municipalidad de Santiago" not in page
    assert "<html" in page


def test_htmx_request_gets_only_the_results(client, muni):
    response = client.get("/directory/", {"q": "valpar"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Municipalidad de Valparaíso" in body
    assert "<html" not in body and 'id="result-count"' in body
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, muni):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    body = client.get("/directory/", {"q": "valpar"}, headers=headers).content.decode()
    assert "<html" in body and "Municipalidad de Valparaíso" in body


def test_bad_filters_are_ignored_not_500(client, muni):
    response = client.get("/directory/", {"region": "99x", "sector": "alien", "page": "zzz", "tab": "nope"})
    assert response.status_code == 200
    assert "Municipalidad de Valparaíso" in response.content.decode()


def test_people_tab_lists_public_profiles_without_gender(client, muni):
    public = create_person(first_name="Josefa", last_name="Araya", public_profile=True, gender="female")
    create_person(first_name="Oculta", last_name="Araya", public_profile=False)
    add_membership(person=public, organisation=muni, position="Directora de Innovación")
    body = client.get("/directory/", {"tab": "people", "q": "araya"}).content.decode()
    assert "Josefa Araya" in body and "Directora de Innovación" in body
    assert "Oculta" not in body
    assert "Mujer" not in body and "Female" not in body


def test_organisation_page_shows_details_public_members_and_agreements(client, muni):
    public = PersonFactory(first_name="Paula", last_name="Rojas", public_profile=True)
    hidden = PersonFactory(first_name="Privado", last_name="Soto", public_profile=False)
    MembershipFactory(person=public, organisation=muni, position="Jefa de Datos", role="member")
    MembershipFactory(person=hidden, organisation=muni, role="member")
    partner = OrganisationFactory(name="Barcelona Urban Lab", kind="international", commune=None, country="ES")
    AgreementFactory(title="Convenio Puerto Inteligente", parties=[muni, partner])
    body = client.get(muni.get_absolute_url()).content.decode()
    for text in ["Valparaíso", "Agua", "municipalidaddevalparaiso.cl", "Paula Rojas", "Jefa de Datos"]:
        assert text in body
    assert "Gobierno" in body
    assert "Convenio Puerto Inteligente" in body and "Barcelona Urban Lab" in body
    assert "Privado" not in body


def test_unknown_pages_give_404(client):
    assert client.get("/directory/organisations/no-existe/").status_code == 404
    assert client.get("/directory/people/999999/").status_code == 404
    assert client.get("/directory/agreements/999999/").status_code == 404
    assert client.get("/directory/organisations/no-existe/edit/").status_code in (302, 404)


def test_private_person_page_is_404(client):
    person = PersonFactory(public_profile=False)
    assert client.get(f"/directory/people/{person.pk}/").status_code == 404
    person_public = PersonFactory(public_profile=True, gender="female", gender_public=False)
    body = client.get(f"/directory/people/{person_public.pk}/").content.decode()
    assert person_public.full_name in body and "Mujer" not in body and "Female" not in body


def test_person_page_shows_gender_only_with_consent(client):
    person = PersonFactory(public_profile=True, gender="female", gender_public=True)
    body = client.get(f"/directory/people/{person.pk}/").content.decode()
    assert "Mujer" in body


# --- editing --------------------------------------------------------------------------------------


def representative_of(org):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=org)
    return user


def form_data(org, **changes):
    data = {
        "name": org.name,
        "kind": org.kind,
        "commune": org.commune_id or "",
        "country": org.country,
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "description": org.description,
        "topics": [t.pk for t in org.topics.all()],
        "operating_regions": [r.pk for r in org.operating_regions.all()],
    }
    data.update(changes)
    return data


def test_representative_edits_own_organisation(client, muni):
    client.force_login(representative_of(muni))
    response = client.post(f"/directory/organisations/{muni.slug}/edit/", form_data(muni, description="Nueva"))
    assert response.status_code == 302
    muni.refresh_from_db()
    assert muni.description == "Nueva"
    assert "nueva" in muni.search_text
    assert "Nueva" in client.get(muni.get_absolute_url()).content.decode()


def test_representative_cannot_edit_another_organisation(client, muni):
    other = OrganisationFactory(description="Original")
    client.force_login(representative_of(muni))
    assert client.get(f"/directory/organisations/{other.slug}/edit/").status_code == 403
    response = client.post(f"/directory/organisations/{other.slug}/edit/", form_data(other, description="Pirata"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.description == "Original"
    assert f"/directory/organisations/{other.slug}/edit/" not in client.get(other.get_absolute_url()).content.decode()
    assert f"/directory/organisations/{muni.slug}/edit/" in client.get(muni.get_absolute_url()).content.decode()


def test_anonymous_is_sent_to_login(client, muni):
    response = client.post(f"/directory/organisations/{muni.slug}/edit/", form_data(muni, description="X"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    muni.refresh_from_db()
    assert muni.description == "Ciudad puerto."


def test_invalid_edit_redisplays_what_was_typed(client, muni):
    client.force_login(representative_of(muni))
    response = client.post(
        f"/directory/organisations/{muni.slug}/edit/",
        form_data(muni, name="", website="no es una url", description="Texto escrito"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Texto escrito" in body and "no es una url" in body
    assert 'class="errorlist"' in body
    muni.refresh_from_db()
    assert muni.name == "Municipalidad de Valparaíso" and muni.description == "Ciudad puerto."


def test_edit_own_profile(client):
    user = UserFactory()
    person = PersonFactory(user=user, public_profile=False, first_name="Ana", last_name="Pérez")
    client.force_login(user)
    assert client.get("/directory/me/").status_code == 200
    data = {"first_name": "Ana", "last_name": "Pérez", "bio": "Urbanista", "public_profile": "on", "gender": ""}
    response = client.post("/directory/me/", data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.public_profile and person.bio == "Urbanista"
    assert response["Location"] == person.get_absolute_url()


def test_profile_is_created_on_first_save(client):
    user = UserFactory(email="nuevo@example.cl")
    client.force_login(user)
    client.post("/directory/me/", {"first_name": "Nuevo", "last_name": "Perfil", "gender": ""})
    user.refresh_from_db()
    assert user.person.first_name == "Nuevo" and user.person.email == "nuevo@example.cl"


def test_agreements_list_and_filters(client, muni):
    partner = OrganisationFactory(name="Ciudad de Lyon", kind="international", commune=None, country="FR")
    AgreementFactory(title="Convenio Internacional", parties=[muni, partner])
    AgreementFactory(title="Convenio Local", parties=[muni], status="expired")
    body = client.get("/directory/agreements/").content.decode()
    assert "Convenio Internacional" in body and "Convenio Local" in body
    body = client.get("/directory/agreements/", {"international": "1"}).content.decode()
    assert "Convenio Internacional" in body and "Convenio Local" not in body
    body = client.get("/directory/agreements/", {"status": "expired"}).content.decode()
    assert "Convenio Local" in body and "Convenio Internacional" not in body
    assert Organisation.objects.count() == 2


def test_broad_searches_stop_counting_at_the_cap(client, monkeypatch):
    from helix.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("helix.network.views.PAGE_SIZE", 2)
    for i in range(6):
        create_organisation(actor=StaffFactory(), name=f"Empresa Solar {i}", kind="sme")
    body = client.get("/directory/", {"q": "solar"}).content.decode()
    assert "Más de 3 resultados" in body
    assert "1 de 2" in body  # pages up to the cap only
    body = client.get("/directory/", {"q": "solar 5"}).content.decode()
    assert "1 resultado" in body


def test_filter_selects_keep_the_chosen_values(client, muni):
    body = client.get("/directory/", {"sector": "government", "region": "5", "topic": "water"}).content.decode()
    assert '<option value="government" selected>' in body
    assert '<option value="5" selected>' in body
    assert '<option value="water" selected>' in body


def test_profile_creation_with_a_taken_email_shows_an_error(client):
    PersonFactory(email="tomada@example.cl", user=None)
    user = UserFactory(email="tomada@example.cl")
    client.force_login(user)
    response = client.post("/directory/me/", {"first_name": "Tomada", "last_name": "Ya", "gender": ""})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode() and "Tomada" in response.content.decode()
    from helix.network.models import Person

    assert not Person.objects.filter(user=user).exists()
