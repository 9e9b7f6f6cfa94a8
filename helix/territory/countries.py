"""Countries beyond Chile: their first-level subdivisions (ISO 3166-2) from pycountry, in Spanish."""

from __future__ import annotations

import gettext
from functools import cache

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from helix.core.errors import HelixError

from .models import Region

# pycountry's subdivision types (English) shown in Spanish; others are shown as pycountry spells them.
SUBDIVISION_TYPES = {
    "Region": _("Region"),
    "Province": _("Province"),
    "Department": _("Department"),
    "State": _("State"),
    "Capital district": _("Capital district"),
    "Capital city": _("Capital city"),
    "Municipality": _("Municipality"),
    "Autonomous city": _("Autonomous city"),
    "Federal district": _("Federal district"),
    "District": _("District"),
    "Metropolitan region": _("Metropolitan region"),
}


@cache
def _catalogue(domain: str) -> gettext.NullTranslations:
    import pycountry  # imported when used (5 MB): not on every process's start-up

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["es"], fallback=True)


def country_name(alpha_2: str) -> str:
    """The country's name in Spanish (pycountry's 'iso3166-1' catalogue), or its code if unknown."""
    import pycountry  # imported when used (5 MB): not on every process's start-up

    country = pycountry.countries.get(alpha_2=alpha_2.upper())
    if country is None:
        return alpha_2.upper()
    return _catalogue("iso3166-1").gettext(getattr(country, "common_name", None) or country.name)


def subdivision_type_label(value: str) -> str:
    return str(SUBDIVISION_TYPES.get(value, value))


@transaction.atomic
def load_country(alpha_2: str) -> dict[str, int]:
    """Create or update the country's first-level subdivisions. Idempotent. Chile keeps its CUT regions
    (names, codes, communes): they are matched by ISO code and only gain the subdivision type."""
    import pycountry  # imported when used (5 MB): not on every process's start-up

    code = (alpha_2 or "").strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise HelixError(_("Unknown country code: %(code)s."), code="unknown_country", params={"code": code})
    names = _catalogue("iso3166-2")
    subdivisions = [s for s in pycountry.subdivisions.get(country_code=code) or [] if s.parent_code is None]
    existing = {r.iso_code: r for r in Region.objects.filter(iso_code__in=[s.code for s in subdivisions])}
    created = updated = 0
    for sub in sorted(subdivisions, key=lambda s: s.code):
        region = existing.get(sub.code)
        if region is None:
            Region.objects.create(
                country=code, iso_code=sub.code, name=names.gettext(sub.name)[:100], subdivision_type=sub.type
            )
            created += 1
            continue
        values = {"country": code, "subdivision_type": sub.type}
        if region.code is None:  # not a CUT region: the name follows pycountry
            values["name"] = names.gettext(sub.name)[:100]
        changed = [key for key, value in values.items() if getattr(region, key) != value]
        for key in changed:
            setattr(region, key, values[key])
        if changed:
            region.save(update_fields=changed)
            updated += 1
    return {"subdivisions": len(subdivisions), "created": created, "updated": updated}
