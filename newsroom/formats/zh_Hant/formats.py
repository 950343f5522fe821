# Dates as Chinese newspapers write them: 2025年3月5日 · 2025年3月5日 16:30
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
