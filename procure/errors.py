"""The one shape of a refused change: an error with a stable ``code``.

Services and pure modules raise ``Refused`` or a domain's subclass of it; each domain
keeps one table that turns a code into a sentence (``procure.core.refusals.RefusalTexts``),
and views run a change through ``procure.core.refusals.attempt``, which commits it or
rolls it back and says why.
"""

CONFLICT = "conflict"  # someone else changed or created the same thing first


class Refused(ValueError):
    """A change or value refused for the reason named by ``code``; ``values`` fill the
    placeholders of its message (an amount, a phase number)."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code = code
        self.values = values
