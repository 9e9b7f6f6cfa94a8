"""The sentences of notifications, by message key. Parameters are plain strings (titles, names, times)
saved with the notification; the sentence is translated when shown, in the reader's language."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "challenge_matches": _("New matches for your challenge “%(title)s”"),
    "solution_matches": _("New matches for your solution “%(title)s”"),
    "wheel_request": _("%(organisation)s wants to meet you at %(wheel)s"),
    "direct_proposal": _("%(organisation)s proposes a meeting"),
    "invitation": _("%(organisation)s invites you to %(wheel)s"),
    "event_offer": _("A seat is free for you at %(event)s: accept it before %(deadline)s"),
    "cohort_offer": _("A seat is free for you in %(course)s: accept it before %(deadline)s"),
}


def render_message(key: str, params: dict) -> str:
    template = MESSAGES.get(key)
    if template is None:
        return str(params.get("title", ""))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
