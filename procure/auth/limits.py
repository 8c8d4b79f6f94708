"""Rate limits of the account pages, read from the configuration at request time."""
from __future__ import annotations

from flask import current_app
from flask_login import current_user

from procure.auth import sessions
from procure.extensions import client_key


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def question_limit() -> str:
    return current_app.config["QUESTION_RATE_LIMIT"]


def per_user() -> str:
    """Counts per signed-in user: pages where a taken-over session could guess a password."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_key()


def per_pending_user() -> str:
    """Counts per account waiting for its code, whichever addresses the guesses come from."""
    waiting = sessions.pending()
    if waiting:
        return f"pending-user:{waiting['user_id']}"
    return client_key()
