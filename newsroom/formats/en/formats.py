# Dates as the site writes them in English: March 5, 2025 · March 5, 2025, 4:30 p.m.
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i a"
YEAR_MONTH_FORMAT = "F Y"
