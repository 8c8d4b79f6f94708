"""The forms of a rendered page, read with ``html.parser`` as a browser would send them.

The fuzz tests learn each form's fields from the page itself (names, kinds, the options
of selects, radios and checkboxes, the values already filled in), so a field added to a
template is fuzzed without a change to the tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Kinds of <input> whose value a person types (and which a failed POST must give back).
TYPED_KINDS = frozenset({"text", "email", "search", "url", "tel", "number", "date",
                         "datetime-local", "time", "month", "textarea"})
# Kinds a browser submits only when chosen.
CHOSEN_KINDS = frozenset({"checkbox", "radio"})


@dataclass
class Field:
    """One named control: its kind, the value it holds now and, for choices, the options."""

    name: str
    kind: str  # the input type, "textarea", "select", "select-multiple" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def typed(self) -> bool:
        return self.kind in TYPED_KINDS


@dataclass
class Form:
    """A ``<form>``: how and where it sends, and its fields, merged by name."""

    method: str
    action: str
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def filled_in(self) -> bool:
        """Whether a person fills something in (rather than only pressing a button)."""
        return any(field.typed or field.kind in ("checkbox", "radio", "select", "file",
                                                  "select-multiple")
                   for field in self.fields.values())

    def add(self, name: str, kind: str, value: str = "", checked: bool = False) -> None:
        known = self.fields.get(name)
        if known is None:
            known = self.fields[name] = Field(name, kind)
            if kind not in CHOSEN_KINDS and kind != "button":
                known.value = value
        if kind in CHOSEN_KINDS or kind == "button":
            known.options.append(value)
            if checked:
                known.checked.append(value)


class _FormReader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self._form = Form(attrs.get("method", "get").lower(), path_of(action),
                              attrs.get("enctype", "") == "multipart/form-data")
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "reset"):
                kind = "button"
            form.add(name, kind, attrs.get("value", "on" if kind in CHOSEN_KINDS else ""),
                     "checked" in attrs)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            form.add(name, "button", attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attrs else "select"
            self._select = form.fields.setdefault(name, Field(name, kind))
        elif tag == "option" and self._select is not None:
            self._option, self._text = attrs, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.add(self._textarea, "textarea", textarea_value("".join(self._text)))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select":
            if self._option is not None:
                self._end_option()
            self._select = None

    def _end_option(self):
        value = self._option.get("value", "".join(self._text).strip())
        self._select.options.append(value)
        if "selected" in self._option:
            self._select.checked.append(value)
            self._select.value = value
        self._option = None

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)


def textarea_value(text: str) -> str:
    """A textarea's value as a browser reads it: one leading line break is markup."""
    return text[1:] if text.startswith("\n") else text.removeprefix("\r\n")


def path_of(url: str) -> str:
    """The path (and query) of a same-site URL: forms post to what the test client gets."""
    parts = urlsplit(unescape(url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_forms(html: str, page_url: str) -> list[Form]:
    """Every form on the page, in page order."""
    reader = _FormReader(page_url)
    reader.feed(html)
    reader.close()
    return reader.forms


def rule_pattern(rule: str) -> re.Pattern:
    """A URL rule as a pattern: ``/dialogues/<id:slot_id>/booking`` matches any slot."""
    parts = re.split(r"<[^>]+>", rule)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


def form_for(html: str, page_url: str, rule: str, method: str = "post") -> Form | None:
    """The first form on the page that sends by ``method`` to an instance of ``rule``."""
    pattern = rule_pattern(rule)
    for form in page_forms(html, page_url):
        if form.method == method and pattern.fullmatch(form.action.split("?")[0]):
            return form
    return None
