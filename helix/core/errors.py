"""The one error type a user can cause.

Domain functions raise :class:`HelixError` for anything a person can get wrong or ask for at the wrong
time (a full event, a closed registration, an unreadable file). It *is* a Django ``ValidationError``,
so forms show it next to the field (``form.add_error(field, error)``), views render its messages, and
the API turns it into a 400 with the translated text. Permission problems stay ``PermissionDenied``.

Extra keyword arguments become attributes, for callers that need more than the text: for example
``HelixError(_("…"), code="full", registration=booking)`` or ``field_errors={"email": …}``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


class HelixError(ValidationError):
    """A translated, user-facing message with a stable ``code`` (tests and callers branch on the code)."""

    def __init__(self, message, *, code: str, params: Mapping | None = None, **extra):
        super().__init__(message, code=code, params=params)
        self.field_errors: dict = dict(extra.pop("field_errors", None) or {})
        for name, value in extra.items():
            setattr(self, name, value)

    @property
    def text(self) -> str:
        """The message(s) as one string, in the active language."""
        return " ".join(str(message) for message in self.messages)

    def __str__(self) -> str:
        return self.text

    def show_on(self, form) -> None:
        """Put the message next to its fields on ``form`` (fields the form lacks go to the top), or at the
        top of the form when the error names no field."""
        for field, message in self.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
        if not self.field_errors:
            form.add_error(None, self.text)
