"""`manage.py impact_figures`: the JSON shape of the issue, CSV, and bad dates refused with a message."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from helix.network.models import Agreement
from tests.factories import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("impact_figures", *args, stdout=out)
    return out.getvalue()


def test_json_shape():
    today = timezone.localdate()
    AgreementFactory(
        parties=[OrganisationFactory(), OrganisationFactory(country="BR", commune=None, region=None)],
        status=Agreement.Status.ACTIVE,
        start_date=today,
    )
    doc = json.loads(run("--from", "2026-01-01", "--to", today.isoformat()))
    assert doc["period"] == {"from": "2026-01-01", "to": today.isoformat()}
    assert [f["key"] for f in doc["figures"]] == [
        "actors_connected",
        "municipalities_with_new_solutions",
        "companies_linked_to_public_sector",
        "regions_activated",
        "professionals_trained",
        "women_experts_visible",
        "international_entities_under_agreement",
    ]
    figures = {f["key"]: f for f in doc["figures"]}
    assert figures["international_entities_under_agreement"] == {
        "key": "international_entities_under_agreement",
        "value": 1,
        "unit": "entidades",
        "definition_version": 1,
    }
    assert figures["actors_connected"]["value"] == 2  # both parties of the signed agreement
    assert [(row["stage"], row["count"]) for row in doc["funnel"]] == [
        ("published", 0),
        ("matched", 0),
        ("meetings_held", 0),
        ("pilots_agreements", 0),
        ("solved", 0),
    ]


def test_csv():
    lines = run("--format", "csv", "--from", "2026-01-01", "--to", "2026-06-30").splitlines()
    assert lines[0] == "key,value,unit,definition_version"
    assert lines[1] == "actors_connected,0,actores,1"
    assert lines[-1] == "funnel.solved,0,,1"
    assert len(lines) == 1 + 7 + 5


def test_bad_date_is_a_message_not_a_traceback():
    with pytest.raises(CommandError) as caught:
        run("--from", "2026-02-30")
    assert str(caught.value) == "El período no es válido. --from: Ingresa una fecha válida (AAAA-MM-DD)."
