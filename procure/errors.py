"""The one shape of a refused change: an error with a stable ``code``.

Services and pure modules raise a subclass; views and forms turn the code into a
message in the user's language.
"""


class Refused(ValueError):
    """A change or value refused for the reason named by ``code``."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
