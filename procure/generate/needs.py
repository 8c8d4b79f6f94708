"""One need's story: its steps through the lifecycle, its revisions and its history.

The status a need has now is drawn by its age (old needs are mostly contracted or
closed, young ones still drafts or in dialogue); the steps that lead there follow
:mod:`procure.needs.lifecycle`, with a second officer approving, and are squeezed in
time when the need is too young for them. The revisions are what the services keep
(:func:`procure.needs.services.snapshot`): a first empty one, the statement written,
a requirement added after a return, a new version after a reopening. What the
statement says comes from :mod:`procure.generate.statements`.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from procure.generate.context import Buyer, Need, World
from procure.generate.distributions import (
    HOUR,
    MINUTE,
    Weighted,
    chance,
    fit,
    minute,
    moment_between,
)
from procure.generate.statements import empty_content, finding_count, full_content
from procure.generate.themes import THEMES
from procure.generate.workflow_texts import STATUS_COMMENTS, WITHDRAW_REASONS
from procure.needs.services import TEXT_SECTIONS
from procure.needs.vocabulary import CONTRACTED_STATES

# Status now, by the need's age in days (the first bound it is under).
STATUS_BY_AGE = (
    (30, Weighted([("draft", 50), ("in_review", 35), ("approved", 15)])),
    (180, Weighted([("draft", 28), ("in_review", 15), ("approved", 18), ("in_dialogue", 22),
                    ("in_procurement", 12), ("withdrawn", 6)])),
    (365, Weighted([("draft", 12), ("in_review", 5), ("approved", 13), ("in_dialogue", 22),
                    ("in_procurement", 28), ("contracted", 12), ("withdrawn", 8)])),
    (730, Weighted([("draft", 5), ("in_review", 2), ("approved", 5), ("in_dialogue", 6),
                    ("in_procurement", 22), ("contracted", 40), ("closed", 8),
                    ("withdrawn", 12)])),
    (None, Weighted([("draft", 3), ("approved", 2), ("in_procurement", 5), ("contracted", 30),
                     ("closed", 45), ("withdrawn", 15)])),
)
WITHDRAWN_FROM = Weighted([("draft", 30), ("in_review", 10), ("approved", 25),
                           ("in_dialogue", 15), ("in_procurement", 20)])
# step -> (the status it leads to, days it takes at least and at most)
STEPS = {
    "submit": ("in_review", 7, 90), "return": ("draft", 2, 20),
    "approve": ("approved", 3, 30), "reopen": ("draft", 10, 120),
    "start_dialogue": ("in_dialogue", 7, 90), "start_procurement": ("in_procurement", 14, 150),
    "contract": ("contracted", 60, 270), "close": ("closed", 180, 1500),
    "withdraw": ("withdrawn", 10, 200),
}
# A dialogue takes time: from its publication to the tender.
AFTER_DIALOGUE_DAYS = (60, 240)
THEME_CHOICE = Weighted([(theme, 1.0) for theme in THEMES])
ENGLISH_SHARE = 0.15


def _status(world: World, created: datetime) -> str:
    age = (world.now - created).days
    table = next(table for bound, table in STATUS_BY_AGE if bound is None or age < bound)
    return table.draw(world.rng)


def _approval(rng) -> list[str]:
    steps = ["submit", "return", "submit", "approve"] if chance(rng, 0.1) else ["submit",
                                                                                "approve"]
    if chance(rng, 0.05):
        steps += ["reopen", "submit", "approve"]
    return steps


def _path(rng, status: str) -> list[str]:
    """The steps from the first draft to ``status``."""
    if status == "draft":
        return rng.choice(([], [], [], [], [], [], [], [], ["submit", "return"],
                           ["submit", "approve", "reopen"]))
    if status == "in_review":
        return ["submit", "return", "submit"] if chance(rng, 0.1) else ["submit"]
    if status == "withdrawn":
        return _path(rng, WITHDRAWN_FROM.draw(rng)) + ["withdraw"]
    steps = _approval(rng)
    if status == "approved":
        return steps
    if status == "in_dialogue" or chance(rng, 0.45):
        steps.append("start_dialogue")
    if status == "in_dialogue":
        return steps
    steps.append("start_procurement")
    if status in CONTRACTED_STATES:
        steps.append("contract")
    if status == "closed":
        steps.append("close")
    return steps


def _timed(world: World, created: datetime, names: list[str]) -> list[tuple[str, datetime]]:
    rng = world.rng
    durations = []
    for index, name in enumerate(names):
        _target, low, high = STEPS[name]
        if name == "start_procurement" and index and names[index - 1] == "start_dialogue":
            low, high = AFTER_DIALOGUE_DAYS
        durations.append(timedelta(days=rng.uniform(low, high)))
    durations = fit(durations, world.now - created - HOUR)
    steps, moment = [], created
    for name, duration in zip(names, durations):
        moment = minute(moment + max(duration, MINUTE))
        steps.append((name, moment))
    return steps


def start_need(world: World, need_id: int, reference: str, year: int, buyer: Buyer,
               created: datetime) -> Need:
    """Draw who, what and how far a need got (:func:`compose` writes its statement)."""
    rng = world.rng
    author, reviewer = rng.sample(buyer.officers, 2)
    officer = author if chance(rng, 0.7) else rng.choice(buyer.officers)
    status = _status(world, created)
    return Need(id=need_id, reference=reference, year=year, buyer=buyer,
                language="en" if chance(rng, ENGLISH_SHARE) else "sv",
                theme=THEME_CHOICE.draw(rng), author=author, officer=officer,
                reviewer=reviewer, created_at=created, status=status,
                steps=_timed(world, created, _path(rng, status)))


# --- writing it out -------------------------------------------------------------------

def _revisions(world: World, need: Need, final: dict[str, Any]) -> list[tuple]:
    """(when, section, version, content) for each save, oldest first."""
    rng = world.rng
    saves = [(need.created_at, "created", 1, empty_content(need, final["title"]))]
    if not need.written:
        return saves
    first_version = final
    if need.value_before_reopening is not None:
        # The need was reopened to change its estimated value.
        first_version = {**final, "estimated_value_sek": need.value_before_reopening}
    written = first_version
    returned = need.when("return")
    if returned and len(final["requirements"]) > 1:
        written = {**first_version, "requirements": first_version["requirements"][:-1]}
    submitted = need.when("submit") or world.now
    saves.append((moment_between(rng, need.created_at + HOUR, submitted - HOUR),
                   "description", 1, written))
    if written is not first_version:
        resubmitted = need.after(returned) or world.now
        saves.append((moment_between(rng, returned + HOUR, resubmitted - HOUR), "requirements",
                      1, first_version))
    reopened = need.when("reopen")
    if reopened:
        saves.append((reopened, "reopened", 2, first_version))
        next_step = need.after(reopened) or world.now
        saves.append((moment_between(rng, reopened + HOUR, next_step - HOUR), "basics", 2,
                      final))
    return saves


def write_need(world: World, need: Need, first_dialogue_title: str | None) -> None:
    """Emit the need, its statement's parts, its revisions and its status history."""
    content = need.content
    saves = _revisions(world, need, content)
    for number, (when, section, version, saved) in enumerate(saves, start=1):
        world.emit("need_revisions", id=world.ids.next("need_revisions"), need_id=need.id,
                   number=number, version=version, saved_at=when, saved_by_id=need.author.id
                   if section != "reopened" else need.officer.id, section=section,
                   content=saved)
    changes = _status_changes(world, need, first_dialogue_title)
    last_change = max(change["at"] for change in changes)
    world.emit("needs", id=need.id, reference=need.reference, department_id=need.buyer.id,
               year=need.year, sequence=int(need.reference.rsplit("-", 1)[1]),
               title=content["title"], language=need.language, status=need.status,
               officer_id=need.officer.id, author_id=need.author.id,
               version=saves[-1][2], lock_version=len(saves),
               **{name: content[name] for name in TEXT_SECTIONS},
               timeline=content["timeline"], estimated_value_sek=content["estimated_value_sek"],
               cpv_main=content["cpv_main"],
               cpv_division=content["cpv_main"][:2] if content["cpv_main"] else None,
               solution_exists=content["solution_exists"],
               development_needed=content["development_needed"],
               will_buy_result=content["will_buy_result"],
               contract_kind=content["contract_kind"], procedure=content["procedure"],
               procedure_reason=content["procedure_reason"],
               finding_count=finding_count(content),
               created_at=need.created_at, updated_at=max(last_change, saves[-1][0]))
    for change in changes:
        world.emit("need_status_changes", id=world.ids.next("need_status_changes"),
                   need_id=need.id, **change)
    if need.written:
        _write_parts(world, need, content)


