"""Directory forms: the search filters, the organisation edit form and one's own profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from helix.core.autocomplete import use_autocomplete
from helix.core.bounds import BoundedForm
from helix.core.rut import normalize as rut_normalize
from helix.territory.models import Commune, Region

from .models import Organisation, Person, Topic
from .models.organisations import OrganisationKind, Sector


class DirectoryFilterForm(forms.Form):
    """GET filters of the directory. Unknown values are dropped rather than failing the page."""

    TABS = [("organisations", _("Organisations")), ("people", _("Experts"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tab = forms.ChoiceField(label=_("Show"), choices=TABS, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("All sectors")), *Sector.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *OrganisationKind.choices], required=False)
    region = forms.TypedChoiceField(label=_("Region"), coerce=int, required=False, empty_value=None)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, regions, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [(r.code, r.name) for r in regions]
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (t.code, t.name if t.kind != Topic.Kind.TOPIC else f"— {t.name}") for t in topics
        ]

    @staticmethod
    def filters_default() -> dict:
        return {"q": "", "tab": "organisations", "sector": None, "kind": None, "region": None, "topic": None}

    def filters(self) -> dict:
        """The valid filters; an invalid field is simply ignored (a hand-edited URL must not fail)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return {
            "q": (data.get("q") or "").strip(),
            "tab": data.get("tab") or "organisations",
            "sector": data.get("sector") or None,
            "kind": data.get("kind") or None,
            "region": data.get("region"),
            "topic": data.get("topic") or None,
        }


class RutFormMixin:
    """The RUT as typed (dots, spaces, k) is stored as 12345678-5 (helix.core.rut, issue 12 §7)."""

    def clean_rut(self):
        return rut_normalize(self.cleaned_data.get("rut", ""))


class OrganisationForm(RutFormMixin, BoundedForm, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "commune",
            "country",
            "website",
            "email",
            "phone",
            "rut",
            "description",
            "topics",
            "operating_regions",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "topics": forms.CheckboxSelectMultiple,
            "operating_regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.select_related("region").order_by("name")
        self.fields["commune"].label_from_instance = lambda c: f"{c.name} ({c.region.name})"
        use_autocomplete(self.fields["commune"], "communes")  # big lists: 346 communes
        self.fields["topics"].queryset = Topic.objects.exclude(kind=Topic.Kind.DIMENSION)
        self.fields["operating_regions"].queryset = Region.objects.all()

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError(_("Use the two-letter country code, e.g. CL."))
        return country

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") == "CL" and not cleaned.get("commune"):
            self.add_error("commune", _("A Chilean organisation needs its commune of seat."))
        return cleaned


class PersonForm(RutFormMixin, BoundedForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "rut",
            "phone",
            "commune",
            "bio",
            "expertise",
            "public_profile",
            "gender",
            "gender_public",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5}), "expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by("name")
        use_autocomplete(self.fields["commune"], "communes")  # big lists: 346 communes
        self.fields["expertise"].queryset = Topic.objects.exclude(kind=Topic.Kind.DIMENSION)
        self.fields["gender"].help_text = _(
            "Optional. Used only for aggregate figures, and shown on your profile only if you tick the box below."
        )
