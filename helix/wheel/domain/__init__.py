"""Business rules of business wheels: every write goes through a function in this package.

Modules: `setup` (wheels and slots), `registration`, `requests` (meeting requests and weights),
`scheduling` (instance export, runs, applying schedules, publishing), `dayof` (check-in, no-shows,
walk-ins), `outcomes` (outcomes and funnel figures), `transfer` (helix-wheel/1 JSON import, rows of the
CSV/XLSX exports), `table_import` (participants and requests from a CSV or XLSX file).
"""

from django.core.exceptions import ValidationError

__all__ = ["ValidationError"]
