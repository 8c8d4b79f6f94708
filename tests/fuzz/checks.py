"""What every response to hostile input must get right, as assertions.

* never a server error;
* no markup from the input, raw: no ``<script>`` we did not write, no event-handler
  attribute (the app has none: its Content-Security-Policy forbids inline script), no
  ``javascript:`` link;
* a redirect stays on the site;
* a refused form (400) says what to fix, and gives every typed value back (forms of
  buttons only, where a browser cannot send a wrong value, may answer a tampered request
  with the plain 400 page; a form whose hidden values were tampered with need not give
  the input back).
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.fuzz.forms import Form, form_for

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")
# What the app documents it does to typed text before giving it back: control characters
# but tab and line ends are dropped from every request (procure.core.request_text),
# browsers' CR LF line ends become LF (procure.formatting.normalise_newlines), and
# surrounding white space goes.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _TagScanner(HTMLParser):
    """Collects what would run in a browser: event handlers, scripts, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = not dict(attrs).get("src")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append(f"<img src=x> from the input: {attrs}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"an inline script: {data[:80]!r}")


def markup_problems(html: str) -> list[str]:
    """Script, event handlers and javascript: links in ``html`` (none are the app's own)."""
    problems = ["<script>alert( in the page"] if "<script>alert(" in html else []
    scanner = _TagScanner()
    scanner.feed(html)
    scanner.close()
    return problems + scanner.problems


def assert_no_raw_markup(response, where: str) -> None:
    if response.mimetype == "text/html":
        problems = markup_problems(response.get_data(as_text=True))
        assert not problems, f"{where}: markup from the input is live: {problems[:5]}"


def assert_stays_on_site(response, where: str) -> None:
    location = response.headers.get("Location", "")
    parts = urlsplit(location)
    assert parts.netloc in ("", "localhost") and not location.startswith(("//", "/\\")), \
        f"{where}: redirects off the site to {location!r}"


def comparable(text: str) -> str:
    """Typed text modulo what the app documents it normalises (see _CONTROL)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def assert_explains_refusal(html: str, where: str) -> None:
    """A 400 shows the form's error summary, an error at a field or at the top of the page."""
    assert any(mark in html for mark in ('class="error-summary"', 'class="field-error"',
                                         'class="flash flash-error"')), \
        f"{where}: refused with 400 but no error message says what to fix"


def page_values_intact(sent: list[tuple[str, object]], posted: Form) -> bool:
    """Whether the page's hidden values came back as the page has them.

    Where they were changed (which no browser does), the page may not know which of its
    forms the input belongs to: the notice to keep, the version being edited.
    """
    return all([value for name, value in sent if name == field.name] == [field.value]
               for field in posted.fields.values()
               if field.kind == "hidden" and field.name != "csrf_token")


def lost_values(html: str, page_url: str, rule: str, sent: list[tuple[str, object]],
                posted: Form) -> list[str]:
    """Typed fields whose value the re-rendered form does not give back."""
    again = form_for(html, page_url, rule)
    if again is None:
        return ["the form is not on the page any more"]
    lost = []
    # A field sent twice has no one value to give back (WTForms shows date fields' values
    # joined, text fields' first): only fields sent once are compared.
    counts = Counter(name for name, _ in sent)
    for name, value in sent:
        field = posted.fields[name]
        if counts[name] > 1:
            continue
        if not field.typed or not isinstance(value, str):
            continue
        shown = again.fields.get(name)
        if shown is None:
            lost.append(f"{name}: not on the page")
        elif comparable(shown.value) != comparable(value):
            lost.append(f"{name}: sent {value[:60]!r}, shown {shown.value[:60]!r}")
    return lost
