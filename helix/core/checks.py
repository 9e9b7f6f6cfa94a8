"""Refuse to run in production with the local-demo SECRET_KEY published in the repository.

That key signs sessions, tickets, reset, activation and unsubscribe links and certificate codes: with it,
anyone could forge them. `check --deploy` reports it (helix.E001) and `helix.wsgi` refuses to serve."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEMO_KEY_MESSAGE = (
    "SECRET_KEY is not set: with DEBUG off, Helix will not use the local-demo key published in its repository."
)
DEMO_KEY_HINT = "Set the SECRET_KEY environment variable to a long random value (or DEBUG=1 for development)."


def uses_demo_key() -> bool:
    return not settings.DEBUG and getattr(settings, "HELIX_DEMO_SECRET_KEY", None) == settings.SECRET_KEY


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    if uses_demo_key():
        return [Error(DEMO_KEY_MESSAGE, hint=DEMO_KEY_HINT, id="helix.E001")]
    return []


def refuse_demo_key() -> None:
    """Called by helix.wsgi before serving: raises ImproperlyConfigured with the reason."""
    if uses_demo_key():
        raise ImproperlyConfigured(f"{DEMO_KEY_MESSAGE} {DEMO_KEY_HINT}")
