from django import forms
from django.utils.translation import gettext_lazy as _

from helix.core.bounds import BoundedForm
from helix.network.models import Topic
from helix.territory.models import Region

from .consent import CONSENT_TEXT
from .models import Issue, Segment


def _topics():
    return Topic.objects.filter(kind=Topic.Kind.TOPIC).order_by("position", "code")


class PreferencesForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics that interest me"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions that interest me"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = _topics()


class SubscribeForm(PreferencesForm):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=CONSENT_TEXT, error_messages={"required": _("You must agree to receive the newsletter to subscribe.")}
    )
    field_order = ["email", "name", "topics", "regions", "consent"]


class IssueForm(BoundedForm, forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "body_markdown", "segment"]
        widgets = {"body_markdown": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.all()
        self.fields["segment"].empty_label = _("All confirmed subscribers")
