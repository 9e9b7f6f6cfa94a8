from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helix.core import mail
from helix.core.autocomplete import AutocompleteSelect
from helix.network.domain import search_organisations
from helix.network.models import Organisation
from helix.territory.models import Commune

from . import lockout


class ThrottleMixin:
    """Explains refused sign-ins: locked out by django-axes (see `lockout`), or not activated yet."""

    throttle_messages = {
        "not_activated": _("Your account is not active yet: follow the link in the e-mail we sent you."),
        "locked": _(
            "Too many failed attempts. For your security, sign-in is paused for %(minutes)s minutes; "
            "try again later or reset your password."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        try:
            return super().clean()
        except ValidationError as error:
            # Axes flags the request when the attempt was refused, or when this failure reached the limit.
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(
                    self.throttle_messages["locked"],
                    code="locked",
                    params={"minutes": lockout.cool_off_minutes(self.request)},
                ) from error
            if email and error.code == "invalid_login":
                self._explain_inactive(email)
            raise

    def _explain_inactive(self, email: str) -> None:
        """Right password on a not-yet-activated account: say so instead of "wrong password"."""
        from .models import User

        user = User.objects.filter(email__iexact=email.strip(), is_active=False).first()
        if user is not None and user.check_password(self.cleaned_data.get("password") or ""):
            raise ValidationError(self.throttle_messages["not_activated"], code="inactive")


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    """The site's sign-in form."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail or the password is not correct."),
    }


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The back-office sign-in form (installed on `admin.site` by AccountsConfig.ready)."""


class OrganisationSelect(forms.Select):
    """Renders the chosen organisation only: the full list (thousands) is searched with htmx instead.

    Without JavaScript, the search box is submitted with the form and the matches (`search`) are
    offered on the re-displayed form, so the picker still works.
    """

    search = ""

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdigit()]
        self.choices = [("", "—")]
        organisations = list(Organisation.objects.filter(pk__in=chosen).only("pk", "name")) if chosen else []
        if self.search and len(self.search) >= 2:
            organisations += [o for o in search_organisations(q=self.search).only("pk", "name")[:30]]
        seen = set()
        for org in organisations:
            if org.pk not in seen:
                seen.add(org.pk)
                self.choices.append((org.pk, org.name))
        return super().optgroups(name, value, attrs)


class RepresentationFields(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.only("pk", "name"),
        required=False,
        widget=OrganisationSelect,
        help_text=_("Type part of the name in the search box above to find it."),
    )
    position = forms.CharField(label=_("Position"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.search = (self.data.get("organisation_q") or "").strip()


class SignUpForm(RepresentationFields):
    class AccountType:
        CITIZEN = "citizen"
        REPRESENTATIVE = "representative"

    account_type = forms.ChoiceField(
        label=_("I am signing up as"),
        choices=[
            (AccountType.CITIZEN, _("A citizen")),
            (AccountType.REPRESENTATIVE, _("A representative of an organisation")),
        ],
        widget=forms.RadioSelect,
        initial=AccountType.CITIZEN,
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"))
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.order_by("name"),
        required=False,
        empty_label="—",
        widget=AutocompleteSelect("communes"),  # big lists: 346 communes
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = [
        "account_type",
        "first_name",
        "last_name",
        "email",
        "commune",
        "organisation",
        "position",
        "password1",
        "password2",
    ]

    def clean_email(self):
        # Whether the address has an account is not said here (the view e-mails its owner instead).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("account_type") == self.AccountType.REPRESENTATIVE:
            if not cleaned.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", _("Choose the organisation you represent."))
            if not cleaned.get("position"):
                self.add_error("position", _("Tell us your position in the organisation."))
        else:
            cleaned["organisation"] = None
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            from .models import User

            probe = User(email=cleaned.get("email") or "", full_name=cleaned.get("first_name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendActivationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class RepresentationRequestForm(RepresentationFields):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation you represent."))
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through ``helix.core.mail`` (a background task queued
    on commit, written in the account's language) instead of being sent inside the request."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from .domain import password_reset_email

        mail.send(
            password_reset_email, user_id=context["user"].pk, domain=context["domain"], protocol=context["protocol"]
        )


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )
