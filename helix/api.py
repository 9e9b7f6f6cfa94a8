"""The HTTP API (django-ninja). Each app adds its router in `helix/<app>/api.py`, registered here.

The convention every operation follows (one error body, status codes, pagination, bounded inputs) is
`helix.core.api`; see docs/api.md.
"""

import json
from importlib import import_module

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger, _csrf_needed

from helix.apitokens.auth import anyone
from helix.apitokens.throttling import throttles
from helix.core import api as convention


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own template and static files, found by path in settings (NINJA_DIR):
    never the CDN page ninja falls back to when "ninja" is not in INSTALLED_APPS."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


# Swagger UI is rendered from ninja's own static files (LocalSwagger): no CDN.
# Callers are anonymous, signed in on the site (session) or send a personal API token; operations
# that need a signed-in caller say `auth=signed_in` (helix.apitokens.auth). Rate limits per token and
# per IP address: helix.apitokens.throttling.
api = NinjaAPI(
    title="Helix API", version="1", urls_namespace="api", docs=LocalSwagger(), auth=anyone, throttle=throttles()
)
convention.install(api)


# (url prefix, module) — a module that does not define `router` yet is skipped.
ROUTERS = [
    ("directory/", "helix.network.api"),
    ("matching/", "helix.matching.api"),
    ("wheels/", "helix.wheel.api"),
    ("events/", "helix.events.api"),
    ("academy/", "helix.academy.api"),
    ("surveys/", "helix.surveys.api"),
    ("impact/", "helix.impact.api"),
    ("strategy/", "helix.impact.api_strategy"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)

# Every operation publishes the one error body for every error status (helix.core.api).
convention.document_errors(api)
