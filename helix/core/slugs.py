"""URL slugs that stay unique: the one helper for organisations, newsletters and anything else."""

from __future__ import annotations

from collections.abc import Container

from django.db.models import QuerySet
from django.utils.text import slugify

from .text import fold


def unique_slug(
    text: str,
    *,
    queryset: QuerySet | None = None,
    taken: set[str] | None = None,
    fallback: str,
    reserved: Container[str] = (),
    exclude_pk: int | None = None,
    field: str = "slug",
    max_length: int = 200,
) -> str:
    """A slug derived from ``text`` (accents folded), suffixed -2, -3… until unused.

    Used means: in ``reserved`` (words a URL pattern already takes), or a row of ``queryset`` with that
    ``field`` (``exclude_pk`` being the row renamed), or — for bulk loaders that reserve slugs in memory
    instead of querying each time — in the set ``taken``, which the new slug is added to.
    """
    if (queryset is None) == (taken is None):
        raise TypeError("pass exactly one of queryset or taken")
    base = slugify(fold(text))[:max_length] or fallback
    candidate, n = base, 1
    while candidate in reserved or _used(candidate, queryset=queryset, taken=taken, exclude_pk=exclude_pk, field=field):
        n += 1
        candidate = f"{base}-{n}"
    if taken is not None:
        taken.add(candidate)
    return candidate


def _used(candidate: str, *, queryset, taken, exclude_pk, field) -> bool:
    if taken is not None:
        return candidate in taken
    rows = queryset.filter(**{field: candidate})
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.exists()
