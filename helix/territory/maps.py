"""The map of Chile by region, drawn with plotly (its JS is served from the installed package)."""

import json
from functools import lru_cache

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from .domain import DATA_DIR


@lru_cache(maxsize=1)
def region_geojson() -> dict:
    with open(DATA_DIR / "chile_regions.geojson", encoding="utf-8") as fh:
        return json.load(fh)


def region_choropleth(regions, *, value_attr: str, label: str) -> str:
    """An HTML <div> with a choropleth of `value_attr` per region (no <script src>: the page loads plotly)."""
    regions = list(regions)
    fig = go.Figure(
        go.Choropleth(
            geojson=region_geojson(),
            featureidkey="properties.region_code",
            locations=[r.code for r in regions],
            z=[getattr(r, value_attr) for r in regions],
            text=[r.name for r in regions],
            hovertemplate="%{text}: %{z}<extra></extra>",
            colorscale="Greens",
            colorbar={"title": {"text": label}},
        )
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(height=640, margin={"l": 0, "r": 0, "t": 10, "b": 0}, title=None)
    # Translators: a plotly locale code; only "en" is bundled with the served plotly.min.js, keep it.
    locale = _("en")
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "locale": locale})
