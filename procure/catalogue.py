"""The one translation layer: texts from the gettext catalogue, for any locale, no Flask.

Every text a person reads is written once, in English, in the code, and translated in
``procure/translations/<locale>/LC_MESSAGES/messages.po``. Pages get it through
Flask-Babel, which reads the same compiled catalogues (see ``procure.i18n``); pure
modules (PDF builders, charts, scenario maths, the adviser) ask for a locale's texts
here, so a Swedish PDF made from the English interface still reads Swedish::

    from procure.catalogue import N_, texts

    TITLE = N_("Desired outcomes")          # marked for extraction, translated on use

    def cover(language):
        _ = texts(language)                 # pybabel extracts _("...") as everywhere
        return [_(TITLE), _("Reference"), _("%(count)d codes", count=3),
                _.plural("%(num)d supplier", "%(num)d suppliers", 2),
                _.pgettext("chart legend", "Planned")]

The ``.mo`` files are compiled at install time (``setup.py``'s build step) or by
``flask --app procure compile-translations``; a source tree whose catalogue is newer than
its compiled copy (a fresh clone, a ``.po`` just edited) is compiled on first use.
"""
from __future__ import annotations

import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

CATALOGUE_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

_compile_lock = threading.Lock()


def N_(message: str) -> str:
    """Mark a text for the catalogue without translating it here (translated on use)."""
    return message


def compile_catalogues(source_dir: Path = CATALOGUE_DIR, target_dir: Path | None = None,
                       force: bool = False) -> list[Path]:
    """Compile each stale ``.po`` under ``source_dir`` to its ``.mo`` (beside it unless
    ``target_dir`` is given) and return the files written.

    Written to a temporary file and renamed, so processes starting at once never read a
    half-written catalogue.
    """
    written = []
    for po_path in sorted(source_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        relative = po_path.relative_to(source_dir).with_suffix(".mo")
        mo_path = (target_dir or source_dir) / relative
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        fd, tmp_name = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalogue, use_fuzzy=False)
        os.replace(tmp_name, mo_path)
        written.append(mo_path)
    return written


def ensure_compiled() -> None:
    """Compile the catalogues if a source is newer than its compiled copy (a source tree
    that was not installed, or a ``.po`` being edited); an installed package has them."""
    with _compile_lock:
        try:
            compile_catalogues()
        except OSError:
            # A read-only installation carries the .mo files its build compiled.
            pass


@lru_cache(maxsize=None)
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of ``locale`` (English, the source language, is the texts
    themselves)."""
    if locale == SOURCE_LANGUAGE:
        return NullTranslations()
    ensure_compiled()
    loaded = Translations.load(str(CATALOGUE_DIR), [locale], DOMAIN)
    if not isinstance(loaded, Translations):
        raise LookupError(f"no compiled catalogue for {locale!r} in {CATALOGUE_DIR}")
    return loaded


class Texts:
    """A locale's texts: call it with a message (and gettext-style variables)."""

    __slots__ = ("locale", "_translations")

    def __init__(self, locale: str):
        self.locale = locale
        self._translations = translations(locale)

    def __call__(self, message: str, **variables) -> str:
        text = self._translations.gettext(message)
        return text % variables if variables else text

    def pgettext(self, context: str, message: str, **variables) -> str:
        """``message`` as translated where it appears in ``context``: for an English text
        that Swedish words differently in two places ("Planned" as a legend, as a state)."""
        text = self._translations.pgettext(context, message)
        return text % variables if variables else text

    def plural(self, singular: str, plural: str, number: int, **variables) -> str:
        text = self._translations.ngettext(singular, plural, number)
        variables.setdefault("num", number)
        return text % variables

    def __repr__(self) -> str:
        return f"Texts({self.locale!r})"


@lru_cache(maxsize=None)
def texts(locale: str) -> Texts:
    """The texts of ``locale`` ("sv", "en"), kept once per locale."""
    return Texts(locale)
