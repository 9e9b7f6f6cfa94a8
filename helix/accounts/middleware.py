"""Two-factor authentication required for staff (``HELIX_STAFF_2FA_REQUIRED``, on by default).

A staff session not verified by a device is sent to the code page when the account has a device,
or to the set-up page when it has none; it can still sign out, reach those pages and static files.
API calls get a 403 instead of a redirect. Installed after django-otp's ``OTPMiddleware``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor

OPEN_PREFIXES = ("/static/", "/media/", "/i18n/")


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "HELIX_STAFF_2FA_REQUIRED", True):
            response = self._refusal(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _refusal(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        open_paths = {reverse(name) for name in ("accounts:login_code", "accounts:security", "accounts:logout")}
        if request.path in open_paths or request.path.startswith(OPEN_PREFIXES):
            return None
        if request.path.startswith("/api/"):
            message = _("Staff must confirm two-factor authentication before using the API.")
            return JsonResponse({"detail": message}, status=403)
        next_query = urlencode({"next": request.get_full_path()})
        if two_factor.is_enabled(user):
            return redirect(f"{reverse('accounts:login_code')}?{next_query}")
        messages.warning(request, _("Staff accounts need two-factor authentication: set it up to continue."))
        return redirect("accounts:security")
