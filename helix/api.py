"""The HTTP API (django-ninja). Each app adds its router in `helix/<app>/api.py`, registered here."""

from importlib import import_module

from ninja import NinjaAPI

api = NinjaAPI(title="Helix API", version="1", urls_namespace="api")

# (url prefix, module) — a module that does not define `router` yet is skipped.
ROUTERS = [
    ("directory/", "helix.network.api"),
    ("matching/", "helix.matching.api"),
    ("wheels/", "helix.wheel.api"),
    ("events/", "helix.events.api"),
    ("academy/", "helix.academy.api"),
]

for prefix, module_name in ROUTERS:
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router)
