"""Pages of a long list that count their matches only up to a bound.

``count(*)`` over every match costs as much as reading them all: on a city's 200,000
needs it was most of a list page's time. A person needs "more than 1,000" and the next
pages, not the exact figure, so the count stops a little past the last page it must know.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_sqlalchemy.pagination import SelectPagination

from procure.extensions import db

# Matches counted at most before a list says "more than" (40 pages of 25); the
# LIST_COUNT_BOUND setting overrides it (tests use a small one).
COUNT_BOUND = 1000


class BoundedPagination(SelectPagination):
    """A :class:`SelectPagination` whose ``total`` is exact up to ``COUNT_BOUND`` (or up
    to the current page, when that lies further) and then says ``more`` instead."""

    more: bool = False

    def _count_limit(self) -> int:
        return max(self._bound(), self.page * self.per_page)

    @staticmethod
    def _bound() -> int:
        return int(current_app.config.get("LIST_COUNT_BOUND", COUNT_BOUND))

    def _query_count(self) -> int:
        limit = self._count_limit()
        # The usual bound written into the statement: PostgreSQL plans a statement psycopg
        # has prepared once for any parameter, and for a LIMIT it cannot see it planned
        # reading every dialogue to count them (18 ms instead of 1). A page past the
        # bound, rare and of any number, sends its own as a parameter.
        bound = self._bound()
        counted = sa.literal_column(str(bound + 1), sa.Integer) if limit == bound else limit + 1
        matches = (self._query_args["select"]
                   .with_only_columns(sa.literal_column("1"), maintain_column_froms=True)
                   .order_by(None).limit(counted).subquery())
        found = self._query_args["session"].execute(
            sa.select(sa.func.count()).select_from(matches)).scalar_one()
        self.more = found > limit
        # One past the limit keeps a "Next" link to the page after the counted ones.
        return found

    @property
    def shown_total(self) -> int:
        """The figure to show: exact, or the bound the matches exceed when ``more``."""
        return self._count_limit() if self.more else self.total


def paginate(select: sa.Select, page: int, per_page: int) -> BoundedPagination:
    """One page of ``select`` (a page past the end is empty, never an error)."""
    return BoundedPagination(select=select, session=db.session, page=page,
                             per_page=per_page, error_out=False)
