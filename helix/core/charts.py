"""Plotly figures in pages without inline scripts (the Content-Security-Policy allows none).

plotly's `to_html` emits `<script>Plotly.newPlot(…)</script>`. `figure_html` emits instead the figure as
JSON in a `<script type="application/json">` (data, never run) and a `<div data-chart>` that the static
`core/charts.js` draws. A page with charts loads `plotly/plotly.min.js` and then `core/charts.js`.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# As django.utils.html.json_script: the JSON cannot close the <script> element nor open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def figure_html(fig, *, div_id: str, config: dict | None = None) -> SafeString:
    """The HTML for a plotly figure: an empty <div id=div_id> plus its figure as JSON."""
    payload = '{"figure": %s, "config": %s}' % (fig.to_json(), json.dumps(config or {}))  # noqa: UP031
    data_id = f"{div_id}-figure"
    return format_html(
        '<div id="{}" class="chart" data-chart="{}"></div><script type="application/json" id="{}">{}</script>',
        div_id,
        data_id,
        data_id,
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308  (escaped above)
    )
