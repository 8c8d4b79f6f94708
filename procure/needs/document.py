"""The need statement as plain data.

The web form, the database model, the need-language check and the PDF builder all meet
here: the model turns itself into a :class:`NeedDocument`, and the pure modules (which
import no Flask) read only this. Money is whole Swedish kronor (``int``), never float.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from procure.needs.lifecycle import is_approved
from procure.pdf.style import Identity


@dataclass(frozen=True)
class Outcome:
    """A desired outcome with its measurable success criterion."""

    description: str
    indicator: str = ""
    baseline: str = ""
    target: str = ""
    when: str = ""

    @property
    def is_measurable(self) -> bool:
        """True when the criterion names an indicator and a target."""
        return bool(self.indicator.strip() and self.target.strip())


@dataclass(frozen=True)
class Requirement:
    """A functional requirement; ``outcomes`` holds 1-based outcome numbers."""

    text: str
    must: bool = True
    outcomes: tuple[int, ...] = ()


@dataclass(frozen=True)
class CpvCode:
    code: str
    label: str = ""


@dataclass(frozen=True)
class ExtraSection:
    """A section added by another part of the app (market dialogue, PCP plan...), through
    :func:`procure.needs.outline.contribute`; an empty ``title`` takes the outline's.

    ``paragraphs`` are plain text; ``table`` is an optional list of rows whose first row
    is the header; ``charts`` are :class:`procure.charts.Chart` objects, drawn after the
    table (each chart also prints its figures as a table, for those who cannot see it);
    ``closing`` are (heading, text) pairs after the charts, such as a justification.

    An ``annex`` is dated background that may change after approval (kept TED notices):
    it is not part of the statement's fixed text, so it is not numbered with the sections
    but follows them as "Annex A", "Annex B"..., and says it is as of ``as_of``.
    """

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    charts: tuple[Any, ...] = ()
    closing: tuple[tuple[str, str], ...] = ()
    annex: bool = False
    as_of: date | None = None


@dataclass(frozen=True)
class NeedDocument:
    """Everything a need statement says, in the order the statement says it."""

    reference: str
    title: str
    language: str  # "sv" or "en"
    department: str = ""
    officer: str = ""
    version: int = 1
    status: str = "draft"  # a lifecycle state name, see procure.needs.lifecycle
    # The city and the case number (diarienummer) the statement is filed under.
    identity: Identity = field(default_factory=Identity)
    issued: date | None = None
    background: str = ""
    problem: str = ""
    current_situation: str = ""
    outcomes: tuple[Outcome, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    constraints: str = ""
    sustainability_ecological: str = ""
    sustainability_social: str = ""
    cpv_main: CpvCode | None = None
    cpv_additional: tuple[CpvCode, ...] = ()
    estimated_value_sek: int | None = None
    timeline: str = ""
    procedure: str = ""  # the chosen route's name, in the statement's language
    procedure_reason: str = ""
    extra_sections: tuple[ExtraSection, ...] = field(default=())
    # Free-text sections without a field of their own here: (field name, text).
    more_texts: tuple[tuple[str, str], ...] = ()

    def text(self, name: str) -> str:
        """The free text of the need's field ``name`` ("" when it has none)."""
        if name in _NAMED:
            return getattr(self, name)
        return dict(self.more_texts).get(name, "")

    @staticmethod
    def texts_as_fields(texts: dict[str, str]) -> dict[str, Any]:
        """``texts`` (field name → text) as keyword arguments: a named field where there
        is one, the rest in ``more_texts``, so a new text field needs no change here."""
        named = {name: value for name, value in texts.items() if name in _NAMED}
        more = tuple((name, value) for name, value in texts.items() if name not in _NAMED)
        return {**named, "more_texts": more}

    @property
    def is_approved(self) -> bool:
        """True once the statement has left draft and review (no DRAFT watermark)."""
        return is_approved(self.status)


_NAMED = frozenset(f.name for f in fields(NeedDocument)) - {"more_texts", "extra_sections"}
