"""Sorting names the Spanish way on both databases (issue 12 §7).

“Los Ángeles” comes before “Los Vilos”, “Álvaro” with the A's, and “Ñuñoa” after every “N…”.
PostgreSQL uses an ICU collation created by a migration (``core/0002``); SQLite gets a collation
function of the same name, registered on every new connection. Lists call :func:`spanish_order`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import F, OrderBy
from django.db.models.functions import Collate

COLLATION = "helix_es"
ICU_LOCALE = "es"  # ICU's Spanish: accents secondary, ñ a letter of its own after n


@lru_cache(maxsize=8192)  # an ORDER BY compares each name with many others: fold each once
def sort_key(text: str) -> tuple[str, str]:
    """SQLite's stand-in for ICU Spanish: letters compared without accents or case, ñ after n; ties
    broken by the accented, case-folded text so the order is total and stable."""
    if text.isascii():  # most names: nothing to fold but case
        folded_text = text.casefold()
        return folded_text, folded_text
    folded = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if unicodedata.combining(char):
            if char == "\u0303" and folded and folded[-1] == "n":  # n + combining tilde = ñ
                folded[-1] = "n\U0010ffff"
            continue
        folded.append(char)
    return "".join(folded), text.casefold()


def _compare(a: str, b: str) -> int:
    if a == b:
        return 0
    if a.isascii() and b.isascii():  # most names; what sort_key gives them, without the cache lookups
        fa, fb = a.lower(), b.lower()
        return (fa > fb) - (fa < fb)
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def _register_sqlite(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def install() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    connection_created.connect(_register_sqlite, dispatch_uid="helix-spanish-collation")


def spanish(field: str) -> OrderBy:
    """``"name"`` or ``"-name"`` → an order_by term sorting that text field in Spanish."""
    descending = field.startswith("-")
    expression = Collate(F(field.lstrip("-")), COLLATION)
    return expression.desc() if descending else expression.asc()


def spanish_order(queryset, *fields: str):
    """``queryset.order_by`` with the text fields sorted in Spanish; non-text fields (``"pk"``) as usual."""
    text_fields = {name for name in fields if name.lstrip("-") not in ("pk", "id", "code", "cut")}
    return queryset.order_by(*(spanish(name) if name in text_fields else name for name in fields))
