"""Chilean date and number formats (FORMAT_MODULE_PATH), over Django's Spanish ones.

Chile writes dates day-month-year with hyphens (09-12-2026) and groups thousands with a dot
(1.234). Month abbreviations in the pages use the ``b`` format character, which Django gives in
lower case (“mié 9 dic”), never ``M``, which capitalises them (“Dic”).
"""

DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\e F \d\e Y \a \l\a\s H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d-%m-%Y",  # '31-12-2026'
    "%d/%m/%Y",  # '31/12/2026'
    "%Y-%m-%d",  # '2026-12-31' (date inputs)
    "%d-%m-%y",
    "%d/%m/%y",
]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
