"""Supplier organisations and their members.

One organisation number is one organisation: the first person to register a company
creates it and is its first member; later people join it once a member or an admin
confirms them.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from procure.audit.services import record
from procure.auth import passwords
from procure.auth.models import MEMBERSHIP_TRANSITIONS, User
from procure.auth.services import (
    AccountError,
    check_password_policy,
    find_user_by_email,
    normalise_email,
)
from procure.extensions import db
from procure.suppliers.identifiers import CompanyIdentifier
from procure.suppliers.models import SupplierOrganisation
from procure.suppliers.vocabulary import COMPANY_SIZES


@dataclass(frozen=True)
class Registration:
    identifier: CompanyIdentifier
    company_name: str
    size: str
    contact_name: str
    email: str
    password: str


def find_organisation(identifier: CompanyIdentifier) -> SupplierOrganisation | None:
    return db.session.execute(
        db.select(SupplierOrganisation).filter_by(identifier=identifier.key)
    ).scalar_one_or_none()


def register_supplier(data: Registration) -> User:
    """Create the supplier user, and its organisation unless the number is known.

    The user of a new organisation is confirmed at once; a user joining a known
    organisation waits (``membership == "pending"``).
    """
    email = normalise_email(data.email)
    if find_user_by_email(email) is not None:
        raise AccountError("email_taken")
    check_password_policy(data.password)
    if data.size not in COMPANY_SIZES:
        raise AccountError("size")
    organisation = find_organisation(data.identifier)
    joining = organisation is not None
    if organisation is None:
        organisation = SupplierOrganisation(
            name=data.company_name.strip(), country=data.identifier.country,
            identifier=data.identifier.key, size=data.size,
        )
        db.session.add(organisation)
        record("organisation.registered", organisation, identifier=organisation.identifier)
    user = User(
        email=email, name=data.contact_name.strip(), role="supplier",
        organisation=organisation, membership="pending" if joining else "confirmed",
        password_hash=passwords.hash_password(data.password),
    )
    db.session.add(user)
    record("user.registered", user, actor=None, organisation=organisation.identifier,
           membership=user.membership)
    return user


def can_manage_members(actor: User, organisation: SupplierOrganisation) -> bool:
    """Admins and confirmed members of the organisation decide on who joins it."""
    return actor.is_admin or (
        actor.is_confirmed_member and actor.organisation_id == organisation.id
    )


def decide_membership(member: User, decision: str, actor: User) -> None:
    """Confirm or reject a pending member.

    Refused with ``account_deleted`` when the person deleted their account meanwhile
    (the request to join ended with it), ``not_allowed`` for someone who may not decide,
    ``membership_state`` when there is no such step.
    """
    if member.organisation is None or not can_manage_members(actor, member.organisation):
        raise AccountError("not_allowed")
    if member.deleted_at is not None:
        raise AccountError("account_deleted")
    if decision not in MEMBERSHIP_TRANSITIONS.get(member.membership or "", ()):
        raise AccountError("membership_state")
    member.membership = decision
    if decision == "rejected":
        member.rotate_session_token()
    record(f"membership.{decision}", member, actor=actor,
           organisation=member.organisation.identifier)


def pending_members(organisation: SupplierOrganisation | None = None):
    """A select of users waiting to join (one organisation, or all for admins)."""
    # A deleted account's request to join ended with it.
    query = (db.select(User).filter_by(role="supplier", membership="pending", deleted_at=None)
             .options(joinedload(User.organisation))  # each row names the company
             .order_by(User.created_at))
    if organisation is not None:
        query = query.filter_by(organisation_id=organisation.id)
    return query


def update_organisation(organisation: SupplierOrganisation, *, name: str, size: str,
                        actor: User) -> None:
    if size not in COMPANY_SIZES:
        raise AccountError("size")
    changes = {}
    if organisation.name != name.strip():
        changes["name"] = [organisation.name, name.strip()]
        organisation.name = name.strip()
    if organisation.size != size:
        changes["size"] = [organisation.size, size]
        organisation.size = size
    if changes:
        record("organisation.updated", organisation, actor=actor, **changes)
