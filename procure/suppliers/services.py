"""Supplier organisations and their members.

One organisation number is one organisation: the first person to register a company
creates it and is its first member; later people join it once a member or an admin
confirms them.

Registering makes no account: it mails a link to the address given, and the account
(with its organisation, for a number not yet known) is made when the link is followed.
An address that has an account gets a mail saying so instead; the page answers the same
either way, so registration tells nobody which addresses have accounts.
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from procure.audit.services import record
from procure.auth import passwords, throttle
from procure.auth.models import MEMBERSHIP_TRANSITIONS, User
from procure.auth.services import (
    EMAIL_LENGTH,
    AccountError,
    check_password_policy,
    find_user_by_email,
    normalise_email,
)
from procure.auth.reset import token_hash
from procure.extensions import db
from procure.mail import outbox
from procure.suppliers.identifiers import CompanyIdentifier
from procure.suppliers.interests import set_interests
from procure.suppliers.models import PendingRegistration, SupplierOrganisation
from procure.suppliers.vocabulary import COMPANY_SIZES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registration:
    identifier: CompanyIdentifier
    company_name: str
    size: str
    contact_name: str
    email: str
    password: str
    # CPV codes and divisions the company follows (alerts work from its first day).
    interests: tuple[str, ...] = ()


def find_organisation(identifier: CompanyIdentifier) -> SupplierOrganisation | None:
    return db.session.execute(
        db.select(SupplierOrganisation).filter_by(identifier=identifier.key)
    ).scalar_one_or_none()


def request_registration(data: Registration, language: str, now: datetime) -> None:
    """Mail a link that makes the account, or, for an address that has an account, a
    mail saying so. Refused only for what the form itself got wrong (the password, the
    size), which is the same for every address.

    Both ways hash the password and write one audit event, so they take about as long.
    """
    email = normalise_email(data.email)
    check_password_policy(data.password)
    if data.size not in COMPANY_SIZES:
        raise AccountError("size")
    # Links never followed keep a name and an address: gone once they have expired.
    db.session.execute(delete(PendingRegistration).where(PendingRegistration.expires_at <= now)
                       .execution_options(synchronize_session=False))
    password_hash = passwords.hash_password(data.password)
    # The per-address brake, as for reset mails: nobody buries an inbox in mails from
    # here (the same for every address, with an account or not).
    if throttle.wait_seconds("register", email):
        record("registration.requested", email=email[:EMAIL_LENGTH], braked=True)
        return
    throttle.note_attempt("register", email)
    mail_on = bool(current_app.config["MAIL_SERVER"])
    existing = find_user_by_email(email)
    if existing is not None:
        record("registration.requested", email=email[:EMAIL_LENGTH], known=True)
        if mail_on:
            outbox.queue(existing.email, *_account_exists_mail(existing, language))
        return
    token = secrets.token_urlsafe(32)
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    db.session.add(PendingRegistration(
        token_hash=token_hash(token), email=email, name=data.contact_name.strip(),
        password_hash=password_hash, locale=language, country=data.identifier.country,
        identifier=data.identifier.key, company_name=data.company_name.strip(),
        size=data.size, interests=list(data.interests), created_at=now,
        expires_at=now + timedelta(hours=hours)))
    record("registration.requested", email=email[:EMAIL_LENGTH], known=False)
    if mail_on:
        outbox.queue(email, *_verification_mail(language, token, hours))
    else:
        log.warning("registration link not sent: MAIL_SERVER is not set")
    db.session.flush()


def _site_link(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def verification_link(token: str) -> str:
    """The confirmation page's full address under ``PUBLIC_URL``."""
    return _site_link("suppliers.verify", token=token)


def _language(language: str | None) -> str:
    config = current_app.config
    return language if language in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def _verification_mail(language: str, token: str, hours: int) -> tuple[str, str]:
    with force_locale(_language(language)):
        subject = _("Confirm your e-mail address for procure")
        body = "\n\n".join((
            _("Somebody, we hope you, registered a supplier account in procure with this "
              "e-mail address."),
            ngettext("Confirm the address here to start using the account. The link works "
                     "once, for %(num)d hour:",
                     "Confirm the address here to start using the account. The link works "
                     "once, for %(num)d hours:", hours),
            verification_link(token),
            _("If you did not register, ignore this e-mail: no account is made."),
        )) + "\n"
    return subject, body


def _account_exists_mail(user: User, language: str) -> tuple[str, str]:
    with force_locale(_language(user.locale or language)):
        subject = _("You already have an account in procure")
        body = "\n\n".join((
            _("Somebody, we hope you, tried to register a new account in procure with this "
              "e-mail address. It already has an account, so no new one was made."),
            _("Sign in here:"),
            _site_link("auth.login"),
            _("Forgot your password? Choose a new one here:"),
            _site_link("auth.reset_request"),
            _("If you did not try to register, ignore this e-mail."),
        )) + "\n"
    return subject, body


def usable_registration(token: str | None, now: datetime) -> PendingRegistration | None:
    """The registration waiting for ``token`` if it is unexpired; else None."""
    if not token or len(token) > 100:
        return None
    return usable_registration_hash(token_hash(token), now)


