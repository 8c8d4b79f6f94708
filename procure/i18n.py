"""Languages: Swedish first, English too.

Catalogues are kept as ``.po`` sources in ``procure/translations``; the binary ``.mo``
files are compiled at start-up into the instance folder (never committed), and only
when a source is newer than its compiled copy.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, session
from flask_babel import format_datetime as babel_format_datetime
from flask_babel import get_locale
from flask_login import current_user

from procure.formatting import format_long_date, format_sek, format_share, local_date

SOURCE_DIR = Path(__file__).resolve().parent / "translations"


def compile_catalogues(target_dir: Path) -> None:
    """Compile every ``.po`` under ``SOURCE_DIR`` into ``target_dir`` when stale.

    Written to a temporary file and renamed, so several workers starting at once never
    read a half-written catalogue.
    """
    for po_path in SOURCE_DIR.glob("*/LC_MESSAGES/*.po"):
        relative = po_path.relative_to(SOURCE_DIR).with_suffix(".mo")
        mo_path = target_dir / relative
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        fd, tmp_name = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalogue, use_fuzzy=False)
        os.replace(tmp_name, mo_path)


def select_locale() -> str:
    """The user's remembered language, else this browser session's, else Swedish."""
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask, babel) -> None:
    compiled = Path(app.instance_path) / "translations"
    compile_catalogues(compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=select_locale)


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

