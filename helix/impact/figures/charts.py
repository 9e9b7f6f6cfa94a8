"""The dashboard's charts, drawn with plotly (its JS is served from the installed package, never a CDN)."""

import plotly.graph_objects as go

from helix.core.charts import figure_html, plotly_config

GREEN, ORANGE = "#0b4f39", "#e07a1f"


def _html(fig, div_id: str) -> str:
    return figure_html(fig, div_id=div_id, config=plotly_config(responsive=True))


def comparison(rows: list[dict], previous: list[dict], *, current_label: str, previous_label: str) -> str:
    """Each figure in the period against the same days a year earlier (horizontal bars: phone-friendly)."""
    labels = [row["label"] for row in reversed(rows)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[r["value"] for r in reversed(previous)],
            name=previous_label,
            orientation="h",
            marker={"color": ORANGE},
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[r["value"] for r in reversed(rows)],
            name=current_label,
            orientation="h",
            marker={"color": GREEN},
        )
    )
    fig.update_layout(
        barmode="group",
        height=120 + 60 * len(rows),
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        legend={"orientation": "h"},
        yaxis={"automargin": True},
    )
    return _html(fig, "comparison-chart")


def funnel(rows: list[dict]) -> str:
    fig = go.Figure(
        go.Funnel(y=[row["label"] for row in rows], x=[row["count"] for row in rows], marker={"color": GREEN})
    )
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 20, "b": 20}, yaxis={"automargin": True})
    return _html(fig, "funnel-chart")


def by_year(rows: list[dict], div_id: str) -> str:
    fig = go.Figure(go.Bar(x=[row["value"] for row in rows], y=[row["count"] for row in rows], marker={"color": GREEN}))
    fig.update_layout(height=260, margin={"l": 30, "r": 10, "t": 20, "b": 30}, xaxis={"type": "category"})
    return _html(fig, div_id)
