"""API of the impact figures."""

from ninja import Router

router = Router(tags=["impact"])
