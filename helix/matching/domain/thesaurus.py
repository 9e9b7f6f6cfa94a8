"""The thesaurus the matcher uses: the shipped data file plus the staff's edits."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..engine import Thesaurus
from ..engine.thesaurus import Concept
from ..models import ThesaurusEntry
from .records import bump_clock

THESAURUS = "thesaurus"


def current_thesaurus() -> Thesaurus:
    """A fresh thesaurus: shipped concepts, then active staff entries (extra synonyms or new concepts)."""
    thesaurus = Thesaurus.load()
    for entry in ThesaurusEntry.objects.filter(active=True).select_related("topic").order_by("concept"):
        es, en = ThesaurusEntry.split(entry.terms_es), ThesaurusEntry.split(entry.terms_en)
        existing = thesaurus.concepts.get(entry.concept)
        concept = existing or Concept(
            id=entry.concept,
            topic=entry.topic.code if entry.topic_id else "",
            label_es=es[0] if es else entry.concept,
            label_en=en[0] if en else entry.concept,
            related=tuple(entry.related.split()),
        )
        thesaurus.add(concept, es=es, en=en)
    return thesaurus


def save_thesaurus_entry(*, actor, entry: ThesaurusEntry) -> ThesaurusEntry:
    """Save a staff edit and queue a full recompute (rankings depend on the thesaurus everywhere).

    Guarantees: staff only; every process rebuilds its indexes with the new thesaurus on next use.
    """
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only staff can edit the thesaurus."))
    from .runs import request_full_recompute

    with transaction.atomic():
        entry.updated_by = actor
        entry.save()
        bump_clock(THESAURUS)
        request_full_recompute(actor=actor)
    return entry


def delete_thesaurus_entry(*, actor, entry: ThesaurusEntry) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied(_("Only staff can edit the thesaurus."))
    from .runs import request_full_recompute

    with transaction.atomic():
        entry.delete()
        bump_clock(THESAURUS)
        request_full_recompute(actor=actor)
