"""A need's market dialogues, with everything suppliers and officers did in them.

The first dialogue of a need is published the moment the need enters market dialogue
(publishing moves it there); later ones follow. A dialogue of a need that has moved on
(to tender, or withdrawn) was closed, and mostly reported, before that; one of a need
still in dialogue is open or closed by its dates. Registrations come before the
registration deadline, questions before the questions deadline, answers and
information go to every organisation registered at that moment (``recipients`` and
the alerts agree), one-to-one slots are never overbooked and their ``booked`` counts
the live bookings, material minutes of a reported dialogue are shared with all, and a
reported dialogue has its lessons learnt. Draft and cancelled dialogues exist too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from procure.dialogues.vocabulary import KINDS as DIALOGUE_KINDS
from procure.generate import dialogue_texts as texts
from procure.generate import vocabulary as words
from procure.generate.context import Need, Organisation, World
from procure.generate.distributions import (
    DAY,
    HOUR,
    MINUTE,
    Weighted,
    chance,
    count_around,
    days,
    moment_between,
    office_hour,
)
from procure.generate.parties import person_name
from procure.needs.vocabulary import DIALOGUE_STATES

KINDS = Weighted([("request_for_information", 45), ("information_meeting", 25),
                  ("one_to_one", 30)])
DIALOGUES_PER_NEED = Weighted([(1, 80), (2, 17), (3, 3)])
# How many organisations a kind of dialogue draws, relative to the scale's mean.
TURNOUT = {"request_for_information": 1.1, "information_meeting": 1.3, "one_to_one": 0.7}
INPUT_SHARE = {"request_for_information": 0.65, "information_meeting": 0.2,
               "one_to_one": 0.35}
ALERT_READ_AFTER = 21  # days: older alerts have mostly been read


@dataclass
class Registration:
    id: int
    organisation: Organisation
    created_at: datetime
    cancelled_at: datetime | None = None

    def active_at(self, moment: datetime) -> bool:
        return self.created_at <= moment and (self.cancelled_at is None
                                                or self.cancelled_at > moment)


@dataclass
class Dialogue:
    id: int
    need: Need
    kind: str
    title: str
    status: str
    created_at: datetime
    registration_deadline: datetime
    questions_deadline: datetime
    input_deadline: datetime
    published_at: datetime | None = None
    closed_at: datetime | None = None
    reported_at: datetime | None = None
    cancelled_at: datetime | None = None
    slots_per_supplier: int = 1
    registrations: list[Registration] = field(default_factory=list)

    @property
    def activity_ends(self) -> datetime:
        """Nothing happens in the dialogue after this (its closing or cancelling)."""
        return self.cancelled_at or self.closed_at or self.input_deadline + 30 * DAY

    def registered_at(self, moment: datetime) -> list[Registration]:
        return [r for r in self.registrations if r.active_at(moment)]


def add_dialogues(world: World, need: Need) -> str | None:
    """Every dialogue of ``need``; returns the title of the one that moved it into
    market dialogue (for the status change's comment)."""
    first_title = None
    published = need.when("start_dialogue")
    if published is not None:
        ends = need.after(published)
        room = (ends or world.now) - published
        for number in range(DIALOGUES_PER_NEED.draw(world.rng)):
            moment = published if number == 0 else published + max(
                2 * DAY, room * world.rng.uniform(0.05, 0.3))
            if moment >= (ends or world.now):
                break
            dialogue = _published(world, need, moment, ends, cancellable=number > 0)
            first_title = first_title or dialogue.title
    if need.status in DIALOGUE_STATES and chance(world.rng, 0.15):
        _draft(world, need, cancelled=need.status == "approved" and chance(world.rng, 0.25))
    return first_title


def _title(need: Need, kind: str) -> str:
    return f"{texts.TITLE_PREFIX[kind][need.language]}: {need.title}"


def _created(world: World, need: Need, before: datetime) -> datetime:
    approved = need.when("approve", last=True) or need.created_at
    return max(approved + HOUR, before - days(world.rng, 1, 10))


def _published(world: World, need: Need, published: datetime, ends: datetime | None,
               cancellable: bool) -> Dialogue:
    rng = world.rng
    kind = KINDS.draw(rng)
    room = (ends - published) if ends else timedelta(days=3650)
    input_length = min(days(rng, 30, 60), room * 0.55)
    dialogue = Dialogue(
        id=world.ids.next("dialogues"), need=need, kind=kind, title=_title(need, kind),
        status="published", created_at=_created(world, need, published),
        registration_deadline=published + input_length * rng.uniform(0.4, 0.7),
        questions_deadline=published + input_length * rng.uniform(0.7, 0.95),
        input_deadline=published + input_length, published_at=published,
        slots_per_supplier=2 if DIALOGUE_KINDS[kind].books_meetings and chance(rng, 0.2) else 1)
    closed = dialogue.input_deadline + min(days(rng, 1, 7), room * 0.1)
    reported = closed + min(days(rng, 5, 30), room * 0.25)
    if cancellable and chance(rng, 0.04):
        dialogue.cancelled_at = moment_between(
            rng, published, min(dialogue.input_deadline, world.now))
        dialogue.status = "cancelled"
    elif closed <= world.now:
        dialogue.status, dialogue.closed_at = "closed", closed
        moved_on = ends is not None
        if reported <= world.now and chance(rng, 0.85 if moved_on else 0.6):
            dialogue.status, dialogue.reported_at = "reported", reported
    _participation(world, dialogue)
    return dialogue


def _draft(world: World, need: Need, cancelled: bool) -> None:
    rng = world.rng
    kind = KINDS.draw(rng)
    created = moment_between(rng, _created(world, need, world.now), world.now - HOUR)
    registration = world.now + days(rng, 10, 30)
    dialogue = Dialogue(
        id=world.ids.next("dialogues"), need=need, kind=kind, title=_title(need, kind),
        status="draft", created_at=created, registration_deadline=registration,
        questions_deadline=registration + days(rng, 0, 10),
        input_deadline=registration + days(rng, 10, 30))
    if cancelled:
        dialogue.status = "cancelled"
        dialogue.cancelled_at = moment_between(rng, created, world.now)
    _emit_dialogue(world, dialogue, alerted=0, told=0)


# --- what happened in a published dialogue --------------------------------------------

def _participation(world: World, dialogue: Dialogue) -> None:
    alerted = world.interests.interested(dialogue.need.codes, dialogue.published_at)
    for organisation in alerted:
        _alert(world, organisation.id, "dialogue_published", dialogue, dialogue.published_at)
    _register(world, dialogue, alerted)
    _questions(world, dialogue)
    _information(world, dialogue)
    if DIALOGUE_KINDS[dialogue.kind].books_meetings and dialogue.status != "cancelled":
        _meetings(world, dialogue)
    _inputs(world, dialogue)
    told = 0
    if dialogue.cancelled_at:
        registered = dialogue.registered_at(dialogue.cancelled_at)
        for registration in registered:
            _alert(world, registration.organisation.id, "dialogue_cancelled", dialogue,
                   dialogue.cancelled_at)
        told = len(registered)
    _emit_dialogue(world, dialogue, alerted=len(alerted), told=told)


def _register(world: World, dialogue: Dialogue, alerted: list[Organisation]) -> None:
    rng = world.rng
    closes = min(dialogue.registration_deadline, world.now, dialogue.activity_ends)
    wanted = count_around(rng, world.scale.participants * TURNOUT[dialogue.kind])
    if world.now < dialogue.registration_deadline:  # still open: not everyone yet
        elapsed = (world.now - dialogue.published_at) / (dialogue.registration_deadline
                                                         - dialogue.published_at)
        wanted = round(wanted * elapsed ** 0.7)
    existing = world.existing_organisations(closes)
    wanted = min(wanted, existing)
    # Half come because they were alerted, the others found it in the list.
    chosen = {o.id: o for o in rng.sample(alerted, min(len(alerted), (wanted + 1) // 2))}
    while len(chosen) < wanted:
        organisation = world.organisations[rng.randrange(existing)]
        chosen.setdefault(organisation.id, organisation)
    registrations = sorted(
        (moment_between(rng, max(dialogue.published_at, o.created_at) + HOUR, closes), o.id)
        for o in chosen.values())
    for created, organisation_id in registrations:
        registration = Registration(world.ids.next("dialogue_registrations"),
                                    chosen[organisation_id], min(created, closes))
        if chance(rng, 0.05):
            registration.cancelled_at = moment_between(rng, registration.created_at, closes)
        dialogue.registrations.append(registration)
        world.emit("dialogue_registrations", id=registration.id, dialogue_id=dialogue.id,
                   organisation_id=organisation_id,
                   attendees="\n".join(person_name(world) for _ in range(rng.randint(1, 3))),
                   registered_by_id=registration.organisation.member_id,
                   cancelled_at=registration.cancelled_at, created_at=registration.created_at,
                   updated_at=registration.cancelled_at or registration.created_at)


def _staying(dialogue: Dialogue) -> list[Registration]:
    """The registrations never cancelled: those who ask, book and write."""
    return [r for r in dialogue.registrations if r.cancelled_at is None]


def _publish(world: World, dialogue: Dialogue, kind: str, body: str, when: datetime,
             question: str = "") -> int:
    """A message to every organisation registered at ``when``, with their alerts."""
    message_id = world.ids.next("dialogue_messages")
    registered = dialogue.registered_at(when)
    world.emit("dialogue_messages", id=message_id, dialogue_id=dialogue.id, kind=kind,
               question=question, body=body, published_at=when,
               published_by_id=dialogue.need.officer.id, recipients=len(registered))
    for registration in registered:
        _alert(world, registration.organisation.id, f"{kind}_published", dialogue, when)
    return message_id


def _answers_until(world: World, dialogue: Dialogue) -> datetime:
    return min(world.now, dialogue.closed_at or dialogue.cancelled_at or world.now)


def _questions(world: World, dialogue: Dialogue) -> None:
    rng = world.rng
    language = dialogue.need.language
    asking_ends = min(dialogue.questions_deadline, world.now, dialogue.activity_ends)
    for registration in _staying(dialogue):
        if not chance(rng, 0.3):
            continue
        for _ in range(2 if chance(rng, 0.2) else 1):
            asked = moment_between(rng, registration.created_at + HOUR, asking_ends)
            if asked > asking_ends:
                continue
            text, public, answer = rng.choice(texts.QUESTIONS[language])
            answered = asked + days(rng, 0.5, 12)
            answer_id = None
            if answered <= _answers_until(world, dialogue) and chance(rng, 0.92):
                answer_id = _publish(world, dialogue, "answer", answer, answered, public)
            world.emit("dialogue_questions", id=world.ids.next("dialogue_questions"),
                       dialogue_id=dialogue.id, registration_id=registration.id,
                       asked_by_id=registration.organisation.member_id, text=text,
                       answer_id=answer_id, created_at=asked,
                       updated_at=answered if answer_id else asked)


def _information(world: World, dialogue: Dialogue) -> None:
    rng = world.rng
    if dialogue.status == "cancelled":
        return
    until = min(_answers_until(world, dialogue), dialogue.input_deadline)
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        when = moment_between(rng, dialogue.published_at + DAY, until)
        if when <= until:
            _publish(world, dialogue, "information",
                     rng.choice(texts.INFORMATION[dialogue.need.language][:3]), when)


@dataclass
class Slot:
    id: int
    starts_at: datetime
    minutes: int
    capacity: int
    booked: list[Registration] = field(default_factory=list)


def _meetings(world: World, dialogue: Dialogue) -> None:
    """Meeting times, bookings (and waiting lists), and the minutes of meetings held."""
    rng = world.rng
    first = dialogue.registration_deadline + DAY
    last = dialogue.input_deadline - DAY
    if last <= first:
        first, last = dialogue.registration_deadline, dialogue.input_deadline
    bookers = _staying(dialogue)
    # Sometimes fewer places than wanted: then the waiting lists fill.
    count = min(60, max(2, math.ceil(len(bookers) * dialogue.slots_per_supplier
                                     * rng.uniform(0.6, 1.3))))
    slots = []
    for _ in range(count):
        day = moment_between(rng, first, last)
        slots.append(Slot(world.ids.next("dialogue_slots"),
                          office_hour(day, rng.randint(7, 14)), rng.choice((30, 45, 60)),
                          2 if chance(rng, 0.15) else 1))
    slots.sort(key=lambda slot: slot.starts_at)
    bookings: list[tuple[Slot, Registration, str]] = []
    booking_ends = min(dialogue.registration_deadline, world.now)
    for registration in bookers:
        mine: set[int] = set()
        for _ in range(dialogue.slots_per_supplier):
            free = [s for s in slots if len(s.booked) < s.capacity and s.id not in mine
                    and s.starts_at > registration.created_at + 2 * HOUR]
            if not free:
                full = [s for s in slots if s.id not in mine
                        and s.starts_at > registration.created_at + 2 * HOUR]
                if full and chance(rng, 0.7):
                    slot = rng.choice(full)
                    mine.add(slot.id)
                    bookings.append((slot, registration, "waiting"))
                break
            slot = rng.choice(free)
            if chance(rng, 0.06):  # booked, then given up: it stays for the record
                bookings.append((slot, registration, "cancelled"))
                continue
            mine.add(slot.id)
            slot.booked.append(registration)
            bookings.append((slot, registration, "booked"))
    for slot in slots:
        world.emit("dialogue_slots", id=slot.id, dialogue_id=dialogue.id,
                   starts_at=slot.starts_at, minutes=slot.minutes, capacity=slot.capacity,
                   booked=len(slot.booked))
    for slot, registration, status in bookings:
        created = min(world.now, moment_between(rng, registration.created_at + 10 * MINUTE,
                                                min(slot.starts_at - HOUR, booking_ends)))
        # Given up before the cut-off, or at once when the booking came too late for it.
        cancelled = (moment_between(rng, created, min(slot.starts_at - 24 * HOUR, world.now))
                     if status == "cancelled" else None)
        booking_id = world.ids.next("slot_bookings")
        world.emit("slot_bookings", id=booking_id, slot_id=slot.id,
                   registration_id=registration.id, status=status, cancelled_at=cancelled,
                   promoted_at=None, created_at=created, updated_at=cancelled or created)
        held = slot.starts_at + timedelta(minutes=slot.minutes)
        if status == "booked" and held <= world.now and chance(rng, 0.85):
            _minutes(world, dialogue, booking_id, held)


def _minutes(world: World, dialogue: Dialogue, booking_id: int, held: datetime) -> None:
    rng = world.rng
    language = dialogue.need.language
    written = moment_between(rng, held, min(held + 3 * DAY, world.now))
    material = chance(rng, 0.2)
    shared_id = None
    if material and (dialogue.status == "reported" or chance(rng, 0.6)):
        until = dialogue.reported_at or world.now
        shared_id = _publish(world, dialogue, "information", texts.INFORMATION[language][3],
                             moment_between(rng, written, until))
    world.emit("meeting_minutes", id=world.ids.next("meeting_minutes"), booking_id=booking_id,
               text=rng.choice(texts.MINUTES[language]), material=material,
               shared_message_id=shared_id, recorded_by_id=dialogue.need.officer.id,
               created_at=written, updated_at=written)


def _inputs(world: World, dialogue: Dialogue) -> None:
    rng = world.rng
    language = dialogue.need.language
    until = min(dialogue.input_deadline, world.now, dialogue.activity_ends)
    for registration in _staying(dialogue):
        if not chance(rng, INPUT_SHARE[dialogue.kind]):
            continue
        sent = moment_between(rng, registration.created_at + HOUR, until)
        if sent > until:
            continue
        secret = chance(rng, 0.08)
        world.emit("dialogue_inputs", id=world.ids.next("dialogue_inputs"),
                   dialogue_id=dialogue.id, organisation_id=registration.organisation.id,
                   answers=rng.choice(texts.INPUT_ANSWERS[language]), trade_secret=secret,
                   secret_parts=texts.SECRET_PARTS[language] if secret else "",
                   secret_harm=texts.SECRET_HARM[language] if secret else "",
                   submitted_by_id=registration.organisation.member_id, lock_version=1,
                   created_at=sent, updated_at=sent)


def _alert(world: World, organisation_id: int, kind: str, dialogue: Dialogue,
           when: datetime) -> None:
    rng = world.rng
    read = when + days(rng, 0.05, 10)
    old = (world.now - when).days > ALERT_READ_AFTER
    read_at = read if read <= world.now and chance(rng, 0.9 if old else 0.4) else None
    world.emit("alerts", id=world.ids.next("alerts"), organisation_id=organisation_id,
               kind=kind, dialogue_id=dialogue.id, created_at=when, read_at=read_at)


def _emit_dialogue(world: World, dialogue: Dialogue, alerted: int, told: int) -> None:
    rng = world.rng
    need = dialogue.need
    language = need.language
    digital = chance(rng, 0.5)
    place = ""
    if DIALOGUE_KINDS[dialogue.kind].holds_meeting:
        room = rng.choice(words.ROOMS[language]).format(n=rng.randint(1, 9))
        place = words.DIGITAL_PLACE[language] if digital else f"{need.buyer.name_sv}, {room}"
    # Lessons are written once the dialogue has closed, and a report cannot be without.
    with_lessons = dialogue.status == "reported" or (dialogue.status == "closed"
                                                      and chance(rng, 0.5))
    last_change = max(moment for moment in (dialogue.created_at, dialogue.published_at,
                                            dialogue.closed_at, dialogue.reported_at,
                                            dialogue.cancelled_at) if moment)
    world.emit(
        "dialogues", id=dialogue.id, need_id=need.id, kind=dialogue.kind, title=dialogue.title,
        description=need.content["problem"],
        questions_to_market=rng.choice(texts.QUESTIONS_TO_MARKET[language]), place=place,
        link=(f"https://www.{need.buyer.code.lower()}.example/dialog/{dialogue.id}"
              if digital and place else ""),
        registration_deadline=dialogue.registration_deadline,
        questions_deadline=dialogue.questions_deadline, input_deadline=dialogue.input_deadline,
        status=dialogue.status, published_at=dialogue.published_at,
        closed_at=dialogue.closed_at, reported_at=dialogue.reported_at,
        cancelled_at=dialogue.cancelled_at, created_by_id=need.officer.id,
        slots_per_supplier=dialogue.slots_per_supplier, cancel_cutoff_hours=24,
        lessons_learnt=rng.choice(texts.LESSONS[language]) if with_lessons else "",
        alerted_on_publish=alerted, told_on_cancel=told, lock_version=1,
        created_at=dialogue.created_at, updated_at=last_change)
