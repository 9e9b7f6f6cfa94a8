"""One plotly configuration for every chart and map: no logo, no link to plotly's servers, and the
toolbar, notices and dates in the reader's language; and figures drawn without inline scripts.

plotly's `to_html` emits `<script>Plotly.newPlot(…)</script>`, which the Content-Security-Policy forbids.
`figure_html` emits instead the figure as JSON in a `<script type="application/json">` (data, never run)
and a `<div data-chart>` that the static `core/charts.js` draws. A page with charts loads
`plotly/plotly.min.js` and then `core/charts.js`.

The plotly.min.js served from the installed package bundles only English; rather than a second
script per language, the page's own catalogue translates plotly's strings and the figure carries
them as ``config.locales`` (plotly.js's per-plot localisation), so it works offline.
"""

import json

from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as noop

# As django.utils.html.json_script: the JSON cannot close the <script> element nor open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# The strings plotly.js shows (modebar titles, download notices, hints), in its own English spelling.
PLOTLY_STRINGS = [
    noop("Autoscale"),
    noop("Box Select"),
    noop("Compare data on hover"),
    noop("Double-click on legend to isolate one trace"),
    noop("Double-click to zoom back out"),
    noop("Download plot"),
    noop("Download plot as a PNG"),
    noop("Download plot as JSON"),
    noop("Draw circle"),
    noop("Draw closed freeform"),
    noop("Draw line"),
    noop("Draw open freeform"),
    noop("Draw rectangle"),
    noop("Erase active shape"),
    noop("Image download succeeded"),
    noop("JSON download succeeded"),
    noop("Lasso Select"),
    noop("Orbital rotation"),
    noop("Pan"),
    noop("Preparing image - this may take a few seconds"),
    noop("Reset"),
    noop("Reset axes"),
    noop("Reset camera to default"),
    noop("Reset camera to last save"),
    noop("Reset view"),
    noop("Reset views"),
    noop("Show closest data on hover"),
    noop("Sorry, there was a problem downloading your JSON file!"),
    noop("Sorry, there was a problem downloading your image!"),
    noop("Toggle Spike Lines"),
    noop("Toggle show closest data on hover"),
    noop("Turntable rotation"),
    noop("Zoom"),
    noop("Zoom in"),
    noop("Zoom out"),
]


def plotly_locale() -> dict:
    """plotly.js's locale object (dictionary and date/number format) for the active language."""
    # plotly.js weeks start on Sunday; Django's WEEKDAYS start on Monday.
    days = [str(WEEKDAYS[(i + 6) % 7]) for i in range(7)]
    short_days = [str(WEEKDAYS_ABBR[(i + 6) % 7]) for i in range(7)]
    return {
        "dictionary": {text: gettext(text) for text in PLOTLY_STRINGS},
        "format": {
            "days": days,
            "shortDays": short_days,
            "months": [str(MONTHS[i]) for i in range(1, 13)],
            "shortMonths": [str(MONTHS_3[i]).capitalize() for i in range(1, 13)],
            "decimal": get_format("DECIMAL_SEPARATOR"),
            "thousands": get_format("THOUSAND_SEPARATOR"),
        },
    }


def plotly_config(**overrides) -> dict:
    """The ``config`` for ``fig.to_html``: localised toolbar, no plotly logo or "edit in Chart Studio"."""
    locale = get_language() or "en"
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "locale": locale,
        "locales": {locale: plotly_locale()},
        **overrides,
    }


def figure_html(fig, *, div_id: str, config: dict | None = None) -> SafeString:
    """The HTML for a plotly figure: an empty <div id=div_id> plus its figure and config as JSON (the
    config defaults to :func:`plotly_config`)."""
    config = plotly_config() if config is None else config
    payload = '{"figure": %s, "config": %s}' % (fig.to_json(), json.dumps(config))  # noqa: UP031
    data_id = f"{div_id}-figure"
    return format_html(
        '<div id="{}" class="chart" data-chart="{}"></div><script type="application/json" id="{}">{}</script>',
        div_id,
        data_id,
        data_id,
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308  (escaped above)
    )
