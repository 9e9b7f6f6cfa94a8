"""How the API knows who is calling: a personal API token (``Authorization: Bearer hx_…``) or the web
session (with its CSRF check on writes). A token sets ``request.user`` to its owner, so every
permission check is the same as on the pages; a read-only token is refused any write (403)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from . import domain

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenOrSession(HttpBearer):
    """``required=False`` lets anonymous callers through (public reads) but still refuses a bad token."""

    csrf = True  # the docs page sends the CSRF token for session calls

    def __init__(self, *, required: bool = True):
        self.required = required
        super().__init__()

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header:
            scheme, _sep, raw = header.partition(" ")
            token = domain.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
            if token is None:
                return None  # → 401, even where anonymous callers are welcome
            if request.method not in SAFE_METHODS and not token.can_write:
                raise PermissionDenied(_("This API token is read-only."))
            request.user = token.user
            request.api_token = token
            return token.user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
                raise HttpError(403, _("CSRF check failed. Reload the page and try again."))
            return user
        return None if self.required else AnonymousUser()

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


#: For operations that need a signed-in caller.
signed_in = TokenOrSession()
#: The API's default: anyone, but a token that is sent must be valid.
anyone = TokenOrSession(required=False)
# The published schema marks only the operations that need a caller (a token is optional elsewhere).
del anyone.openapi_security_schema
