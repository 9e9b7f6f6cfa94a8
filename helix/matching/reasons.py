"""The "why" of a match in the interface language.

The engine explains a match with structured reasons (`engine.Reason`: kind, value, Spanish and
English labels); `Match.why` stores them as dicts. This module turns them into short strings in
the active language (Spanish unless the visitor chose English). Plain strings, as stored before
reasons were structured, are shown unchanged until the next recompute rewrites them.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _


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
        return _("region %(regions)s") % {"regions": value}
    if kind == "outside_region":
        return _("outside region %(regions)s") % {"regions": value}
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
