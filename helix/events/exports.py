"""CSV / XLSX exports of an event's registrations, attendees and attendance (staff only)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helix.core.tabular import export_filename, export_response
from helix.events import queries
from helix.events.models import Event

EXPORTS = {
    "registrations": gettext_lazy("Registrations with answers"),
    "attendees": gettext_lazy("Confirmed attendees"),
    "attendance": gettext_lazy("Attendance (check-ins)"),
}


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(*, event: Event, what: str):
    """Header then data rows (plain strings) for one export."""
    if what == "attendance":
        yield [_("Name"), _("E-mail"), _("Organisation"), _("Session"), _("Checked in at"), _("Method")]
        for a in queries.attendances_for_export(event).iterator(chunk_size=2000):
            r = a.registration
            yield [
                r.name,
                r.email,
                r.organisation_label,
                a.session.title if a.session_id else "",
                _dt(a.checked_in_at),
                a.get_method_display(),
            ]
        return
    questions = list(event.questions.all())
    header = [_("Name"), _("E-mail"), _("Organisation"), _("Status"), _("Waiting-list position"), _("Registered at")]
    yield header + [q.label for q in questions]
    registrations = queries.registrations_for_export(event)
    if what == "attendees":
        registrations = registrations.filter(status="confirmed")
    for r in registrations.iterator(chunk_size=2000):
        answers = {a.question_id: a.value for a in r.answers.all()}
        yield [r.name, r.email, r.organisation_label, r.get_status_display(), r.position or "", _dt(r.created_at)] + [
            answers.get(q.pk, "") for q in questions
        ]


def response(*, event: Event, what: str, fmt: str, actor=None):
    """The export streamed as CSV or XLSX (``helix.core.tabular``: formulas typed by the public are inert)."""
    table = rows(event=event, what=what)
    return export_response(
        header=next(table),
        rows=table,
        file_format=fmt,
        filename=export_filename(event.slug, what, file_format=fmt),
        title=str(EXPORTS[what]),
        actor=actor,
        target=event,
    )
