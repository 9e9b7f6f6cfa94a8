from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helix.core.autocomplete import use_autocomplete
from helix.core.bounds import BoundedForm
from helix.events.models import Event, Question
from helix.matching.models import Challenge


class RegistrationForm(BoundedForm, forms.Form):
    """Built per event: base fields, one field per custom question, limited sessions to choose.
    Validation of answers is the domain's (helix.events.domain.registration.clean_answers); the view
    copies its field errors back here so they show next to each field."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def __init__(self, *args, event: Event, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if user is not None and user.is_authenticated:
            self.fields["email"].initial = user.email
            self.fields["email"].disabled = True  # a signed-in person registers with their account's e-mail
            self.fields["name"].initial = user.full_name
        for question in event.questions.all():
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(
                    choices=[("", "—"), *[(o, o) for o in question.options]], required=question.required
                )
            elif question.kind == Question.Kind.YES_NO:
                field = forms.ChoiceField(
                    choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                    required=question.required,
                    widget=forms.RadioSelect if question.required else forms.Select,
                )
            else:
                field = forms.CharField(
                    max_length=2000, required=question.required, widget=forms.Textarea(attrs={"rows": 2})
                )
            field.label = question.label
            self.fields[name] = field
        limited = [s for s in event.sessions.all() if s.capacity]
        if limited:
            self.fields["sessions"] = forms.MultipleChoiceField(
                label=_("Sessions with limited seats you want to attend"),
                choices=[(s.pk, f"{s.title} ({timezone.localtime(s.starts_at):%d-%m %H:%M})") for s in limited],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k.startswith("q_")}

    def registration_values(self) -> dict:
        """What the domain's registration functions take from this form (valid forms only)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "organisation_name": data["organisation_name"],
            "answers": self.answers(),
            "session_ids": data.get("sessions", []),
        }


class WalkInForm(BoundedForm, forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class CommitmentForm(BoundedForm, forms.Form):
    description = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_organisation = forms.ModelChoiceField(label=_("Owner organisation"), queryset=None, required=False)
    owner_person = forms.ModelChoiceField(label=_("Owner person"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from helix.network.models import Organisation, Person

        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["owner_person"].queryset = Person.objects.order_by("last_name", "first_name")
        self.fields["owner_organisation"].empty_label = self.fields["owner_person"].empty_label = "—"
        # big lists: the whole directory's organisations and people, searched as one types
        use_autocomplete(self.fields["owner_organisation"], "organisations")
        use_autocomplete(self.fields["owner_person"], "people")


class MinutesForm(BoundedForm, forms.Form):
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    conclusions = forms.CharField(label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        from helix.network.models import Topic

        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(kind="topic").order_by("code")
        self.fields["challenges"] = forms.ModelMultipleChoiceField(
            label=_("Challenges discussed"),
            queryset=challenge_choices(event),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Open challenges on the table's topics."),
        )


def challenge_choices(event: Event):
    """Open challenges a table may link (on its topics, newest first, at most 100)."""
    topic_ids = list(event.topics.values_list("pk", flat=True))
    candidates = Challenge.objects.filter(topics__in=topic_ids, status=Challenge.Status.OPEN)
    ids = list(candidates.order_by("-pk").values_list("pk", flat=True).distinct()[:100])
    return Challenge.objects.filter(pk__in=ids).order_by("-pk")
