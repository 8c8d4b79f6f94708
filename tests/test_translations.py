"""Every text the app shows has a Swedish translation, and formats follow the locale."""
from datetime import date
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from procure.formatting import format_sek
from procure.i18n import format_money

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "procure" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
METHODS = [("procure/**.py", "python"), ("procure/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "N_": None, "plural": (1, 2), "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2)}


def _extracted_ids():
    ids = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS):
        ids.add((context, message if isinstance(message, str) else message[0]))
    return ids


def test_every_message_has_a_swedish_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="sv")
    # A plural message is known by its singular and translated when every form is; a
    # message with a context (pgettext) is known by both.
    translated = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue
                  if m.id and m.string and all(m.string) and not m.fuzzy}
    missing = sorted(_extracted_ids() - translated, key=lambda pair: (pair[0] or "", pair[1]))
    assert missing == [], "run pybabel extract/update and translate: " + "; ".join(
        f"{message} ({context})" if context else message for context, message in missing[:20])


def test_money_by_locale(app):
    with app.test_request_context():
        assert format_money(1_500_000, "sv") == "1\u00a0500\u00a0000\u00a0kr"
        assert format_money(1_500_000, "en") == "SEK\u00a01,500,000"


@settings(max_examples=300, derandomize=True)
@given(amount=st.integers(min_value=0, max_value=10**15) | st.decimals(
    min_value=0, max_value=10**12, allow_nan=False, places=2), language=st.sampled_from(
    ("sv", "en")))
def test_money_follows_babels_grouping_for_every_amount(amount, language):
    """Whole kronor skip Babel's pattern machinery: they must read exactly as Babel has it."""
    number = format_decimal(amount, format="#,##0", locale=language)
    expected = f"{number}\u00a0kr" if language == "sv" else f"SEK\u00a0{number}"
    assert format_sek(amount, language) == expected


def test_dates_by_locale(app):
    from flask_babel import force_locale

    from procure.i18n import format_day

    with app.test_request_context():
        with force_locale("sv"):
            assert format_day(date(2026, 3, 5)) == "5 mars 2026"
        with force_locale("en"):
            assert format_day(date(2026, 3, 5)) == "5 March 2026"
