"""Subscriptions: double opt-in with a recorded consent, preferences, unsubscribe.

No newsletter is ever sent to a subscriber before they confirm through the signed link.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from helix.core import mail
from helix.network.models import Person

from .. import tokens
from ..consent import CONSENT_TEXT, CONSENT_VERSION
from ..models import Subscriber


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def request_subscription(
    *,
    email: str,
    name: str = "",
    topics: Iterable = (),
    regions: Iterable = (),
    ip: str | None = None,
    language: str | None = None,
    now=None,
) -> Subscriber:
    """Record a subscription request and e-mail a signed confirmation link.

    Guarantees: the consent wording and version shown, the time and IP are stored; nothing but the
    confirmation message is sent until the link is used. An unsubscribed address goes back to
    pending and must confirm again. For an address that is already confirmed nothing changes
    (a stranger must not alter someone's preferences): it receives a link to its preferences page.
    """
    now = now or timezone.now()
    email = _normalise_email(email)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "name": name,
                "language": language,
                "consent_version": CONSENT_VERSION,
                "consent_text": str(CONSENT_TEXT),
                "consent_requested_at": now,
                "consent_ip": ip,
                "person": Person.objects.filter(email__iexact=email).first(),
            },
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            mail.send(subscriber_email, subscriber_id=subscriber.pk, kind="already_subscribed")
            return subscriber
        if not created:
            subscriber.name = name or subscriber.name
            subscriber.language = language
            subscriber.status = Subscriber.Status.PENDING
            subscriber.consent_version = CONSENT_VERSION
            subscriber.consent_text = str(CONSENT_TEXT)
            subscriber.consent_requested_at = now
            subscriber.consent_ip = ip
            subscriber.unsubscribed_at = None
            subscriber.save(
                update_fields=[
                    "name",
                    "language",
                    "status",
                    "consent_version",
                    "consent_text",
                    "consent_requested_at",
                    "consent_ip",
                    "unsubscribed_at",
                ]
            )
        subscriber.topics.set(topics)
        subscriber.regions.set(regions)
        send_confirmation(subscriber=subscriber, now=now)
    return subscriber


def _manage_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("outreach:preferences", args=[tokens.manage_token(subscriber.pk)])


@mail.composer
def subscriber_email(*, subscriber_id: int, kind: str) -> mail.Email | None:
    """``confirm``: the double opt-in link (valid for a week); ``already_subscribed``: a link to the
    preferences of an address that is already confirmed."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if kind == "confirm":
        url = settings.SITE_URL + reverse("outreach:confirm", args=[tokens.confirm_token(subscriber.pk)])
        context = {"url": url, "consent_text": subscriber.consent_text}
    else:
        context = {"url": _manage_url(subscriber)}
    return mail.Email(
        template=f"outreach/email/{kind}",
        to=[subscriber.email],
        language=mail.language_of(subscriber),
        context={"subscriber": subscriber, **context},
    )


def send_confirmation(*, subscriber: Subscriber, now=None) -> None:
    """E-mail the double opt-in link (queued; sent once the request is committed)."""
    mail.send(subscriber_email, subscriber_id=subscriber.pk, kind="confirm")
    subscriber.confirmation_sent_at = now or timezone.now()
    subscriber.save(update_fields=["confirmation_sent_at"])


def confirm_subscription(*, token: str, ip: str | None = None, now=None) -> Subscriber | None:
    """Confirm from a signed link. Returns the subscriber, or None for a forged or expired link.

    Idempotent: confirming twice keeps the first confirmation record. An unsubscribed person's old
    link does not resubscribe them.
    """
    subscriber_id = tokens.read_confirm_token(token)
    if subscriber_id is None:
        return None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return None
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = now or timezone.now()
            subscriber.confirmed_ip = ip
            subscriber.save(update_fields=["status", "confirmed_at", "confirmed_ip"])
    return subscriber


def subscriber_from_manage_token(token: str) -> Subscriber | None:
    subscriber_id = tokens.read_manage_token(token)
    return Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None


def unsubscribe(*, subscriber: Subscriber, now=None) -> Subscriber:
    """Stop all mail to this subscriber from now on, including batches of an issue being sent."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now or timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def update_preferences(*, subscriber: Subscriber, topics: Iterable, regions: Iterable) -> Subscriber:
    subscriber.topics.set(topics)
    subscriber.regions.set(regions)
    return subscriber
