"""The people and organisations: buyers with their officers, suppliers with their users
and CPV interests.

Sign-in names, all with the demo password ``procure-demo-2026`` (hashed once):
``officer1@<code>.example`` ... for each buyer (its code in lower case),
``admin1@<code>.example`` and ``admin2@<code>.example`` in the first buyer, and
``supplier1@org<N>.example`` (and ``supplier2``...) for the N-th supplier organisation;
a few organisations also have a member waiting to be confirmed. Admins sign in with
a second factor: the generated ones share the demo admin's published TOTP secret.
"""
from __future__ import annotations

import secrets
import unicodedata
from datetime import datetime, timedelta

from procure.cpv.codes import significant_digits
from procure.generate import vocabulary as words
from procure.generate.context import Buyer, GenerationRefused, Organisation, Person, World
from procure.generate.distributions import DAY, Weighted, chance
from procure.generate.identifiers import swedish_org_number, vat_number

SIZES_SWEDISH = Weighted([("micro", 38), ("small", 30), ("medium", 17), ("large", 15)])
SIZES_FOREIGN = Weighted([("micro", 10), ("small", 25), ("medium", 35), ("large", 30)])
FOREIGN_COUNTRIES = Weighted([("DK", 30), ("FI", 30), ("DE", 20), ("NL", 8), ("EE", 7),
                              ("AT", 5)])
FOREIGN_SHARE = 0.1
MEMBERS = Weighted([(1, 70), (2, 25), (3, 5)])
PENDING_MEMBER_SHARE = 0.04
# How many organisations, on average, are interested in one CPV code of a need: enough
# for every dialogue to alert a handful, few enough for the alerts to stay in
# proportion at national scale, whatever the size of the CPV list.
INTERESTED_PER_CODE = 6
INTERESTS_PER_ORGANISATION = 1.2
INTEREST_LEVEL = Weighted([("code", 90), ("parent", 9), ("division", 1)])
ELSEWHERE_SHARE = 0.7
# The demo admin's (data/seed/users.json): published, so codes can be made anywhere.
ADMIN_TOTP_SECRET = "PROCUREDEMOADMINTOTPSECRET234567"  # nosec B105


def person_name(world: World) -> str:
    return f"{world.rng.choice(words.FIRST_NAMES)} {world.rng.choice(words.FAMILY_NAMES)}"


def _ascii_letters(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.upper())
    return "".join(char for char in folded if "A" <= char <= "Z")


def _code_for(name: str, taken: set[str]) -> str:
    """A short unique code from a name: BJÖRKVIK → BJO, then BJOR, BJORK, BJO2..."""
    letters = _ascii_letters(name)
    candidates = [letters[:length] for length in (3, 4, 5, 6)]
    candidates += [f"{letters[:3]}{number}" for number in range(2, 100)]
    code = next(code for code in candidates if len(code) >= 3 and code not in taken)
    taken.add(code)
    return code


def _place_names(world: World, count: int) -> list[str]:
    names = sorted({start + ending for start in words.PLACE_STARTS
                    for ending in words.PLACE_ENDINGS})
    return world.rng.sample(names, count)


def _buyer_rows(world: World) -> list[tuple[str, str, str, str, str]]:
    """(code, Swedish name, English name, kind, place) for each buyer of the scale."""
    count = world.scale.buyers
    if not world.scale.national:
        place = _place_names(world, 1)[0]
        return [(code, sv, en, kind, place) for code, sv, en, kind
                in words.CITY_DEPARTMENTS[:count]]
    rows = []
    for index, place in enumerate(_place_names(world, count)):
        if index < words.NATIONAL_REGIONS:
            sv = en = f"Region {place}"
        else:
            sv, en = f"{place} kommun", f"{place} Municipality"
        rows.append((_code_for(place, world.taken_codes), sv, en, "administration", place))
    return rows


def add_buyers(world: World) -> None:
    """The department rows with their officers (and two admins in the first)."""
    created = world.start - 30 * DAY
    rows = _buyer_rows(world)
    clashes = [sv for code, sv, *_rest in rows
               if sv in world.taken_names or (code in world.taken_codes
                                              and not world.scale.national)]
    if clashes:
        raise GenerationRefused(f"departments exist already: {', '.join(clashes[:5])}")
    ranks = list(range(1, len(rows) + 1))
    world.rng.shuffle(ranks)
    for index, ((code, sv, en, kind, place), rank) in enumerate(zip(rows, ranks)):
        regional = world.scale.national and index < words.NATIONAL_REGIONS
        buyer = Buyer(id=world.ids.next("departments"), code=code, name_sv=sv, place=place,
                      weight=(3.0 if regional else 1.0) / rank ** 0.8)
        world.emit("departments", id=buyer.id, code=code, name_sv=sv, name_en=en, kind=kind,
                   created_at=created, updated_at=created)
        domain = f"{code.lower()}.example"
        low, high = world.scale.officers_per_buyer
        for number in range(1, world.rng.randint(low, high) + 1):
            buyer.officers.append(_add_staff(world, buyer, f"officer{number}@{domain}",
                                             "officer", created))
        if index == 0:
            for number in (1, 2):
                _add_staff(world, buyer, f"admin{number}@{domain}", "admin", created)
        world.buyers.append(buyer)


