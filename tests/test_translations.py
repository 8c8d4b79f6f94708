"""Every text the app shows has a Swedish translation, and formats follow the locale."""
import ast
import re
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


def test_every_text_in_the_catalogue_is_seen_in_the_code():
    """A catalogue entry that extraction does not find is either dead or used where
    pybabel cannot see it (inside an f-string, or ``texts(language)("...")``): the next
    ``pybabel update`` would drop it, and nothing would check that it is translated."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="sv")
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue if m.id}
    unseen = sorted(known - _extracted_ids(), key=lambda pair: (pair[0] or "", pair[1]))
    assert unseen == [], "remove or make visible to pybabel extract: " + "; ".join(
        message for _context, message in unseen[:20])


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


def test_value_ranges_by_locale():
    from procure.formatting import format_value_range

    assert format_value_range(3_500_000, "sv") == "2\u00a0500\u00a0000–5\u00a0000\u00a0000\u00a0kr"
    assert format_value_range(3_500_000, "en") == "SEK\u00a02,500,000–5,000,000"
    assert format_value_range(2_000_000_000, "sv") == "över 1\u00a0000\u00a0000\u00a0000\u00a0kr"
    assert format_value_range(2_000_000_000, "en") == "over SEK\u00a01,000,000,000"


def test_file_sizes_by_locale():
    from procure.formatting import format_file_size

    assert format_file_size(71_234_567, "sv") == "71,2\u00a0MB"
    assert format_file_size(71_234_567, "en") == "71.2\u00a0MB"
    assert format_file_size(1_500, "en") == "1.5\u00a0kB"
    assert format_file_size(2_500_000_000, "sv") == "2,5\u00a0GB"
    assert format_file_size(999, "sv") == "999\u00a0B"
    assert format_file_size(999_960, "en") == "1.0\u00a0MB"
    assert format_file_size(999_940, "en") == "999.9\u00a0kB"


def test_dates_by_locale(app):
    from flask_babel import force_locale

    from procure.i18n import format_day

    with app.test_request_context():
        with force_locale("sv"):
            assert format_day(date(2026, 3, 5)) == "5 mars 2026"
        with force_locale("en"):
            assert format_day(date(2026, 3, 5)) == "5 March 2026"


# Modules that may still key texts by "sv" and "en", each with its reason.
TEXT_TABLES_ALLOWED = {
    # The language check's rule patterns are data about Swedish and English prose.
    "procure/needs/language_check.py",
}
# Generated demo prose is data, written in both languages on purpose.
TEXT_TABLES_ALLOWED_UNDER = ("procure/generate/",)
# A language code or tag ("swe", "sv-SE") is not a text a person reads.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z]{2})?")


def _strings_in(node: ast.AST) -> list[str]:
    found = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            found.append(inner.value)
        elif isinstance(inner, ast.JoinedStr):
            found.append(ast.unparse(inner))
    return found


def _text_tables(source: str) -> list[int]:
    """The lines of dict literals keyed by both "sv" and "en" that hold words."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
        if not {"sv", "en"} <= keys:
            continue
        words = [text for value in node.values for text in _strings_in(value)
                 if not LANGUAGE_TAG.fullmatch(text)]
        if words:
            lines.append(node.lineno)
    return lines


def test_the_text_table_check_finds_a_table_and_spares_language_tags():
    assert _text_tables('TITLE = {"sv": "Behov", "en": "Need"}\n') == [1]
    assert _text_tables('T = {"sv": {"a": f"Sida {n}"}, "en": {"a": f"Page {n}"}}\n') == [1]
    assert _text_tables('TAGS = {"sv": "sv-SE", "en": "en-GB"}\n') == []
    assert _text_tables('TED = {"sv": "swe", "en": "eng"}\n') == []


def test_no_module_keeps_its_own_swedish_and_english_texts():
    """Every text is typed once, in English, and translated in the catalogue: a module
    that keys texts by "sv" and "en" has a second translation system of its own."""
    offenders = []
    for path in sorted((ROOT / "procure").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in TEXT_TABLES_ALLOWED or name.startswith(TEXT_TABLES_ALLOWED_UNDER):
            continue
        offenders += [f"{name}:{line}" for line in _text_tables(path.read_text(encoding="utf-8"))]
    assert offenders == [], ("move these texts into the catalogue (procure.catalogue): "
                             + ", ".join(offenders))
