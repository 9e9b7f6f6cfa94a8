import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from helix.core import audit, personal_data
from helix.network.domain import search_organisations
from helix.network.models import Membership

from . import domain, lockout
from .forms import DeleteAccountForm, RepresentationRequestForm, ResendActivationForm, SignUpForm
from .models import User
from .permissions import can_review_requests
from .queries import pending_requests_for
from .tokens import activation_tokens, reset_tokens


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = domain.register_account(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                commune=data["commune"],
                organisation=data["organisation"],
                position=data["position"],
                language=get_language() or settings.LANGUAGE_CODE,
            )
        except domain.AccountExistsError:
            # The same answer as a new account (the owner gets an e-mail), and the same work: a password hash.
            make_password(data["password1"])
            domain.notify_existing_account(email=data["email"])
            return render(request, "accounts/signup_done.html", {"email": data["email"]})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            domain.send_activation(user=user)
            return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


RESEND_PER_ADDRESS_PER_HOUR = 10  # requests from one client address to the resend page


def resend_activation(request):
    """Ask for a new activation link. Every address gets the same answer (who has an account stays
    private); links are throttled per address (domain) and requests per client address (here)."""
    form = ResendActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = f"helix:accounts:resend-ip:{lockout.client_ip(request)}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > RESEND_PER_ADDRESS_PER_HOUR:
            form.add_error(None, _("Too many requests from your connection. Try again in an hour."))
            return render(request, "accounts/resend_activation.html", {"form": form}, status=429)
        domain.resend_activation(email=form.cleaned_data["email"])
        return render(request, "accounts/resend_activation.html", {"form": None, "sent": True})
    return render(request, "accounts/resend_activation.html", {"form": form}, status=400 if form.errors else 200)


def activate(request, uidb64: str, token: str):
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not activation_tokens.check_token(user, token):
        return render(request, "accounts/activation_invalid.html", status=400)
    domain.activate_account(user=user)
    # Signing in sets last_login, which invalidates the token: the link works once.
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your account is active. Welcome to Helix!"))
    return redirect("accounts:profile")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """After a successful reset, the e-mail's failed sign-ins are forgotten (the owner proved themself)."""

    token_generator = reset_tokens

    def form_valid(self, form):
        lockout.forget_failures(email=form.user.email)
        return super().form_valid(form)


@require_GET
def organisation_options(request):
    """htmx: <option>s of organisations matching ?organisation_q= for the sign-up and request forms."""
    q = (request.GET.get("organisation_q") or "").strip()
    organisations = search_organisations(q=q).only("pk", "name")[:30] if len(q) >= 2 else []
    return render(request, "accounts/_organisation_options.html", {"organisations": organisations, "q": q})


@login_required
def profile(request):
    person = getattr(request.user, "person", None)
    memberships = person.memberships.select_related("organisation").order_by("organisation__name") if person else []
    can_decide = can_review_requests(request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "memberships": memberships,
            "request_form": RepresentationRequestForm(),
            "can_decide": can_decide,
        },
    )


@login_required
def request_representation(request):
    form = RepresentationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.request_representation(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was sent. You will get an e-mail with the decision."))
            return redirect("accounts:profile")
    return render(request, "accounts/request_representation.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def pending_requests(request):
    domain.check_can_review_requests(actor=request.user)
    return render(request, "accounts/pending_requests.html", {"requests": list(pending_requests_for(request.user))})


@login_required
@require_POST
def decide_request(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "person"), pk=pk)
    decision = request.POST.get("decision")
    if decision not in {"approve", "approve_admin", "reject"}:
        raise Http404
    try:
        domain.decide_membership(
            membership_id=pk,
            actor=request.user,
            approve=decision != "reject",
            as_admin=decision == "approve_admin",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("%(person)s now represents %(organisation)s.")
            if decision != "reject"
            else _("The request of %(person)s for %(organisation)s was rejected.")
        )
        messages.success(request, text % {"person": membership.person, "organisation": membership.organisation})
    return redirect("accounts:pending_requests")


@login_required
@require_GET
@never_cache  # personal data: never kept by the browser or a proxy
def download_data(request):
    data = personal_data.collect_personal_data(user=request.user)
    audit.record(request.user, audit.Action.PERSONAL_DATA_DOWNLOADED, request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="helix-my-data.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.erase_personal_data(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete_account.html", {"form": form})
