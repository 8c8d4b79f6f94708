"""Suppliers' CPV interests: which organisations want to hear of a dialogue.

An interest is a CPV code; a division (such as 72000000-5) covers every code below it.
Matching is one indexed query: the prefixes of the need's codes against the interests'.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select

from procure.audit.services import record
from procure.auth.models import User
from procure.cpv.codes import significant_digits
from procure.extensions import db
from procure.suppliers.models import SupplierInterest, SupplierOrganisation


def prefixes(codes: Iterable[str]) -> set[str]:
    """Every significant prefix of the codes: "73110000-6" → {"73", "731", "7311"}."""
    found = set()
    for code in codes:
        digits = significant_digits(code)
        found.update(digits[:length] for length in range(2, len(digits) + 1))
    return found


def interested_organisations(codes: Iterable[str]) -> Select:
    """The ids of organisations with an interest at or above one of ``codes``."""
    return (select(SupplierInterest.organisation_id)
            .where(SupplierInterest.prefix.in_(sorted(prefixes(codes))))
            .distinct())


def set_interests(organisation: SupplierOrganisation, codes: Iterable[str], actor: User) -> None:
    """Replace the organisation's interests by ``codes`` (already checked against CPV)."""
    wanted = list(dict.fromkeys(codes))
    kept = {interest.code: interest for interest in organisation.interests}
    organisation.interests = [kept.get(code) or SupplierInterest(
        code=code, prefix=significant_digits(code)) for code in wanted]
    db.session.flush()
    record("organisation.interests_changed", organisation, actor=actor, codes=wanted)
