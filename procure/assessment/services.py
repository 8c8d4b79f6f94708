"""Reading and saving a year's self-assessment, comparing years, and what the app's own
figures say about an item (worded in :mod:`procure.assessment.figures`).

Saving flushes and writes the audit event; the view commits.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from procure.assessment import figures
from procure.assessment.models import AssessmentAnswer
from procure.assessment.questions import (
    FIRST_YEAR,
    ITEMS,
    KEYS,
    LAST_YEAR,
    MAX_SCORE,
    MIN_SCORE,
    Item,
    is_key,
)
from procure.assessment.radar import Radar
from procure.audit.services import record
from procure.auth.models import User
from procure.charts import Series
from procure.errors import CONFLICT, Refused
from procure.extensions import db
from procure.formatting import normalise_newlines

EVIDENCE_LENGTH = 4000
LOWEST_COUNT = 3


class AssessmentError(Refused):
    """Answers the assessment cannot take (``invalid_answers``): ``problems`` maps an item
    key (or "year") to what is wrong with it ("unknown", "score", "evidence", "range")."""

    def __init__(self, problems: Mapping[str, str]):
        super().__init__("invalid_answers")
        self.problems = dict(problems)
        self.args = (", ".join(f"{key}: {problem}" for key, problem in problems.items()),)


class AssessmentConflict(Refused):
    """Someone saved some of the same items after the form was loaded (``conflict``):
    ``keys`` are those items (empty when the clash was only seen by the database)."""

    def __init__(self, keys: tuple[str, ...] = ()):
        super().__init__(CONFLICT)
        self.keys = keys
        self.args = (", ".join(keys) or "concurrent save",)


@dataclass(frozen=True)
class ItemScore:
    """An item's score in a year and the year before (``None`` where not answered)."""

    item: Item
    score: int | None
    previous: int | None
    evidence: str = ""

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


def is_assessable_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def answers_for(year: int) -> dict[str, AssessmentAnswer]:
    """The year's answers by item key (items not answered are missing)."""
    rows = db.session.execute(select(AssessmentAnswer).where(AssessmentAnswer.year == year))
    return {answer.key: answer for answer in rows.scalars()}


def years_answered() -> list[int]:
    """The years with at least one answer, newest first."""
    return list(db.session.execute(
        select(AssessmentAnswer.year).distinct().order_by(AssessmentAnswer.year.desc())
    ).scalars())


def versions_of(answers: Mapping[str, AssessmentAnswer]) -> dict[str, int]:
    """Each item's save count, 0 for an item not answered yet: what a form carries to
    tell, on saving, whether someone else saved in between."""
    return {key: answers[key].lock_version if key in answers else 0 for key in KEYS}


def encode_versions(versions: Mapping[str, int]) -> str:
    return ",".join(f"{key}:{versions[key]}" for key in KEYS if key in versions)


def parse_versions(text: str) -> dict[str, int]:
    """The versions a form sent back; a part that is not ``key:number`` is left out, and
    so reads as a conflict if that item has been saved."""
    versions = {}
    for part in (text or "").split(","):
        key, _sep, number = part.partition(":")
        if is_key(key) and number.isascii() and number.isdecimal() and len(number) <= 9:
            versions[key] = int(number)
    return versions


def _checked(year: int, values: Mapping[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    problems: dict[str, str] = {}
    checked = {}
    if not is_assessable_year(year):
        problems["year"] = "range"
    for key, (score, evidence) in values.items():
        text = normalise_newlines(evidence or "").strip()
        if not is_key(key):
            problems[key] = "unknown"
        elif isinstance(score, bool) or not isinstance(score, int) \
                or not MIN_SCORE <= score <= MAX_SCORE:
            problems[key] = "score"
        elif len(text) > EVIDENCE_LENGTH:
            problems[key] = "evidence"
        else:
            checked[key] = (score, text)
    if problems:
        raise AssessmentError(problems)
    return checked


def save_answers(year: int, values: Mapping[str, tuple[int, str]], *,
                 expected_versions: Mapping[str, int] | None, actor: User | None) -> list[str]:
    """Store ``values`` (item key → (score, evidence)) for ``year``; return the keys that
    changed, in questionnaire order.

    With ``expected_versions`` (a form's), an item saved by someone else since then is a
    conflict: nothing is stored and :class:`AssessmentConflict` names those items.
    Without, the values are taken as they are (the demo loader). An unchanged item keeps
    its version, author and time; one ``assessment.saved`` event records the changes.
    """
    checked = _checked(year, values)
    current = answers_for(year)
    if expected_versions is not None:
        saved = versions_of(current)
        # Saved by someone else since the form was loaded, and now different from what
        # this form says: taking the form's values would undo their change unseen.
        stale = tuple(key for key in KEYS if key in checked
                      and saved[key] != expected_versions.get(key, 0)
                      and (key not in current
                           or (current[key].score, current[key].evidence) != checked[key]))
        if stale:
            raise AssessmentConflict(stale)
    changed = []
    for key in KEYS:
        if key not in checked:
            continue
        score, evidence = checked[key]
        answer = current.get(key)
        if answer is None:
            answer = AssessmentAnswer(year=year, key=key)
            db.session.add(answer)
        elif (answer.score, answer.evidence) == (score, evidence):
            continue
        answer.score, answer.evidence, answer.answered_by = score, evidence, actor
        changed.append(key)
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Saved by another request between our read and our write: the versions (or the
        # one-answer-per-year-and-item rule) caught it. The view rolls back.
        raise AssessmentConflict() from None
    if changed:
        record("assessment.saved", actor=actor, object_type="assessment", object_id=year,
               year=year, scores={key: checked[key][0] for key in changed})
    return changed


def compare(year: int) -> list[ItemScore]:
    """Every item with its score in ``year`` and in the year before, questionnaire order."""
    this, last = answers_for(year), answers_for(year - 1)
    return [ItemScore(item, this[item.key].score if item.key in this else None,
                      last[item.key].score if item.key in last else None,
                      this[item.key].evidence if item.key in this else "")
            for item in ITEMS]


def lowest(scores: list[ItemScore], count: int = LOWEST_COUNT) -> list[ItemScore]:
    """The ``count`` lowest-scoring answered items: lowest score first; among equal scores
    the one that gained least since last year (stalling matters more), then the
    questionnaire's order."""
    order = {item.key: index for index, item in enumerate(ITEMS)}
    answered = [entry for entry in scores if entry.score is not None]
    return sorted(answered, key=lambda entry: (
        entry.score, entry.change if entry.change is not None else 0,
        order[entry.item.key]))[:count]


def radar(year: int, scores: list[ItemScore], language: str) -> Radar:
    """The year against the year before as a :class:`Radar` (the year before only when
    it has answers); titles in ``language``, the title in the UI language."""
    series = [Series(str(year), [entry.score for entry in scores])]
    title = _("Innovation capability %(year)s", year=year)
    if any(entry.previous is not None for entry in scores):
        series.append(Series(str(year - 1), [entry.previous for entry in scores]))
        title = _("Innovation capability %(year)s against %(previous)s", year=year,
                  previous=year - 1)
    return Radar(title, [entry.item.title(language) for entry in scores], series,
                 axis_title=_("Item"))


def evidence_from_app(key: str, year: int) -> list[str]:
    """What the app's figures for ``year`` (the whole city) say about item ``key``, as
    sentences in the UI language; "no figure" for an item the app has nothing on."""
    return figures.sentences(key, year)
