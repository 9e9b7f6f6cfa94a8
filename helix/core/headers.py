"""Response headers for every page: Permissions-Policy (the CSP is Django's, set in settings.SECURE_CSP)."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds `settings.HELIX_PERMISSIONS_POLICY` (the camera for QR scanning on our own pages; nothing else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "HELIX_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
