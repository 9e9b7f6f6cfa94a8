"""The demo seeder: deterministic, realistic, complete (scale 1; scale 30 is exercised by bench/directory.py)."""

import random

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from helix.demo import network as demo
from helix.network.models import Agreement, Membership, Organisation, Person
from helix.network.permissions import can_edit_organisation

pytestmark = pytest.mark.django_db


def test_seed_builds_the_whole_ecosystem_once():
    counts = demo.seed(rng=random.Random("2026"), scale=1, stdout=None)
    assert counts["organisations"] == Organisation.objects.count() > 700
    assert counts["people"] == Person.objects.count() >= 3000
    munis = Organisation.objects.filter(kind="municipality")
    assert munis.count() == 346
    assert munis.exclude(name__startswith="Municipalidad de ").count() == 0
    valparaiso = Organisation.objects.get(slug="municipalidad-de-valparaiso")
    assert valparaiso.commune.cut == 5101 and valparaiso.sector == "government"
    assert Organisation.objects.filter(kind="regional_government").count() == 16
    for name in ["CORFO", "SUBDERE", "ANID", "Ministerio de Ciencia"]:
        assert Organisation.objects.filter(kind="public_agency", name__contains=name).exists()
    assert Organisation.objects.filter(kind="university", name="Universidad de Chile").exists()
    assert Organisation.objects.filter(kind__in=["startup", "sme", "large_company"]).count() >= 300
    assert Organisation.objects.exclude(country="CL").exists()
    assert Person.objects.filter(public_profile=True).count() > 1000
    assert Person.objects.filter(gender="").exists() and Person.objects.filter(gender="female").exists()
    assert Membership.objects.exclude(position="").count() == Membership.objects.count()
    assert Agreement.objects.filter(parties__country__in=["ES", "DE", "US", "CO"]).exists()
    # Derived search columns are filled, so the demo is searchable at once.
    assert not Organisation.objects.filter(search_text="").exists()
    from helix.network.queries import search_organisations

    assert search_organisations(q="municipalidad valparaiso").first() == valparaiso
    # The demo representative account.
    sign_in = RequestFactory().post("/accounts/login/")  # the lockout backend needs the request
    user = authenticate(sign_in, username=demo.REPRESENTATIVE_EMAIL, password=demo.REPRESENTATIVE_PASSWORD)
    assert user is not None and can_edit_organisation(user, valparaiso)
    # A second run adds nothing.
    before = Organisation.objects.count()
    demo.seed(rng=random.Random("2026"), scale=1, stdout=None)
    assert Organisation.objects.count() == before
