"""The consent wording shown on the subscription form. Its version is stored with each subscriber.

Change the wording ⇒ bump CONSENT_VERSION, so every record says exactly what was agreed to.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "I agree to receive the Helix newsletter by e-mail about the topics and regions I chose. "
    "My data is used only to send it; I can unsubscribe at any time with one click from any issue."
)
