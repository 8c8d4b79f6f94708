"""Languages: Swedish first, English too.

Pages read the same gettext catalogue as the pure modules, through
``procure.catalogue`` (which says where the ``.mo`` files come from).
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from babel.support import NullTranslations
from flask import Flask, current_app, session
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import Domain, get_locale
from flask_login import current_user

from procure.catalogue import CATALOGUE_DIR, translations
from procure.formatting import format_long_date, format_sek, format_share, local_date


def select_locale() -> str:
    """The user's remembered language, else this browser session's, else Swedish."""
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


class CatalogueDomain(Domain):
    """Flask-Babel's texts read from ``procure.catalogue``, the same compiled catalogues
    the pure modules use, kept once per locale for the process."""

    def get_translations(self):
        locale = get_locale()
        return translations(str(locale)) if locale is not None else NullTranslations()


def init_app(app: Flask, babel) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(CATALOGUE_DIR)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = CatalogueDomain()


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def format_percent(value: int | Decimal | None, language: str | None = None) -> str:
    """A number of per cent (12.5) as people write it: "12,5 %" / "12.5%"."""
    if value is None:
        return ""
    return format_share(Decimal(str(value)) / 100, language or current_language(), 2,
                        optional=True)


def format_money(amount: int | Decimal | None, language: str | None = None) -> str:
    """Whole kronor by locale: "1 500 000 kr" in Swedish, "SEK 1,500,000" in English."""
    if amount is None:
        return ""
    return format_sek(amount, language or current_language())


def format_day(value: date | datetime | None) -> str:
    """A date the way people write it: "5 mars 2026", "5 March 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date(value, current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return format_long_date(value, current_language())


def format_moment(value: datetime | None) -> str:
    """A date and time in the city's time zone."""
    if value is None:
        return ""
    return babel_format_datetime(value, format="d MMM y HH:mm")

