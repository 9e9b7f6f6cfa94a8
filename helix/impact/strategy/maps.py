"""The coverage map: a plotly choropleth on a plain geo layout. No tile server and no CDN: the shapes are
the territory app's GeoJSON files (fetched once by URL), and plotly's base-map lookup is pointed at an
empty topology served locally (every base layer is hidden)."""

from __future__ import annotations

import plotly.graph_objects as go
from django.templatetags.static import static
from django.utils.translation import pgettext, pgettext_lazy

from helix.core.charts import figure_html, plotly_config

METRICS = {
    "activities": pgettext_lazy("strategy", "Activities"),
    "actors": pgettext_lazy("strategy", "Actors"),
    "municipalities_reached": pgettext_lazy("strategy", "Municipalities reached"),
    "open_challenges": pgettext_lazy("strategy", "Open challenges"),
}
COMMUNE_METRICS = {"activities", "actors", "open_challenges", "reached"}
LEVELS = {"region": pgettext_lazy("strategy", "Regions"), "commune": pgettext_lazy("strategy", "Communes")}
GEOMETRY = {
    "region": ("territory/chile_regions.geojson", "properties.region_code", "code"),
    "commune": ("territory/chile_communes.geojson", "properties.cut", "cut"),
}


def coverage_map(data: dict, *, metric: str, level: str, div_id: str = "coverage-map-chart") -> str | None:
    """An HTML <div> + script drawing the coverage of `data` (from `coverage`), or None when the country
    has no shapes (only Chile's are shipped)."""
    if data["country"] != "CL":
        return None
    geojson, feature_key, id_key = GEOMETRY[level]
    rows = data["regions"] if level == "region" else data["communes"]
    value_key = "reached" if level == "commune" and metric == "municipalities_reached" else metric
    fig = go.Figure(
        go.Choropleth(
            geojson=static(geojson),
            featureidkey=feature_key,
            locations=[row[id_key] for row in rows],
            z=[row[value_key] for row in rows],
            text=[row["name"] for row in rows],
            hovertemplate="%{text}: %{z}<extra></extra>",
            colorscale=[[0, "#eef6f2"], [1, "#0b4f39"]],
            zmin=0,
            colorbar={"title": {"text": str(METRICS[metric])}, "thickness": 12},
            marker={"line": {"width": 0.4, "color": "#ffffff"}},
        )
    )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
    fig.update_layout(height=640, margin={"l": 0, "r": 0, "t": 0, "b": 0}, dragmode=False)
    config = plotly_config(responsive=True, topojsonURL=static("impact/topojson/"))
    return figure_html(fig, div_id=div_id, config=config)


def activity_chart(years: list[dict], *, div_id: str) -> str | None:
    if not years:
        return None
    fig = go.Figure()
    for key, label in (
        ("events", pgettext("strategy", "Events")),
        ("wheels", pgettext("strategy", "Business wheels")),
        ("cohorts", pgettext("strategy", "Cohorts")),
    ):
        fig.add_bar(x=[str(row["year"]) for row in years], y=[row[key] for row in years], name=label)
    fig.update_layout(barmode="stack", height=260, margin={"l": 30, "r": 10, "t": 10, "b": 30})
    return figure_html(fig, div_id=div_id, config=plotly_config())
