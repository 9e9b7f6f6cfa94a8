"""Forms: input validation and widgets only; the writes happen in `helix.wheel.domain`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helix.core.autocomplete import use_autocomplete
from helix.core.bounds import BoundedForm, set_range
from helix.network.models import Organisation

from .domain.sessions import format_sessions, parse_sessions
from .domain.settings_check import wheel_settings_errors
from .domain.setup import (
    WHEEL_FIELDS,
    WHEEL_LIMITS,
    check_wheel_bounds,
    format_breaks,
    format_slot_tables,
    parse_breaks,
    parse_slot_tables,
)
from .models import MeetingOutcome, MeetingRequest, Participant, Session, Side, Slot, Wheel
from .queries import hostable_events

SETTINGS_FIELDS = (
    "date",
    "start_time",
    "slot_minutes",
    "slot_count",
    "registration_opens_at",
    "registration_closes_at",
)


class WheelForm(BoundedForm, forms.ModelForm):
    breaks_text = forms.CharField(
        label=_("Breaks"),
        required=False,
        help_text=_("“slot:minutes”, comma separated; e.g. “4:15, 8:60” = 15 minutes after slot 4, an hour after 8."),
    )
    slot_tables_text = forms.CharField(
        label=_("Tables in particular slots"),
        required=False,
        help_text=_("“slot:tables”, comma separated; e.g. “1:10, 7:8”. Other slots use the number above."),
    )
    sessions_text = forms.CharField(
        label=_("Sessions"),
        required=False,
        help_text=_("“name: first-last slot”, separated by “;”; e.g. “Morning: 1-6; Afternoon: 7-12”."),
    )

    class Meta:
        model = Wheel
        # The domain's fields; "breaks" is edited as text (breaks_text) and parsed in clean().
        fields = [name for name in WHEEL_FIELDS if name != "breaks"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "registration_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only events the user may put a wheel on (the domain checks it again on save).
        self.fields["event"].queryset = hostable_events(user)
        if self.instance.pk:
            self.fields["breaks_text"].initial = format_breaks(self.instance.breaks)
            self.fields["slot_tables_text"].initial = format_slot_tables(self.instance)
            self.fields["sessions_text"].initial = format_sessions(self.instance)
        for name, (low, high) in WHEEL_LIMITS.items():
            set_range(self.fields[name], low, high)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        try:
            check_wheel_bounds(data)
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        if data.get("slot_count"):
            try:
                data["breaks"] = parse_breaks(data.get("breaks_text", ""), slot_count=data["slot_count"])
            except ValidationError as exc:
                self.add_error("breaks_text", exc)
            try:
                data["slot_tables"] = parse_slot_tables(data.get("slot_tables_text", ""), slot_count=data["slot_count"])
            except ValidationError as exc:
                self.add_error("slot_tables_text", exc)
            try:
                data["sessions"] = parse_sessions(data.get("sessions_text", ""), slot_count=data["slot_count"])
            except ValidationError as exc:
                self.add_error("sessions_text", exc)
        # Wheel settings checked when entered (issue 12 §3): slot bounds, same-day slots, registration window.
        for field, message in wheel_settings_errors(
            **{key: data.get(key) for key in SETTINGS_FIELDS}, breaks=data.get("breaks")
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class SlotChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Slot) -> str:
        return str(obj)


class RegistrationForm(BoundedForm, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    slots = SlotChoiceField(label=_("Slots I can attend"), queryset=Slot.objects.none())
    seeks = forms.CharField(label=_("What we seek"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    offers = forms.CharField(label=_("What we offer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    cap = forms.IntegerField(
        label=_("Maximum meetings"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Empty: the wheel's default."),
    )

    links = forms.MultipleChoiceField(
        label=_("Our challenges and solutions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args, wheel: Wheel, organisations, editing: bool = False, link_choices=(), searchable=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if searchable:
            # Organisers may register any of thousands of organisations: a searchable field, not a huge select.
            use_autocomplete(self.fields["organisation"], "organisations")
            self.fields["organisation"].error_messages["invalid_choice"] = _(
                "That organisation is not in the directory, or it is already registered."
            )
        if link_choices:
            self.fields["links"].choices = [(f"{c.kind}:{c.pk}", c.title) for c in link_choices]
        else:
            del self.fields["links"]
        self.fields["slots"].queryset = wheel.slots.all()
        if not self.is_bound and "slots" not in self.initial:
            self.initial["slots"] = list(wheel.slots.all())
        if wheel.audience == Wheel.Audience.BUYERS_SUPPLIERS:
            self.fields["side"].choices = [(Side.BUYER, Side.BUYER.label), (Side.SUPPLIER, Side.SUPPLIER.label)]
        else:
            self.fields["side"].initial = Side.ANY
        if editing:
            del self.fields["organisation"]


class ScheduleForm(forms.Form):
    time_limit = forms.FloatField(label=_("Time limit (seconds)"), min_value=1, max_value=600, initial=10)
    allow_moves = forms.BooleanField(
        label=_("Allow moving published meetings"),
        required=False,
        help_text=_("Otherwise published meetings keep their slot and table."),
    )


class OrganiserRequestForm(BoundedForm, forms.Form):
    a = forms.ModelChoiceField(label=_("From"), queryset=Participant.objects.none())
    b = forms.ModelChoiceField(label=_("To"), queryset=Participant.objects.none())
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=[
            (MeetingRequest.Priority.MUST, MeetingRequest.Priority.MUST.label),
            (MeetingRequest.Priority.LIKE, MeetingRequest.Priority.LIKE.label),
        ],
    )

    session = forms.ModelChoiceField(
        label=_("Only in session"), queryset=Session.objects.none(), required=False, empty_label=_("Any time")
    )

    def __init__(self, *args, wheel: Wheel, **kwargs):
        super().__init__(*args, **kwargs)
        qs = wheel.participants.select_related("organisation").order_by("organisation__name")
        self.fields["a"].queryset = qs
        self.fields["b"].queryset = qs
        self.fields["session"].queryset = wheel.sessions.all()


class WalkInForm(BoundedForm, forms.Form):
    a = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    b = forms.ModelChoiceField(label=_("Meets"), queryset=Participant.objects.none())
    table = forms.TypedChoiceField(label=_("Table"), coerce=int, choices=[])

    def __init__(self, *args, participants, tables, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in participants]
        qs = Participant.objects.filter(pk__in=ids).select_related("organisation").order_by("organisation__name")
        self.fields["a"].queryset = qs
        self.fields["b"].queryset = qs
        self.fields["table"].choices = [(t, t) for t in tables]

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"] == data["b"]:
            raise ValidationError(_("Choose two different participants."))
        return data


class OutcomeForm(BoundedForm, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MeetingOutcome.Outcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TableImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file contains"), choices=[("participants", _("Participants")), ("requests", _("Requests"))]
    )
    file = forms.FileField(label=_("CSV or XLSX file"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("helix-wheel/1 JSON file"))


class CheckinForm(BoundedForm, forms.Form):
    token = forms.CharField(
        label=_("Code on the agenda"),
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    q = forms.CharField(label=_("…or search by name"), required=False)


class DirectMeetingForm(BoundedForm, forms.Form):
    """Up to three proposed times, where, how long; the rules are `domain.direct`'s."""

    option_1 = forms.DateTimeField(
        label=_("First option"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    option_2 = forms.DateTimeField(
        label=_("Second option"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    option_3 = forms.DateTimeField(
        label=_("Third option"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), initial=45, min_value=15, max_value=240)
    place = forms.CharField(label=_("Place or video link"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
