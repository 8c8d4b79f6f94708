"""What the fuzz tests post: valid-looking values, hostile ones, and whole submissions.

A submission starts from a valid-looking value for every field (so the app gets past its
first validator into the services and the database) and then spoils a few fields:
a hostile value, the field left out, or the field sent twice. Hypothesis shrinks a
failure towards the fewest spoiled fields, so a report names the field at fault. Valid
dates are drawn per field, so a period's end comes before its start now and then.
``TROUBLES`` are the deterministic submissions every run starts with.
"""
from __future__ import annotations

import io

from hypothesis import strategies as st

from tests.fuzz.forms import Field, Form

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

LONG_TEXTS = ("x" * 10_001, "å" * 10_001, "ord " * 30_000)
CONTROL_TEXTS = ("\x00", "före\x00efter", "rad ett\r\nrad två\r\n", "\x1b[31mröd\x1b[0m",
                 "\x0b\x0c\x7f", "\r", "\ufeffbom", "\t")
UNICODE_TEXTS = ("\u202eevil\u202c", "שלום עולם", "مرحبا", "👩‍👩‍👧‍👦🎉", "e\u0301\u0301\u0301",
                 "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "\u00a0\u2003\u200b", "ｆｕｌｌｗｉｄｔｈ")
MARKUP_TEXTS = (XSS_SCRIPT, XSS_IMG, "<b>fet</b>", "javascript:alert(1)",
                "'><svg onload=alert(1)>", "{{ 7*7 }}", "%(title)s %s {0}")
SQL_TEXTS = ("' OR 1=1 --", "1; DROP TABLE users; --", "%", "_", "\\", "'", '"')
NUMBER_TEXTS = ("-1", "0", "-0", str(2**31), str(2**63), str(2**64), "9" * 400, "1e309",
                "-1e309", "NaN", "Infinity", "1,5", "1.5", "1 000", "0x10", "١٢٣", "+5", "1_000")
DATE_TEXTS = ("2026-13-45", "2026-02-30", "9999-12-31", "0001-01-01", "31/12/2026",
              "2026-01-01T25:61", "9999-12-31T23:59", "0001-01-01T00:00", "2026-05-04 10:00")
OTHER_TEXTS = ("", " ", "//evil.example/", "https://evil.example/", "=1+2", "@SUM(A1)",
               "a@b", "x@" + "y" * 300 + ".se", "None", "null", "[]")
HOSTILE_TEXTS = (*LONG_TEXTS, *CONTROL_TEXTS, *UNICODE_TEXTS, *MARKUP_TEXTS, *SQL_TEXTS,
                 *NUMBER_TEXTS, *DATE_TEXTS, *OTHER_TEXTS)

VALID_DATES = ("2026-05-04", "2026-11-30", "2027-02-01", "2026-01-15")
VALID_TIMES = ("2026-05-04T10:00", "2026-11-30T14:30", "2027-02-01T09:15")
VALID_NUMBERS = ("1", "10", "45", "100000")
VALID_TEXTS = ("Ett rimligt svar.", "A plain answer", "Kök 3 i Årsta")
# Valid values by the field's name where its kind says too little.
VALID_BY_NAME = {
    "email": ("fuzz.tester@example.se",),
    "org_number": ("556036-0793",),
    "password": ("a long enough password",),
    "confirm_password": ("a long enough password",),
    "new_password": ("another long enough password",),
    "current_password": ("procure-demo-2026",),
    "link": ("https://example.se/mote",),
    "url": ("https://example.se/upphandling",),
    "cpv_main": ("72000000-5",),
    "codes": ("72000000-5",),
    "code": ("NYA", "123456"),  # a department's code; a sign-in code
    "company_name": ("Grönska Innovation AB",),
    "contact_name": ("Ylva Åström",),
    "vat_number": ("DE284512302",),
    "countries": ("SE DK",),
    "weight": ("20",),
    "score": ("3",),
}


def hostile_text() -> st.SearchStrategy[str]:
    """A value chosen to break things, or a short random text for variety."""
    return st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=40))


