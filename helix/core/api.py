"""The one convention of the HTTP API: error bodies, status codes, pagination and bounded inputs.

Every operation answers an error with the same body, :class:`ErrorOut`::

    {"detail": "<translated text>", "code": "<stable code>", "field_errors": {"<field>": "<text>"}}

with one status per kind of problem:

=====  =====================  ================================================================
400    ``code`` of the error  a domain rule refused the request (:class:`HelixError`, a plain
                              ``ValidationError``)
401    ``unauthorized``       a signed-in caller (session or API token) is needed, or the token
                              is unknown, expired or revoked
403    ``forbidden``          the caller may not do this (``PermissionDenied``, read-only token)
404    ``not_found``          no such record, or one the caller may not see
422    ``invalid``            the request does not fit the published schema (types, bounds,
                              unknown references); ``field_errors`` names the fields
429    ``throttled``          too many requests; ``Retry-After`` says how many seconds to wait
=====  =====================  ================================================================

Lists are paginated with ``limit`` (1–100, default 20) and ``offset`` (0–100,000) and answer
``{"items": [...], "count": n}``. Integers and strings in paths, queries and bodies use the bounded
types below, so a huge number or a very long text is a 422, never a database error.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError
from ninja.pagination import LimitOffsetPagination

from helix.core.errors import HelixError

# -- bounded input types ------------------------------------------------------------------------

#: A record's primary key (or a code such as a region's or a commune's CUT): positive, fits every
#: integer column on SQLite and PostgreSQL.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
#: A small count (minutes, an option number, seats).
Count = Annotated[int, Field(ge=0, le=1_000_000)]
#: An amount of money in CLP.
Amount = Annotated[int, Field(ge=0, le=10**15)]
#: A name, title or code: as long as the longest such column.
ShortText = Annotated[str, Field(max_length=300)]
#: A description, note or answer.
LongText = Annotated[str, Field(max_length=20_000)]

MAX_LIMIT = 100
MAX_OFFSET = 100_000
DEFAULT_LIMIT = 20

ERROR_STATUSES = (400, 401, 403, 404, 422, 429)
_STATUS_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid",
    429: "throttled",
}


class ErrorOut(Schema):
    """Every error of every operation."""

    detail: str = Field(..., description="what went wrong, in the caller's language")
    code: str = Field(..., description="a stable code to branch on (duplicate, full, forbidden, not_found …)")
    field_errors: dict[str, str] = Field(default_factory=dict, description="per-field messages, when known")


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` on every list, both bounded; the answer is ``{"items": [...], "count": n}``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"items per answer (1-{MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"items to skip (0-{MAX_OFFSET})")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


# -- shared output resolvers (``resolve_topics = staticmethod(topic_codes)`` in a schema) ----------


def topic_codes(obj) -> list[str]:
    """A record's topics as their codes (prefetch ``topics`` in the query)."""
    return [t.code for t in obj.topics.all()]


def record_url(obj) -> str:
    """A record's page on the site."""
    return obj.get_absolute_url()


def error_body(detail: str, code: str, field_errors: dict | None = None) -> dict:
    return {"detail": str(detail), "code": code, "field_errors": {k: str(v) for k, v in (field_errors or {}).items()}}


# -- the handlers -------------------------------------------------------------------------------


def install(api) -> None:
    """Register the convention's exception handlers on a NinjaAPI."""

    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    @api.exception_handler(HelixError)
    def helix_error(request, exc: HelixError):
        return respond(request, 400, error_body(exc.text, exc.code or "invalid", exc.field_errors))

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, 400, error_body(" ".join(exc.messages), "invalid"))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc: PermissionDenied):
        return respond(request, 403, permission_denied_body(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, error_body(_("Not found."), "not_found"))

    @api.exception_handler(SchemaValidationError)
    def schema_error(request, exc: SchemaValidationError):
        return respond(request, 422, schema_error_body(exc.errors))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = _STATUS_CODES.get(exc.status_code, "error")
        if isinstance(exc, AuthenticationError):
            detail = _("Sign in or send a valid API token (Authorization: Bearer …).")
        elif isinstance(exc, Throttled):
            detail = _("Too many requests. Try again in a moment.")
        elif exc.status_code == 404:
            detail = _("Not found.")
        else:
            detail = str(exc)
        return respond(request, exc.status_code, error_body(detail, code))


def permission_denied_body(exc: PermissionDenied) -> dict:
    return error_body(str(exc) or _("You do not have permission to do this."), "forbidden")


def schema_error_body(errors: list[dict]) -> dict:
    """Pydantic's error list as one text plus the message of each field (its location, dotted)."""
    field_errors: dict[str, str] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        field_errors.setdefault(".".join(loc) or "request", str(error.get("msg", "")))
    detail = _("The request is not valid: %(fields)s.") % {"fields": ", ".join(field_errors)}
    return error_body(detail, "invalid", field_errors)


def operations(api):
    """Every bound operation of the API, with its full path: ``(path, operation)``."""
    for bound in api._get_bound_routers():
        prefix = bound.prefix if hasattr(bound, "prefix") else ""
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield prefix + path, operation


def document_errors(api) -> None:
    """Publish :class:`ErrorOut` for every error status on every operation, so responses match the schema."""
    for _path, operation in operations(api):
        model = None
        for status in ERROR_STATUSES:
            if status in operation.response_models:
                continue
            model = model or operation._create_response_model(ErrorOut)
            operation.response_models[status] = model
