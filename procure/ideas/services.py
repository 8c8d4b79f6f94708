"""Ideas: sending one in, supporting, commenting and triage into a need.

Service functions change state, flush and write the audit event; the caller commits.
"""
from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from procure.audit.services import record
from procure.auth.models import User
from procure.catalogue import texts
from procure.db import utcnow
from procure.departments.models import Department
from procure.extensions import db
from procure.ideas import lifecycle
from procure.ideas.lifecycle import IdeaRefused
from procure.ideas.models import Idea, IdeaComment, IdeaSupport
from procure.needs import services as need_services
from procure.needs.models import Need


@dataclass(frozen=True)
class Submission:
    """What a person wrote in the idea form (already checked for length and content)."""

    title: str
    problem: str
    affected: str = ""
    frequency: str = ""
    suggestion: str = ""
    contact: str = ""
    department_id: int | None = None


def fingerprint(submission: Submission) -> str:
    """The same texts, whatever the spacing or case, give the same fingerprint."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    joined = "\x1f".join(norm(part) for part in (submission.title, submission.problem,
                                                  submission.affected, submission.frequency,
                                                  submission.suggestion))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def origin_of(user) -> str:
    if getattr(user, "is_authenticated", False) and user.is_staff:
        return "staff"
    if getattr(user, "is_authenticated", False) and user.is_supplier:
        return "company"
    return "public"


def submit_idea(submission: Submission, user=None) -> Idea:
    """Keep a new idea; IdeaRefused("duplicate") when the same text is already in.

    Only staff are named as submitters (it counts them as engaged); a citizen or a
    company is known by nothing but the contact they chose to give.
    """
    mark = fingerprint(submission)
    if db.session.execute(db.select(Idea.id).filter_by(fingerprint=mark)).first():
        raise IdeaRefused("duplicate")
    origin = origin_of(user)
    department = db.session.get(Department, submission.department_id) \
        if submission.department_id else None
    idea = Idea(token=secrets.token_urlsafe(32), fingerprint=mark, origin=origin,
                status="submitted", title=submission.title.strip(),
                problem=submission.problem.strip(), affected=submission.affected.strip(),
                frequency=submission.frequency.strip(), suggestion=submission.suggestion.strip(),
                contact=submission.contact.strip(), department=department,
                submitted_by=user if origin == "staff" else None)
    db.session.add(idea)
    record("idea.submitted", idea, actor=user if origin == "staff" else None, origin=origin)
    return idea


def by_token(token: str) -> Idea | None:
    if not token or len(token) > 64:
        return None
    return db.session.execute(db.select(Idea).filter_by(token=token)).scalar_one_or_none()


def support(idea: Idea, user: User) -> bool:
    """Add ``user``'s vote; False when they already support the idea (nothing added)."""
    if not lifecycle.is_open(idea.status):
        raise IdeaRefused("decided")
    exists = db.session.execute(db.select(IdeaSupport.id).filter_by(
        idea_id=idea.id, user_id=user.id)).first()
    if exists:
        return False
    db.session.add(IdeaSupport(idea_id=idea.id, user_id=user.id))
    record("idea.supported", idea, actor=user)
    return True


def supported_by(idea: Idea, user: User) -> bool:
    return any(s.user_id == user.id for s in idea.supports)


def comment(idea: Idea, user: User, body: str) -> IdeaComment:
    text = body.strip()
    if not text:
        raise IdeaRefused("empty")
    kept = IdeaComment(idea_id=idea.id, author=user, body=text)
    db.session.add(kept)
    record("idea.commented", idea, actor=user)
    return kept


# --- triage --------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    target: str
    reason: str = ""
    merge_into: str = ""  # another idea's number or a need's reference
    language: str = "sv"  # the need draft's statement language


