"""Who may enter: each blueprint declares its roles; views check each object.

``guard(bp, roles)`` refuses every view of a blueprint to anonymous users (sent to the
login page) and to users of another role (403), except views marked ``@public``.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, user_logged_in

from procure.core.access import is_public_view, public
from procure.extensions import db, login_manager

# Pages a user who must change a password may still reach.
_ALWAYS_OPEN = {"auth.change_password", "auth.logout", "core.set_language", "static"}
# Pages an admin without two-factor sign-in may still reach (a password to change first
# is asked for by the blueprint's guard, so the two never send each other back and forth).
_TWO_FACTOR_SETUP_OPEN = _ALWAYS_OPEN | {"auth.two_factor", "auth.two_factor_start",
                                         "auth.two_factor_confirm", "core.accessibility",
                                         "core.healthz"}


def _check_roles(roles: tuple[str, ...]):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in _ALWAYS_OPEN:
        return redirect(url_for("auth.change_password"))
    if roles and current_user.role not in roles:
        abort(403)
    return None


def guard(blueprint: Blueprint, *roles: str) -> None:
    """Every view of ``blueprint`` needs a signed-in user of one of ``roles``.

    With no roles given, any signed-in user may enter.
    """

    @blueprint.before_request
    def check_door():
        if is_public_view():
            return None
        return _check_roles(roles)


def suppliers_only(view):
    """A supplier's page in a staff blueprint: open past the blueprint's guard, and
    only to confirmed members of a supplier organisation (others are turned away
    plainly: anonymous visitors to the sign-in page, everyone else with 403)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        if not current_user.is_confirmed_member:
            abort(403)
        return view(*args, **kwargs)

    return public(wrapped)


def confirmed_supplier_required(view):
    """A supplier whose membership of its organisation is not yet confirmed waits."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_supplier and not current_user.is_confirmed_member:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require_two_factor_setup():
    """An admin without two-factor sign-in sets it up before anything else, public
    pages included (they show more to staff)."""
    if (current_user.is_authenticated and current_user.must_set_up_two_factor
            and request.endpoint not in _TWO_FACTOR_SETUP_OPEN):
        return redirect(url_for("auth.two_factor"))
    return None


def configure_login(app: Flask) -> None:
    from procure.auth.models import User
    from procure.auth.sessions import enforce_lifetime, note_sign_in

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    # Flask-Login's own "session protection" would log out users behind changing
    # proxies; the rotating session token is what protects sessions here.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(token: str):
        user = db.session.execute(
            db.select(User).filter_by(session_token=token)
        ).scalar_one_or_none()
        if user is None or not user.is_enabled or user.deleted_at is not None:
            return None
        return user

    user_logged_in.connect(note_sign_in)
    # In this order: a session that has ended is not asked to set anything up.
    app.before_request(enforce_lifetime)
    app.before_request(require_two_factor_setup)
