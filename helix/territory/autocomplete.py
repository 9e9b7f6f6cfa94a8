"""The communes as a searchable list (346 of them: too many for a plain dropdown)."""

from helix.core.autocomplete import register
from helix.core.text import fold_words

from .models import Commune


def search_communes(user, term: str) -> list[Commune]:
    """Communes with a word starting with each word of the term ("los an" → Los Andes, Los Ángeles),
    accents and case ignored; names starting with the term first. Public reference data: anyone may search it."""
    communes = Commune.objects.select_related("region").order_by("name")
    words = fold_words(term).split()
    if not words:
        return list(communes[:20])
    found = []
    for commune in communes:  # 346 rows, read once: folding in Python matches on every database
        name_words = fold_words(commune.name).split()
        if all(any(n.startswith(w) for n in name_words) for w in words):
            found.append(commune)
    return sorted(found, key=lambda c: not fold_words(c.name).startswith(" ".join(words)))


def commune_label(commune: Commune) -> str:
    return f"{commune.name} ({commune.region.name})"


register("communes", search=search_communes, label=commune_label)
