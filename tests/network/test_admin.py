import pytest

from helix.network.models import Organisation
from helix.territory.models import Commune
from tests.factories import AgreementFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_back_office_pages_load(staff_client):
    org = OrganisationFactory()
    MembershipFactory(organisation=org)
    agreement = AgreementFactory(parties=[org])
    for url in [
        "/admin/network/organisation/",
        f"/admin/network/organisation/{org.pk}/change/",
        "/admin/network/person/",
        "/admin/network/membership/",
        f"/admin/network/agreement/{agreement.pk}/change/",
        "/admin/network/topic/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_admin_creation_fills_derived_columns(staff_client):
    commune = Commune.objects.get(cut=5101)
    response = staff_client.post(
        "/admin/network/organisation/add/",
        {
            "name": "Fundación Ñandú",
            "sector": "",
            "kind": "ngo",
            "commune": commune.pk,
            "country": "CL",
            "description": "Reciclaje",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organisation.objects.get(name="Fundación Ñandú")
    assert (org.slug, org.normalized_name, org.sector) == ("fundacion-nandu", "fundacion nandu", "civil_society")
    assert "reciclaje" in org.search_text
