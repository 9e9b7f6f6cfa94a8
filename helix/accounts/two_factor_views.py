"""Two-factor sign-in and set-up pages (rules in ``two_factor``).

Sign-in with a device is in two steps: the password form (:class:`TwoStepLoginView`) does not sign
the person in but remembers, in the session, who passed it and when; the code page then signs them
in with the device that accepted the code. The code page also verifies a person already signed in
without a device (staff sent there by the middleware, e.g. after signing in at ``/admin/login/``).
"""

from __future__ import annotations

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from helix.core import qr
from helix.core.errors import HelixError

from . import two_factor
from .forms import ThrottledAuthenticationForm, TwoFactorCodeForm
from .models import User

PENDING_KEY = "helix_2fa_pending"  # {"user": pk, "backend": path, "at": epoch seconds}
PENDING_SECONDS = 300


class TwoStepLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.is_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "at": int(time.time())}
        query = urlencode({self.redirect_field_name: self.get_success_url()})
        return redirect(f"{reverse('accounts:login_code')}?{query}")


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _pending_user(request) -> tuple[User | None, str]:
    pending = request.session.get(PENDING_KEY) or {}
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, ""
    return User.objects.filter(pk=pending.get("user"), is_active=True).first(), pending.get("backend", "")


@never_cache
def login_code(request):
    """The second step: a code from the authenticator app or a recovery code."""
    signed_in = request.user.is_authenticated
    if signed_in:
        user, backend = request.user, request.session.get(BACKEND_SESSION_KEY, "")
        if request.user.is_verified() or not two_factor.is_enabled(user):
            return redirect(_safe_next(request, reverse("core:home")))
    else:
        user, backend = _pending_user(request)
        if user is None:
            messages.info(request, _("Sign in again: the code must be entered within five minutes."))
            return redirect("accounts:login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify_code(user=user, code=form.cleaned_data["code"])
        except HelixError as error:
            form.add_error("code", error.text)
            device = None
        else:
            if device is None:
                form.add_error("code", _("That code is not right."))
        if device is not None:
            if not signed_in:
                request.session.pop(PENDING_KEY, None)
                login(request, user, backend=backend or None)
            django_otp.login(request, device)
            if isinstance(device, two_factor.RecoveryCodes):
                left = two_factor.recovery_codes_left(user)
                messages.warning(request, _("You used a recovery code; %(n)s left.") % {"n": left})
            return redirect(_safe_next(request, reverse("core:home")))
    return render(request, "accounts/login_code.html", {"form": form, "next": _safe_next(request, "")})


@never_cache
@login_required
def security(request):
    """Turn two-factor authentication on (QR, confirm with a code, recovery codes once) or off."""
    user = request.user
    form = TwoFactorCodeForm(request.POST or None)
    # A second form for new recovery codes (its own field id on the same page).
    renew_form = TwoFactorCodeForm(request.POST or None, prefix="renew")
    context = {
        "form": form,
        "renew_form": renew_form,
        "enabled": two_factor.is_enabled(user),
        "can_disable": two_factor.can_disable(user),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "renew":
        if renew_form.is_valid():
            try:
                codes = two_factor.renew_recovery_codes(user=user, code=renew_form.cleaned_data["code"])
            except HelixError as error:
                renew_form.add_error("code", error.text)
            else:
                return render(request, "accounts/security.html", {**context, "recovery_codes": codes})
        context["codes_left"] = two_factor.recovery_codes_left(user)
        return render(request, "accounts/security.html", context)
    try:
        if action == "start":
            two_factor.start_setup(user=user)
            form = context["form"] = TwoFactorCodeForm()
        elif action == "confirm" and form.is_valid():
            codes = two_factor.confirm_setup(user=user, code=form.cleaned_data["code"])
            django_otp.login(request, two_factor.TOTPDevice.objects.get(user=user, confirmed=True))
            return render(request, "accounts/security.html", {**context, "enabled": True, "recovery_codes": codes})
        elif action == "disable" and form.is_valid():
            two_factor.disable(user=user, code=form.cleaned_data["code"])
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:security")
    except HelixError as error:
        form.add_error("code" if action != "start" else None, error.text)
    context["enabled"] = two_factor.is_enabled(user)
    context["codes_left"] = two_factor.recovery_codes_left(user) if context["enabled"] else 0
    pending = None if context["enabled"] else two_factor.pending_device(user)
    if pending is not None:
        context["pending"] = True
        context["qr"] = mark_safe(qr.qr_svg(pending.config_url))  # noqa: S308 — segno's own SVG markup
        context["secret"] = _b32_secret(pending)
    return render(request, "accounts/security.html", context)


def _b32_secret(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
