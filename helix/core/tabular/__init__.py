"""Tabular files in and out, once for every app.

* Export: :func:`export_response` streams a header and rows as CSV or XLSX, with formulas neutralised
  (:func:`neutralise`); :func:`export_filename` makes the download's name.
* Import: :func:`read_upload` / :func:`read_table` return a :class:`Table` or raise a translated
  :class:`~helix.core.errors.HelixError`, under hard :class:`Limits` checked before anything expands.
"""

from .export import FORMATS, FORMULA_TRIGGERS, export_filename, export_response, neutralise
from .reading import Limits, Table, detect_delimiter, read_table, read_upload, upload_bytes

__all__ = [
    "FORMATS",
    "FORMULA_TRIGGERS",
    "Limits",
    "Table",
    "detect_delimiter",
    "export_filename",
    "export_response",
    "neutralise",
    "read_table",
    "read_upload",
    "upload_bytes",
]