def _status_changes(world: World, need: Need, dialogue_title: str | None) -> list[dict]:
    """Every step from the creation on, as the services record it."""
    comments = STATUS_COMMENTS[need.language]
    changes = [{"from_status": None, "to_status": "draft", "actor_id": need.author.id,
                "at": need.created_at, "comment": ""}]
    status = "draft"
    for step, when in need.steps:
        target = STEPS[step][0]
        actor = {"submit": need.author, "return": need.reviewer,
                 "approve": need.reviewer}.get(step, need.officer)
        if step == "start_dialogue":
            comment = dialogue_title or ""
        elif step == "withdraw":
            comment = world.rng.choice(WITHDRAW_REASONS[need.language])
        elif step == "return":
            comment = comments["returned"]
        elif step == "reopen":
            comment = comments["reopened"]
        else:
            comment = comments.get(target, "")
        changes.append({"from_status": status, "to_status": target, "actor_id": actor.id,
                        "at": when, "comment": comment})
        status = target
    return changes


def _write_parts(world: World, need: Need, content: dict[str, Any]) -> None:
    outcome_ids = []
    for position, outcome in enumerate(content["outcomes"], start=1):
        outcome_ids.append(world.ids.next("need_outcomes"))
        world.emit("need_outcomes", id=outcome_ids[-1], need_id=need.id, position=position,
                   **outcome)
    for position, requirement in enumerate(content["requirements"], start=1):
        requirement_id = world.ids.next("need_requirements")
        world.emit("need_requirements", id=requirement_id, need_id=need.id, position=position,
                   text=requirement["text"], must=requirement["must"])
        for number in requirement["outcomes"]:
            world.emit("need_requirement_outcomes", requirement_id=requirement_id,
                       outcome_id=outcome_ids[number - 1])
    for position, code in enumerate(content["cpv_additional"], start=1):
        world.emit("need_cpv_codes", id=world.ids.next("need_cpv_codes"), need_id=need.id,
                   position=position, code=code)


def compose(world: World, need: Need) -> None:
    """Fill ``need.content``: the whole statement, or only the title of a bare draft."""
    rng = world.rng
    content = full_content(world, need)
    # A third of the drafts nobody has touched since creating them hold only a title.
    need.written = bool(need.steps) or not chance(rng, 0.35)
    if not need.written:
        content = empty_content(need, content["title"])
    elif need.when("reopen"):
        before = content["estimated_value_sek"] * rng.uniform(0.6, 0.9)
        need.value_before_reopening = max(10_000, round(before / 10_000) * 10_000)
    need.content = content
