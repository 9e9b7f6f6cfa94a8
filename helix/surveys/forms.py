"""Forms of the surveys pages. They parse input only; the rules are in the domain."""

from django import forms
from django.utils.translation import gettext_lazy as _

from helix.core.bounds import BoundedForm
from helix.network.models import Topic
from helix.network.models.organisations import OrganisationKind, Sector
from helix.territory.models import Region

from .models import Area, Question, Questionnaire


class QuestionnaireForm(BoundedForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SectionForm(BoundedForm, forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QuestionForm(BoundedForm, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    code = forms.SlugField(label=_("Code"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line: label, or code | label | score (0–1). "
            "Maturity: five lines, the descriptors of levels 0 to 4."
        ),
    )
    max_choices = forms.IntegerField(label=_("Maximum choices / top N"), min_value=1, max_value=40, required=False)
    min_value = forms.DecimalField(label=_("Minimum"), max_digits=14, decimal_places=2, required=False)
    max_value = forms.DecimalField(label=_("Maximum"), max_digits=14, decimal_places=2, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *Area.choices], required=False)
    dimension = forms.ModelChoiceField(
        label=_("Smart-city dimension"), queryset=Topic.objects.filter(kind="dimension"), required=False
    )
    show_if_question = forms.ModelChoiceField(label=_("Show only if"), queryset=Question.objects.none(), required=False)
    show_if_values = forms.CharField(
        label=_("…answered with one of"), required=False, help_text=_("Option codes separated by commas, e.g. yes")
    )

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["show_if_question"].queryset = Question.objects.filter(section__questionnaire=questionnaire)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("options")
        data["show_if_values"] = [v.strip() for v in data["show_if_values"].split(",") if v.strip()]
        return data


class CampaignForm(BoundedForm, forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateTimeField(label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation"),
        choices=OrganisationKind.choices,
        required=False,
        initial=[OrganisationKind.MUNICIPALITY],
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def raw_answers(questions, data) -> dict:
    """The answers as posted by the respondent's form, by question id, in the shapes the domain reads."""
    raw = {}
    for q in questions:
        name = f"q-{q.pk}"
        if q.kind == Question.Kind.MULTIPLE:
            raw[q.pk] = data.getlist(name)
        elif q.kind == Question.Kind.RANKING:
            raw[q.pk] = {o.code: data.get(f"{name}-{o.code}", "") for o in q.options.all()}
        else:
            raw[q.pk] = data.get(name, "")
    return raw


def shown_values(questions, values: dict) -> dict:
    """Stored values in the shapes the form shows (ranks by code, "yes"/"no", numbers as text)."""
    shown = {}
    for q in questions:
        value = values.get(q.pk)
        if value is None:
            continue
        if q.kind == Question.Kind.RANKING and isinstance(value, list):
            value = {code: str(rank) for rank, code in enumerate(value, start=1)}
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, float):
            value = str(int(value)) if value.is_integer() else str(value)
        elif isinstance(value, int):
            value = str(value)
        shown[q.pk] = value
    return shown
