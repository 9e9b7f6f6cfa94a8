"""One organisation's data, as a Django fixture (portable JSON, loadable with ``loaddata``).

Holds the organisation; every record that points to it (memberships, challenges, solutions, events it
organises, wheel participations, agreements it is party to, survey responses, …) with the records
that belong to those (cascade children: matches, registrations, meetings…); and the directory people
of its memberships. Other organisations' records are referred to by key, not copied. It holds
personal data of the organisation's people: hand it only to the organisation itself (Ley 21.719).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS

from .models import Membership, Organisation, Person


def organisation_records(organisation: Organisation, *, using: str = DEFAULT_DB_ALIAS) -> list:
    """The organisation's records (model instances), each once, grouped by model."""
    # The admin's collector (never "fast-deletes", so it lists every row): what deleting would reach.
    collector = NestedObjects(using=using)
    collector.collect([organisation])
    for relation in Organisation._meta.related_objects:
        related = relation.related_model._base_manager.using(using).filter(**{relation.field.name: organisation})
        rows = list(related)
        if rows:
            collector.collect(rows)
    wanted: dict[type, set] = defaultdict(set)
    for model, instances in collector.data.items():
        wanted[model._meta.concrete_model].update(obj.pk for obj in instances)
    people = Membership.objects.using(using).filter(organisation=organisation).values_list("person_id", flat=True)
    wanted[Person].update(people)
    records = []
    for model, pks in sorted(wanted.items(), key=lambda item: item[0]._meta.label):
        records.extend(model._base_manager.using(using).filter(pk__in=pks).order_by("pk"))
    return records


def export_organisation(organisation: Organisation, path: str | Path) -> dict[str, int]:
    """Write the fixture at ``path``; returns the number of records per model."""
    records = organisation_records(organisation)
    with open(path, "w", encoding="utf-8") as stream:
        serializers.serialize("json", records, stream=stream, indent=1, use_natural_foreign_keys=True)
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[record._meta.label] += 1
    return dict(counts)