def _add_staff(world: World, buyer: Buyer, email: str, role: str,
               created: datetime) -> Person:
    person = Person(world.ids.next("users"), person_name(world))
    _emit_user(world, person, email, role, created, department_id=buyer.id)
    return person


def _emit_user(world: World, person: Person, email: str, role: str, created: datetime, *,
               department_id: int | None = None, organisation_id: int | None = None,
               membership: str | None = None, contact: bool = False) -> None:
    if email in world.taken_emails:
        raise GenerationRefused(f"a user has the e-mail {email} already")
    world.emit("users", id=person.id, email=email, name=person.name,
               password_hash=world.password_hash, role=role, department_id=department_id,
               organisation_id=organisation_id, membership=membership, is_enabled=True,
               organisation_contact=contact, must_change_password=False,
               locale="en" if chance(world.rng, 0.1) else None,
               totp_secret=ADMIN_TOTP_SECRET if role == "admin" else None,
               totp_confirmed_at=created if role == "admin" else None,
               # A sign-in secret: random on every run, never derived from the seed.
               session_token=secrets.token_urlsafe(32),
               created_at=created, updated_at=created)


def _company_name(world: World, country: str, places: list[str]) -> str:
    rng = world.rng
    if country != "SE":
        return (f"{rng.choice(words.FOREIGN_WORDS)} {rng.choice(words.FOREIGN_TRADES)} "
                f"{words.FOREIGN_FORMS[country]}")
    trade = rng.choice(words.COMPANY_TRADES)
    if chance(rng, 0.3):
        return f"{rng.choice(places)} {trade} AB"
    return f"{rng.choice(words.COMPANY_WORDS)}{trade.lower()} AB"


def add_suppliers(world: World) -> None:
    """The supplier organisations, oldest first, each with its members."""
    rng = world.rng
    first = world.start - timedelta(days=3 * 365)
    span = world.now - first
    # More organisations early on: most suppliers have been around for years.
    times = sorted(first + span * rng.random() ** 1.7 for _ in range(world.scale.suppliers))
    places = [buyer.place for buyer in world.buyers]
    for number, created in enumerate(times, start=1):
        created = created.replace(second=0, microsecond=0)
        foreign = chance(rng, FOREIGN_SHARE)
        country = FOREIGN_COUNTRIES.draw(rng) if foreign else "SE"
        identifier = (vat_number(rng, country, world.taken_identifiers) if foreign
                      else swedish_org_number(rng, world.taken_identifiers))
        size = (SIZES_FOREIGN if foreign else SIZES_SWEDISH).draw(rng)
        organisation = Organisation(id=world.ids.next("supplier_organisations"),
                                    created_at=created, quality=rng.random())
        world.emit("supplier_organisations", id=organisation.id,
                   name=_company_name(world, country, places), country=country,
                   identifier=identifier, size=size, created_at=created, updated_at=created)
        domain = f"org{number}.example"
        members = MEMBERS.draw(rng)
        for member in range(1, members + 1):
            person = Person(world.ids.next("users"), person_name(world))
            joined = created + (member - 1) * rng.uniform(10, 400) * DAY
            _emit_user(world, person, f"supplier{member}@{domain}", "supplier",
                       min(joined, world.now), organisation_id=organisation.id,
                       membership="confirmed", contact=member == 1)
            if member == 1:
                organisation.member_id = person.id
        if chance(rng, PENDING_MEMBER_SHARE):
            person = Person(world.ids.next("users"), person_name(world))
            asked = max(created, world.now - rng.uniform(1, 20) * DAY)
            _emit_user(world, person, f"supplier{members + 1}@{domain}", "supplier", asked,
                       organisation_id=organisation.id, membership="pending")
        world.organisations.append(organisation)
        world.organisation_times.append(created)
    _add_interests(world)


def _add_interests(world: World) -> None:
    """Interests in the codes needs use, until they would alert too many; the other
    organisations mostly follow codes no need uses (they exist, and are never alerted)."""
    rng = world.rng
    codes = world.codes.leaves
    most = INTERESTS_PER_ORGANISATION * len(world.organisations)
    holders = list(world.organisations)
    rng.shuffle(holders)
    given, caught = 0, 0.0
    for organisation in holders:
        if given >= most or caught >= INTERESTED_PER_CODE:
            if world.codes.elsewhere and chance(rng, ELSEWHERE_SHARE):
                _emit_interests(world, organisation, rng.sample(world.codes.elsewhere, 1))
            continue
        chosen: list[str] = []
        for _ in range(rng.randint(1, 3)):
            code = rng.choice(codes)
            ancestors = world.codes.ancestors(code)
            level = INTEREST_LEVEL.draw(rng)
            if level == "parent" and ancestors:
                code = ancestors[0]
            elif level == "division" and ancestors:
                code = ancestors[-1]
            if code not in chosen:
                chosen.append(code)
        _emit_interests(world, organisation, chosen)
        caught += sum(world.codes.coverage(code) for code in chosen)
        given += len(chosen)


def _emit_interests(world: World, organisation: Organisation, codes: list[str]) -> None:
    for code in codes:
        prefix = significant_digits(code)
        world.emit("supplier_interests", id=world.ids.next("supplier_interests"),
                   organisation_id=organisation.id, code=code, prefix=prefix)
        world.interests.add(prefix, organisation)
