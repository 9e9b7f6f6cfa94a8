"""Forms for challenges and solutions; they validate and display, the domain writes."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helix.core.autocomplete import use_autocomplete
from helix.core.bounds import BoundedForm
from helix.network.models import Organisation, Person, Topic
from helix.network.models.organisations import Sector
from helix.network.permissions import acting_organisation_ids
from helix.territory.models import Commune, Region

from .models import Challenge, Solution, Stage


def _organisations_for(user, *, staff_choices: Q, preselected: int | None = None):
    """Organisations the user may pick: their own; for staff, a bounded list (`staff_choices`).

    The directory can hold 100,000 organisations, so staff do not get them all in one select: they
    get `staff_choices` plus the organisation they came from (`?organisation=<id>`) and their own.
    """
    own = Q(pk__in=acting_organisation_ids(user))
    if user.is_staff:
        allowed = own | staff_choices
        if preselected:
            allowed |= Q(pk=preselected)
        return Organisation.objects.filter(allowed).order_by("name")
    return Organisation.objects.filter(own).order_by("name")


class ChallengeForm(BoundedForm, forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("kind", "position", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics"),
    )

    class Meta:
        model = Challenge
        fields = [
            "organisation",
            "title",
            "description",
            "commune",
            "region",
            "topics",
            "status",
            "visibility",
            "budget_min",
            "budget_max",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "region": _("Only needed when no commune is given (the commune sets the region)."),
            "visibility": _("Staff-only challenges are visible to the organisation and Helix staff only."),
        }

    def __init__(self, *args, user, preselected: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            preselected = self.instance.organisation_id
        # Staff publish on behalf of public bodies (municipalities above all).
        self.fields["organisation"].queryset = _organisations_for(
            user, staff_choices=Q(sector=Sector.GOVERNMENT), preselected=preselected
        )
        if user.is_staff:  # big lists: every public body in the directory, searched as staff type
            use_autocomplete(self.fields["organisation"], "public_bodies")
        self.fields["commune"].queryset = Commune.objects.select_related("region").order_by("name")
        use_autocomplete(self.fields["commune"], "communes")  # big lists: 346 communes
        self.fields["region"].queryset = Region.objects.all()
        if not user.is_staff:
            # Only Helix staff publish staff-only challenges on an organisation's behalf.
            self.fields["visibility"].disabled = True

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", _("The maximum budget cannot be lower than the minimum."))
        return cleaned


class SolutionForm(BoundedForm, forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("kind", "position", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics"),
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Delivery regions"),
    )

    class Meta:
        model = Solution
        fields = [
            "provider",
            "title",
            "description",
            "language",
            "topics",
            "regions",
            "all_chile",
            "maturity",
            "references",
            "contact",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8}), "references": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, preselected: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            preselected = self.instance.provider_id
        providers = _organisations_for(
            user, staff_choices=Q(solutions__isnull=False), preselected=preselected
        ).distinct()
        self.fields["provider"].queryset = providers
        if user.is_staff:  # big lists: every organisation with solutions, searched as staff type
            use_autocomplete(self.fields["provider"], "providers")
        # Contacts: people of the organisations the user may act for.
        people = Person.objects.order_by("last_name", "first_name")
        if not user.is_staff:
            people = people.filter(memberships__organisation__in=providers).distinct()
        self.fields["contact"].queryset = people
        if user.is_staff:
            use_autocomplete(self.fields["contact"], "people")  # big lists: staff pick from the whole directory

    def clean(self):
        cleaned = super().clean()
        contact, provider = cleaned.get("contact"), cleaned.get("provider")
        if contact and provider and not contact.memberships.filter(organisation=provider).exists():
            self.add_error("contact", _("The contact person must belong to the provider organisation."))
        return cleaned


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, label=_("Move to"))
    note = forms.CharField(required=False, max_length=500, label=_("Note"))
