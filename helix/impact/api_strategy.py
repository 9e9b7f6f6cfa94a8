"""API of the strategy analyses: coverage, expansion ranking, partners."""

from ninja import Router

router = Router(tags=["strategy"])
