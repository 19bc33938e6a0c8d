"""What the programme's data can plausibly hold: the one place for the sanity bounds of dates and money."""

from datetime import date
from decimal import Decimal

# PIM I began in 2017; plans adopted a little earlier still count. Nothing is planned past 2060.
EARLIEST_DATE = date(2015, 1, 1)
LATEST_DATE = date(2060, 12, 31)
# In PLN. The amount columns (Numeric(14, 2)) would hold a hundred times more; no city's action costs that.
MAX_AMOUNT = Decimal("10000000000.00")