def usable_registration_hash(hashed: str | None, now: datetime) -> PendingRegistration | None:
    """Like ``usable_registration``, for the token's hash (what the session keeps once the
    link is followed: the token itself leaves the address at once)."""
    if not hashed or len(hashed) != 64:
        return None
    pending = db.session.execute(
        select(PendingRegistration).filter_by(token_hash=hashed)
    ).scalar_one_or_none()
    if pending is None or pending.expires_at <= now:
        return None
    return pending


def confirm_registration(hashed: str | None, now: datetime) -> User:
    """Make the account of a followed link (given as its token's hash), and its
    organisation for an unknown number.

    Refused with ``token_invalid`` for an unknown, used or expired link, ``email_taken``
    when the address got an account meanwhile (another registration confirmed first).
    """
    pending = usable_registration_hash(hashed, now)
    if pending is None:
        raise AccountError("token_invalid")
    # Claimed by deleting it: of two requests with one link, one deletes the row.
    claimed = db.session.execute(
        delete(PendingRegistration).where(PendingRegistration.id == pending.id)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        raise AccountError("token_invalid")
    if find_user_by_email(pending.email) is not None:
        raise AccountError("email_taken")
    user = create_supplier(
        Registration(identifier=CompanyIdentifier(pending.country, pending.identifier),
                     company_name=pending.company_name, size=pending.size,
                     contact_name=pending.name, email=pending.email, password=""),
        password_hash=pending.password_hash, locale=pending.locale)
    # A new company's interests, as registered; one joining a company keeps the company's.
    if user.membership == "confirmed" and pending.interests:
        set_interests(user.organisation, pending.interests, user)
    if user.membership == "pending":
        tell_confirmers(user)
    return user


def confirmers_of(organisation: SupplierOrganisation) -> list[User]:
    """Who is asked to confirm a new member: the company's confirmed members, or, when
    it has none left, the administrators."""
    members = confirmed_members(organisation)
    if members:
        return members
    return list(db.session.execute(
        select(User).where(User.role == "admin", User.deleted_at.is_(None),
                           User.is_enabled.is_(True))
        .order_by(User.id)).scalars())


def tell_confirmers(member: User) -> int:
    """Mail those who may confirm ``member`` that they wait (their start page lists the
    person too); returns how many were told."""
    if not current_app.config["MAIL_SERVER"]:
        return 0
    confirmers = confirmers_of(member.organisation)
    for person in confirmers:
        with force_locale(_language(person.locale)):
            subject = _("%(name)s waits for your confirmation in procure", name=member.name)
            body = "\n\n".join((
                _("%(name)s (%(email)s) says they belong to %(company)s and waits for "
                  "somebody to confirm it.", name=member.name, email=member.email,
                  company=member.organisation.name),
                _("Confirm or reject here:"),
                _site_link("suppliers.organisation") if person.is_supplier
                else _site_link("admin.users"),
                _("Until then they cannot take part in market dialogues for the company."),
            )) + "\n"
        outbox.queue(person.email, subject, body)
    return len(confirmers)


def create_supplier(data: Registration, *, password_hash: str,
                    locale: str | None = None) -> User:
    """Create the supplier user, and its organisation unless the number is known.

    The user of a new organisation is confirmed at once; a user joining a known
    organisation waits (``membership == "pending"``). Either claim of an organisation
    number is an audit event of its own.
    """
    email = normalise_email(data.email)
    if find_user_by_email(email) is not None:
        raise AccountError("email_taken")
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
        organisation_contact=not joining,  # the first user is the contact, at first
        password_hash=password_hash, locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    record("user.registered", user, actor=None, organisation=organisation.identifier,
           membership=user.membership)
    record("organisation.claimed", organisation, actor=user,
           claim="join" if joining else "first_user", identifier=organisation.identifier)
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


def confirmed_members(organisation: SupplierOrganisation) -> list[User]:
    """The organisation's confirmed members still there, by name."""
    return sorted((member for member in organisation.members
                   if member.membership == "confirmed" and member.deleted_at is None),
                  key=lambda member: (member.name.casefold(), member.id))


def contact_of(organisation: SupplierOrganisation) -> User | None:
    return next((member for member in organisation.members
                 if member.organisation_contact and member.deleted_at is None), None)


def move_contact(organisation: SupplierOrganisation, new_contact: User, actor: User) -> None:
    """Make ``new_contact`` the organisation's contact person.

    Admins and the organisation's confirmed members decide (``not_allowed`` for anyone
    else); the contact is one of its confirmed members (``not_a_member``). The first
    user of a new organisation is its contact until someone of them says otherwise.
    """
    if not can_manage_members(actor, organisation):
        raise AccountError("not_allowed")
    if new_contact.organisation_id != organisation.id or not new_contact.is_confirmed_member \
            or new_contact.deleted_at is not None:
        raise AccountError("not_a_member")
    old = contact_of(organisation)
    if old is new_contact:
        return
    for member in organisation.members:
        if member.organisation_contact:
            member.organisation_contact = False
    db.session.flush()  # one contact at a time (a unique index): the old one goes first
    new_contact.organisation_contact = True
    record("organisation.contact_moved", organisation, actor=actor,
           old_contact=old.id if old is not None else None, new_contact=new_contact.id)


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
