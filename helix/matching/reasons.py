"""The "why" of a match in the interface language.

The engine explains a match with structured reasons (`engine.Reason`: kind, value, Spanish and
English labels); `Match.why` stores them as dicts. This module turns them into short strings in
the active language (Spanish unless the visitor chose English). Plain strings, as stored before
reasons were structured, are shown unchanged until the next recompute rewrites them.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helix.territory.models import Region

# Chile's regions never change at run time: their names are read once per process (issue 12 §7).
_REGION_NAMES: dict[str, str] = {}


def region_names(value: str) -> str:
    """ "5" → "Valparaíso", "4, 5" → "Coquimbo, Valparaíso"; an unknown code stays as written."""
    codes = [code.strip() for code in str(value).split(",") if code.strip()]
    if any(code not in _REGION_NAMES for code in codes):
        _REGION_NAMES.update({str(code): name for code, name in Region.objects.values_list("code", "name")})
    return ", ".join(_REGION_NAMES.get(code, code) for code in codes)


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


def reason_text(item) -> str:
    """One stored reason as a short string in the active language."""
    if not isinstance(item, dict):
        return str(item)
    kind, value = item.get("kind", ""), item.get("value", "")
    if kind in ("concept", "topic"):
        return (item.get("en") if _english() else item.get("es")) or value
    if kind == "similar":
        return _("similar description")
    if kind == "region":
        return _("in %(regions)s") % {"regions": region_names(value)}
    if kind == "outside_region":
        return _("outside %(regions)s") % {"regions": region_names(value)}
    if kind == "outside_regions":
        return _("outside its regions")
    return value


def reason_texts(items) -> list[str]:
    return [reason_text(item) for item in items or ()]


def reason_items(items) -> list[dict[str, str]]:
    """Stored reasons as {kind, value, label} (label in the active language), for the API."""
    out = []
    for item in items or ():
        if isinstance(item, dict):
            out.append({"kind": item.get("kind", ""), "value": item.get("value", ""), "label": reason_text(item)})
        else:
            out.append({"kind": "text", "value": str(item), "label": str(item)})
    return out
