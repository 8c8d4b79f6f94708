"""Run a change, commit it once, or roll it back and say why in the user's language.

Every view that changes something goes through :func:`attempt`:

    done = attempt(lambda: services.do_it(...), REFUSALS)
    if not done.ok:
        return render_template(..., form=form), done.status   # the input is kept
    flash(_("Done."), "success")

A refusal (``procure.errors.Refused``), a save by someone else in between
(``StaleDataError``) and a second create racing the first (a unique key's
``IntegrityError``) all end in a rollback and a message, never in a 500.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from procure.errors import CONFLICT, Refused
from procure.extensions import db

log = logging.getLogger(__name__)

UNKNOWN = _l("This change is not possible.")
# What every domain's refusals share, read where a domain's table has no entry of its own.
SHARED = {
    CONFLICT: _l("Someone else saved this while you were editing. Your values are kept "
                 "below; compare and save again."),
}
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a duplicate key


class RefusalTexts:
    """One domain's table: refusal code → lazily translated sentence.

    Placeholders (``%(left)s``) are filled from the refusal's ``values``, each passed
    through its entry in ``formats`` first (an amount of money, a list of fields). A code
    the table does not know reads as a general sentence (and is logged), never a 500.
    """

    def __init__(self, texts: Mapping[str, Any], *,
                 formats: Mapping[str, Callable[[Any], Any]] | None = None) -> None:
        self.texts = dict(texts)
        self.formats = dict(formats or {})

    def __contains__(self, code: str) -> bool:
        return code in self.texts

    def text(self, refused: Refused | str, **values) -> str:
        """The sentence for a refusal (or a bare code with its values)."""
        if isinstance(refused, Refused):
            code, values = refused.code, {**refused.values, **values}
        else:
            code = refused
        text = self.texts.get(code, SHARED.get(code))
        if text is None:
            log.error("no text for the refusal %r", code)
            return str(UNKNOWN)
        if not values:
            return str(text)
        shown = {name: self.formats[name](value) if name in self.formats else value
                 for name, value in values.items()}
        try:
            return str(text) % shown
        except (KeyError, TypeError, ValueError):
            log.exception("the refusal %r lacks a value for its text", code)
            return str(text)


NO_TEXTS = RefusalTexts({})  # the shared texts only


def is_unique_violation(error: IntegrityError) -> bool:
    """True when the statement broke a unique key (PostgreSQL or SQLite), which a second
    create of the same thing racing the first does; other integrity errors are bugs."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == UNIQUE_VIOLATION:
        return True
    return "UNIQUE constraint failed" in str(orig)


@dataclass
class Attempt:
    """What became of a change: its result, or why it was refused."""

    value: Any = None
    refused: Refused | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None

    @property
    def code(self) -> str | None:
        return self.refused.code if self.refused is not None else None

    @property
    def status(self) -> int:
        """The status a page re-rendered after this refusal answers with."""
        if self.refused is None:
            return 200
        return 409 if self.refused.code == CONFLICT else 400


def attempt(change: Callable[[], Any], texts: RefusalTexts | None, *,
            collision: str = CONFLICT, flash_refusal: bool = True) -> Attempt:
    """Run ``change`` and commit; on a refusal roll back and flash its text.

    A save by someone else since the form was read reads as the refusal ``conflict``. A
    unique key taken by a request that got there first (a double click, two members at
    once) is rolled back and the change run once more: now it sees the other's row and
    answers as it would have coming second (``conflict``, ``already_registered``, a
    join of the company registered a moment ago). Should it collide again, it reads as
    ``collision``. With ``flash_refusal=False`` the caller shows the text itself (next to
    a field, say); ``texts`` may then be None.
    """
    for last_try in (False, True):
        try:
            value = change()
            db.session.commit()
        except Refused as refused:
            return _refused(refused, texts, flash_refusal)
        except StaleDataError:
            return _refused(Refused(CONFLICT), texts, flash_refusal)
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            if last_try:
                return _refused(Refused(collision), texts, flash_refusal)
            db.session.rollback()
            log.info("a unique key was taken meanwhile: %s", error.orig)
        else:
            return Attempt(value=value)
    raise AssertionError("unreachable")  # pragma: no cover


def _refused(refused: Refused, texts: RefusalTexts | None, flash_refusal: bool) -> Attempt:
    db.session.rollback()
    if flash_refusal:
        flash((texts or NO_TEXTS).text(refused), "error")
    return Attempt(refused=refused)
