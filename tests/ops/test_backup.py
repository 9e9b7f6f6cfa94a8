"""Restore test: back up a seeded instance, restore it into an emptied database, compare counts and a
sample of records; and one organisation's export. Runs on SQLite and on PostgreSQL (scripts/pg.sh)."""

import json
import tarfile

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command

from helix.accounts.models import User
from helix.core import audit
from helix.core.backup import model_counts
from helix.events.domain import registration as events_domain
from helix.network.models import Agreement, Membership, Organisation, Person
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def seed(media_root):
    staff = UserFactory(is_staff=True, email="staff@helix.cl")
    orgs = [OrganisationFactory(name=f"Municipalidad {n}") for n in range(6)]
    for n, org in enumerate(orgs):
        for k in range(3):
            user = UserFactory(email=f"rep{n}-{k}@example.cl")
            MembershipFactory(person=PersonFactory(user=user, email=user.email), organisation=org)
    AgreementFactory(parties=orgs[:2])
    event = EventFactory(organiser=orgs[0])
    for n in range(8):
        events_domain.register(event_id=event.pk, name=f"Persona {n}", email=f"p{n}@example.cl")
    audit.record(staff, audit.Action.EXPORTED, "helix-people.csv", format="csv")
    (media_root / "logos").mkdir(parents=True)
    (media_root / "logos" / "muni.png").write_bytes(b"\x89PNG fake logo")
    return orgs


def sample(models):
    """Every other record of each model, as plain data (what a restore must bring back unchanged)."""
    data = []
    for model in models:
        rows = list(model._base_manager.order_by("pk"))[::2]
        data.extend(serializers.serialize("python", rows, use_natural_foreign_keys=True))
    return data


def test_backup_then_restore_into_an_empty_database(settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    seed(media)
    models = [User, Organisation, Person, Membership, Agreement, audit.AuditEvent]
    counts, before = model_counts(), sample(models)
    archive = tmp_path / "helix.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert {"manifest.json", "data.json", "media/logos/muni.png"} <= set(tar.getnames())
    assert manifest["counts"]["accounts.User"] == 19 and manifest["counts"]["events.Registration"] == 8

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    (media / "logos" / "muni.png").unlink()
    assert User.objects.count() == 0
    call_command("restore", str(archive), verbosity=0)

    assert model_counts() == counts
    assert sample(models) == before
    assert (media / "logos" / "muni.png").read_bytes() == b"\x89PNG fake logo"
    # The restored instance works: sign-in data and the append-only log came back as they were.
    assert User.objects.get(email="staff@helix.cl").check_password("correct-horse-battery")
    assert audit.AuditEvent.objects.get().details == {"format": "csv"}
    assert UserFactory().pk > max(row["pk"] for row in before if row["model"] == "accounts.user")  # sequences reset


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="not a Helix backup"):
        call_command("restore", str(bogus), verbosity=0)


def test_export_one_organisation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs = seed(tmp_path / "media")
    path = tmp_path / "org.json"
    call_command("export_organisation", orgs[0].slug, str(path), verbosity=0)
    records = json.loads(path.read_text())
    by_model = {}
    for record in records:
        by_model.setdefault(record["model"], []).append(record)
    assert [r["fields"]["name"] for r in by_model["network.organisation"]] == ["Municipalidad 0"]
    assert len(by_model["network.membership"]) == 3 and len(by_model["network.person"]) == 3
    assert {r["fields"]["email"] for r in by_model["network.person"]} == {f"rep0-{k}@example.cl" for k in range(3)}
    assert len(by_model["network.agreement"]) == 1
    assert "Municipalidad 1" not in {r["fields"].get("name") for r in records if r["model"] == "network.organisation"}
    with pytest.raises(CommandError, match="no organisation"):
        call_command("export_organisation", "no-such-org", str(path))
