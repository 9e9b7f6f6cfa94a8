"""The HTTP API (django-ninja). Each app adds its router in `helix/<app>/api.py`, registered here.

The convention every operation follows (one error body, status codes, pagination, bounded inputs) is
`helix.core.api`; see docs/api.md.
"""

from importlib import import_module

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from helix.apitokens.auth import anyone
from helix.apitokens.throttling import throttles
from helix.core import api as convention

# Swagger UI is rendered from ninja's own static files ("ninja" is in INSTALLED_APPS): no CDN.
# Callers are anonymous, signed in on the site (session) or send a personal API token; operations
# that need a signed-in caller say `auth=signed_in` (helix.apitokens.auth). Rate limits per token and
# per IP address: helix.apitokens.throttling.
api = NinjaAPI(title="Helix API", version="1", urls_namespace="api", docs=Swagger(), auth=anyone, throttle=throttles())
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
