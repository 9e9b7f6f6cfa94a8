"""Searchable fields for big lists (346 communes, thousands of organisations and people).

Each app registers the kinds it owns in its own ``autocomplete.py`` (discovered at start-up by
``CoreConfig.ready``)::

    from helix.core.autocomplete import register

    register("communes", search=search_communes)   # (user, term) -> the rows this user may pick

A form field then uses ``AutocompleteSelect("communes")`` as its widget: the page carries only the
selected option, and ``static/js/autocomplete.js`` turns the select into a tom-select box (served
from the npm package, never a CDN) that asks ``core:autocomplete`` for matches as the person types.
The endpoint answers only what the registered ``search`` lets that user see (people, for one).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Model, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

LIMIT = 20  # matches sent per keystroke; people refine the term rather than scroll
MAX_TERM = 100


@dataclass(frozen=True)
class Kind:
    name: str
    search: Callable[..., QuerySet | list]  # (user, term) -> rows the user may pick, best match first
    label: Callable[[Model], str] = str


_KINDS: dict[str, Kind] = {}


def register(name: str, *, search: Callable[..., QuerySet | list], label: Callable[[Model], str] = str) -> None:
    """Declare the kind `name`: `search(user, term)` must return only the rows `user` may see."""
    _KINDS[name] = Kind(name=name, search=search, label=label)


def registered() -> dict[str, Kind]:
    return dict(_KINDS)


def suggestions(*, user, kind: str, term: str, limit: int = LIMIT) -> list[dict]:
    """Up to `limit` ``{"value", "text"}`` pairs of `kind` matching `term` that `user` may see."""
    entry = _KINDS[kind]
    rows = entry.search(user, term.strip()[:MAX_TERM])[:limit]
    return [{"value": str(row.pk), "text": entry.label(row)} for row in rows]


@require_safe
def autocomplete_view(request, kind: str):
    """JSON matches for an autocomplete field; the registered search applies the permissions."""
    if kind not in _KINDS:
        raise Http404(_("No such list."))
    results = suggestions(user=request.user, kind=kind, term=request.GET.get("q", ""))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"  # answers depend on who asks
    return response


class AutocompleteSelect(forms.Select):
    """A select that renders only its selected option and searches the rest through `kind`'s endpoint.

    Without JavaScript the select offers only the current value: big lists need the script to search.
    """

    template_name = "django/forms/widgets/select.html"

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.kind = self.kind
        return copy

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-autocomplete"] = reverse("core:autocomplete", args=[self.kind])
        attrs["data-placeholder"] = str(_("Type to search…"))
        attrs["data-no-results"] = str(_("Nothing found."))
        return attrs

    def optgroups(self, name, value, attrs=None):
        selected = {str(v) for v in value if v not in (None, "")}
        options = []
        for index, (option_value, label) in enumerate(self._selected_choices(selected)):
            options.append(
                self.create_option(name, option_value, label, str(option_value) in selected, index, attrs=attrs)
            )
        return [(None, options, 0)]

    def _selected_choices(self, selected: set[str]):
        """The empty choice and the selected ones, without walking a ModelChoiceField's whole queryset."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:  # plain choices: keep the selected ones
            yield from ((v, label) for v, label in self.choices if str(v) in selected or v == "")
            return
        field = self.choices.field
        if field.empty_label is not None:
            yield "", field.empty_label
        if selected:
            key = field.to_field_name or "pk"
            try:
                rows = list(queryset.filter(**{f"{key}__in": selected}))
            except (ValueError, TypeError):  # a bad value posted back: nothing to show as selected
                rows = []
            for row in rows:
                yield self.choices.choice(row)[0], field.label_from_instance(row)


def use_autocomplete(field: forms.ModelChoiceField, kind: str) -> None:
    """Turn an existing model choice field into a searchable one (after its queryset is set)."""
    widget = AutocompleteSelect(kind, attrs=field.widget.attrs)
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget
