"""URL converters shared by every blueprint."""
from werkzeug.routing import IntegerConverter

# The largest id a 32-bit integer column holds: anything larger cannot name a row, and
# passing it to the database would overflow (SQLite) instead of answering 404.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<id:name>``: a database id, a whole number from 1 to MAX_ID; else 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)