def hostile_file() -> st.SearchStrategy:
    names = st.sampled_from(("x.pdf", "../../etc/passwd", f"{XSS_SCRIPT}.pdf", "\x00.pdf",
                             "a" * 300 + ".pdf", "ok.exe", ""))
    contents = st.sampled_from((b"", b"not a pdf", PDF, b"%PDF-" + b"\x00" * 64))
    return st.tuples(contents, names)


def valid_choices(field: Field) -> list[list]:
    """What a person filling in the form might send for this field (each a list of the
    values sent under its name), what the page shows first."""
    if field.kind in ("checkbox", "select-multiple"):
        subsets = (field.checked, [], field.options[:1], field.options)
        return [list(subset) for subset in dict.fromkeys(map(tuple, subsets))]
    if field.kind in ("radio", "select", "button"):
        options = [option for option in field.options if option] or field.options or [""]
        shown = [option for option in field.checked if option in options]
        return [[option] for option in dict.fromkeys(shown + options)]
    if field.kind == "file":
        return [[(PDF, "offert.pdf")]]
    if field.value or field.kind == "hidden":
        return [[field.value]]
    by_kind = {"date": VALID_DATES, "datetime-local": VALID_TIMES, "number": VALID_NUMBERS,
               "email": VALID_BY_NAME["email"], "url": VALID_BY_NAME["url"]}
    texts = VALID_BY_NAME.get(field.name) or by_kind.get(field.kind, VALID_TEXTS)
    return [[text] for text in texts]


def valid_value(field: Field) -> st.SearchStrategy:
    return st.sampled_from(valid_choices(field))


def spoiled_value(field: Field) -> st.SearchStrategy:
    """The field left out (``[]``), sent twice, or with a hostile value."""
    hostile = hostile_file() if field.kind == "file" else hostile_text()
    return st.one_of(
        st.just([]),
        hostile.map(lambda value: [value]),
        st.tuples(valid_value(field), hostile).map(lambda pair: [*pair[0][:1], pair[1]]),
    )


@st.composite
def submissions(draw, form: Form) -> list[tuple[str, object]]:
    """One POST body for ``form`` as (name, value) pairs; files as ``(bytes, filename)``."""
    names = [name for name in form.fields if name != "csrf_token"]
    values = {name: draw(valid_value(form.fields[name]), label=name) for name in names}
    spoiled = draw(st.lists(st.sampled_from(names), unique=True, max_size=3)
                   if names else st.just([]), label="spoiled fields")
    if names and draw(st.booleans(), label="spoil every field"):
        spoiled = names
    for name in spoiled:
        values[name] = draw(spoiled_value(form.fields[name]), label=f"spoiled {name}")
    return [(name, value) for name in names for value in values[name]]


FREE_TEXT = frozenset({"text", "textarea", "search"})
# The troubles every run tries on every form before the random examples, each in every
# field at once, the rest of the form valid-looking so that the app gets past its
# validators: NUL into the database, a number past a float, text past a column's length,
# markup into the page.
TROUBLES = {
    "a NUL in every text": lambda field, value:
        value[:1] + "\x00" + value[1:] if field.kind in FREE_TEXT else value,
    "a row of nines in every typed field": lambda field, value:
        "9" * 400 if field.typed else value,
    "10,000 more characters in every text": lambda field, value:
        f"{value} {'x' * 10_000}" if field.kind in FREE_TEXT else value,
    "markup in every text": lambda field, value:
        f"{XSS_IMG} {value}" if field.kind in FREE_TEXT else value,
}


def troubled_submissions(form: Form) -> list[list[tuple[str, object]]]:
    """One submission per trouble of TROUBLES, valid-looking otherwise (see above)."""
    fields = [field for name, field in form.fields.items() if name != "csrf_token"]
    return [[(field.name, trouble(field, value) if isinstance(value, str) else value)
             for field in fields for value in valid_choices(field)[0]]
            for trouble in TROUBLES.values()]


def as_form_data(pairs, csrf_token: str) -> list[tuple[str, object]]:
    """The pairs as the test client posts them (file contents wrapped as streams)."""
    data = [("csrf_token", csrf_token)]
    for name, value in pairs:
        if isinstance(value, tuple):
            value = (io.BytesIO(value[0]), value[1])
        data.append((name, value))
    return data
