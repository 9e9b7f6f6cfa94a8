"""Human labels for breakdown values (sector codes, country codes, missing values)."""

from __future__ import annotations

import gettext
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helix.network.models.organisations import Sector


def dimension_label(dimension: str, value) -> str:
    import pycountry  # imported when used (5 MB): not on every process's start-up

    if value in (None, ""):
        return _("Not recorded")
    if dimension == "sector":
        return str(Sector(value).label) if value in Sector.values else str(value)
    if dimension == "country":
        country = pycountry.countries.get(alpha_2=str(value))
        return _country_names().gettext(country.name) if country else str(value)
    return str(value)


def _country_names():
    return _catalogue((get_language() or "es")[:2])


@cache
def _catalogue(language: str):
    import pycountry  # imported when used (5 MB): not on every process's start-up

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
