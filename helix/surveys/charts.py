"""Charts drawn with plotly (its JS is served from the installed package; pages load it and core/charts.js)."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from helix.core.charts import figure_html, plotly_config


def _html(fig, div_id: str) -> str:
    return figure_html(fig, div_id=div_id, config=plotly_config(responsive=True))


def radar(report: dict) -> str:
    """The respondent's dimension scores against the regional and national medians (0–4)."""
    dims = report["dimensions"]
    # One word per line: the names fit around the circle on a 390 px phone.
    labels = [d["label"].replace(" ", "<br>") for d in dims] + [dims[0]["label"].replace(" ", "<br>")] if dims else []
    fig = go.Figure()
    series = [
        (report["response"].organisation.name, "score", "#0b4f39"),
        (_("Regional median"), "regional", "#e07a1f"),
        (_("National median"), "national", "#0a58a3"),
    ]
    for name, key, colour in series:
        values = [d[key] for d in dims]
        if not values or any(v is None for v in values):
            continue
        fig.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=labels,
                name=name,
                line={"color": colour},
                fill="toself" if key == "score" else None,
                opacity=0.8,
            )
        )
    fig.update_layout(
        # Room for the dimension names around the circle, even on a 390 px phone.
        polar={
            "radialaxis": {"range": [0, 4], "dtick": 1, "angle": 90, "tickfont": {"size": 9}},
            "angularaxis": {"tickfont": {"size": 10}},
        },
        height=420,
        margin={"l": 60, "r": 60, "t": 40, "b": 30},
        legend={"orientation": "h"},
    )
    return _html(fig, "radar-chart")


def ranking_bars(item: dict, index: int) -> str:
    """How many respondents put each option in their top N, with its average rank."""
    rows = list(reversed(item["rows"]))
    fig = go.Figure(
        go.Bar(
            x=[r["count"] for r in rows],
            y=[r["label"] for r in rows],
            orientation="h",
            marker={"color": "#0b4f39"},
            text=[_("avg. rank %(rank)s") % {"rank": r["average_rank"]} for r in rows],
            textposition="auto",
        )
    )
    fig.update_layout(
        height=60 + 32 * len(rows), margin={"l": 10, "r": 10, "t": 10, "b": 30}, yaxis={"automargin": True}
    )
    return _html(fig, f"ranking-chart-{index}")