def decide(idea: Idea, decision: Decision, actor: User) -> Need | Idea | None:
    """Take one triage step; returns the need made (accept) or what it was merged into.

    Accepting an idea that already has its need gives that need back: converting twice
    makes one need.
    """
    if decision.target == "accepted" and idea.need_id is not None:
        return idea.need
    transition = lifecycle.check_transition(idea.status, decision.target)
    reason = decision.reason.strip()
    if transition.needs_reason and not reason:
        raise IdeaRefused("reason_required")
    result = None
    if transition.needs_target:
        result = _merge_target(idea, decision.merge_into)
        if isinstance(result, Idea):
            idea.merged_into_idea = result
        else:
            idea.merged_into_need = result
    if transition.name == "accept":
        result = _need_from(idea, actor, decision.language)
        idea.need = result
    source = idea.status
    idea.status = decision.target
    idea.decision_reason = reason
    if decision.target in lifecycle.DECIDED_STATES:
        idea.decided_at = utcnow()
        idea.decided_by = actor
    db.session.flush()
    record("idea.triaged", idea, actor=actor, from_status=source, to_status=idea.status,
           need=idea.need.reference if idea.need else None,
           merged_into_idea=idea.merged_into_idea_id,
           merged_into_need=idea.merged_into_need.reference if idea.merged_into_need else None)
    return result


def _merge_target(idea: Idea, value: str) -> Idea | Need:
    text = (value or "").strip().lstrip("#")
    if not text:
        raise IdeaRefused("merge_target_required")
    if text.isdecimal() and len(text) <= 12:
        other = db.session.get(Idea, int(text))
        if other is None or other.id == idea.id:
            raise IdeaRefused("merge_target_unknown")
        if other.status == "merged":  # merge into where that one went, not into a dead end
            raise IdeaRefused("merge_target_merged")
        return other
    from procure.needs.queries import by_reference

    need = by_reference(text.upper()[:20])
    if need is None:
        raise IdeaRefused("merge_target_unknown")
    return need


def need_texts(idea: Idea, language: str) -> dict[str, str]:
    """The idea's words as the need's first texts, each answer after the question it
    answers, in the need's ``language``: the officer rewrites them, and a proposed
    solution says it is one (a need statement describes the problem, not a product)."""
    _ = texts(language)
    problem = idea.problem
    if idea.affected:
        problem += "\n\n" + _("Who is affected, in the idea's words: %(text)s",
                               text=idea.affected)
    background = "\n\n".join(part for part in (
        idea.frequency and _("How often it happens, in the idea's words: %(text)s",
                             text=idea.frequency),
        idea.suggestion and _("The idea's proposed solution (to rewrite as a need, or to "
                              "leave out): %(text)s", text=idea.suggestion)) if part)
    return {"problem": problem, "background": background}


def _need_from(idea: Idea, actor: User, language: str) -> Need:
    department = idea.department or actor.department
    if department is None:  # an admin without a department, and an idea naming none
        raise IdeaRefused("department_required")
    need = need_services.create_need(title=idea.title, department=department, officer=actor,
                                     language=language, actor=actor)
    for name, text in need_texts(idea, language).items():
        setattr(need, name, text)
    need_services.finish_save(need, actor, "idea")
    return need


def idea_of_need(need: Need) -> Idea | None:
    """The idea a need was made from, if any."""
    return db.session.execute(db.select(Idea).filter_by(need_id=need.id)).scalar_one_or_none()


def ideas_behind(need: Need) -> dict:
    """The idea ``need`` was drafted from and those merged into it, in one statement."""
    rows = db.session.execute(db.select(Idea).where(
        (Idea.need_id == need.id) | (Idea.merged_into_need_id == need.id)).order_by(Idea.id)
    ).scalars().all()
    return {"source": next((idea for idea in rows if idea.need_id == need.id), None),
            "merged": [idea for idea in rows if idea.merged_into_need_id == need.id]}


def need_page_tracks(need_id) -> list[tuple]:
    """The ideas the need page names (drafted from, merged in), as tracks of its kept
    part (``procure.needs.page_part``)."""
    shown = [Idea.id, Idea.title, Idea.need_id, Idea.merged_into_need_id]
    return [(Idea.__table__, Idea.need_id == need_id, shown),
            (Idea.__table__, Idea.merged_into_need_id == need_id, shown)]


def merged_into_need(need: Need) -> list[Idea]:
    return list(db.session.execute(db.select(Idea).filter_by(
        merged_into_need_id=need.id).order_by(Idea.id)).scalars())


def idea_list(status: str | None = None, department_id: int | None = None):
    """A select of ideas, newest first, their supports loaded in one more query."""
    query = (db.select(Idea).options(selectinload(Idea.supports))
             .order_by(Idea.created_at.desc(), Idea.id.desc()))
    if status:
        query = query.where(Idea.status == status)
    if department_id:
        query = query.where(Idea.department_id == department_id)
    return query
