"""The map of Chile by region, drawn with plotly (its JS is served from the installed package)."""

import plotly.graph_objects as go
from django.templatetags.static import static

from helix.core.charts import figure_html, plotly_config


def region_choropleth(regions, *, value_attr: str, label: str) -> str:
    """An HTML <div> with a choropleth of `value_attr` per region (no <script src>: the page loads plotly)."""
    regions = list(regions)
    # Choroplethmap draws GeoJSON as is (MapLibre); the "white-bg" style needs no tiles, so it works offline.
    fig = go.Figure(
        go.Choroplethmap(
            # A URL, not the shapes: the browser fetches and caches the 1.4 MB file once.
            geojson=static("territory/chile_regions.geojson"),
            featureidkey="properties.region_code",
            locations=[r.code for r in regions],
            z=[getattr(r, value_attr) for r in regions],
            text=[r.name for r in regions],
            hovertemplate="%{text}: %{z}<extra></extra>",
            colorscale=[[0, "#d4ebe0"], [1, "#0b4f39"]],
            colorbar={"title": {"text": label}},
            marker={"line": {"width": 0.6, "color": "#ffffff"}},
        )
    )
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": -37.5, "lon": -71.0}, "zoom": 3.0},
        height=720,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        title=None,
    )
    return figure_html(fig, div_id="region-map", config=plotly_config())
