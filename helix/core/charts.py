"""One plotly configuration for every chart and map: no logo, no link to plotly's servers, and the
toolbar, notices and dates in the reader's language.

The plotly.min.js served from the installed package bundles only English; rather than a second
script per language, the page's own catalogue translates plotly's strings and the figure carries
them as ``config.locales`` (plotly.js's per-plot localisation), so it works offline.
"""

from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as noop

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
