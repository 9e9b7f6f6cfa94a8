"""Forms of the event editing pages (events, sessions, speakers, partners). The date rules are the
domain's (``event_date_errors``/``session_date_errors``); ``clean`` puts each message on its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helix.core.autocomplete import use_autocomplete
from helix.events.domain.editing import EVENT_FIELDS, event_date_errors, session_date_errors
from helix.events.models import Event, Session, Speaker
from helix.network.models import Organisation, Person
from helix.network.permissions import acting_organisation_ids


def _when():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)
        widgets = {
            "starts_at": _when(),
            "ends_at": _when(),
            "registration_closes_at": _when(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = Organisation.objects.order_by("name")
        if not user.is_staff:
            organisers = organisers.filter(pk__in=acting_organisation_ids(user))
            self.fields["organiser"].required = True
        self.fields["organiser"].queryset = organisers
        if user.is_staff:  # big lists: staff pick from the whole directory, searched as they type
            use_autocomplete(self.fields["organiser"], "organisations")
        self.fields["commune"].queryset = self.fields["commune"].queryset.select_related("region").order_by("name")
        self.fields["region"].queryset = self.fields["region"].queryset.order_by("country", "name")  # events abroad
        use_autocomplete(self.fields["commune"], "communes")  # big lists: 346 communes
        if self.instance.pk:
            # Seats change on the staff page, where freed seats are offered to the waiting list.
            del self.fields["capacity"]

    def clean(self):
        data = super().clean()
        for field, message in event_date_errors(
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            registration_closes_at=data.get("registration_closes_at"),
        ).items():
            self.add_error(field, message)
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "room", "capacity", "description"]
        widgets = {"starts_at": _when(), "ends_at": _when(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self):
        data = super().clean()
        for field, message in session_date_errors(
            event=self.event, starts_at=data.get("starts_at"), ends_at=data.get("ends_at")
        ).items():
            self.add_error(field, message)
        return data


class SpeakerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Speaker.Role.choices, initial=Speaker.Role.SPEAKER)
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.none(), required=False, empty_label=_("The whole event")
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("first_name", "last_name")
        use_autocomplete(self.fields["person"], "people")  # big lists: the directory's thousands of people
        self.fields["session"].queryset = event.sessions.all()


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_autocomplete(self.fields["organisation"], "organisations")  # big lists: the whole directory
