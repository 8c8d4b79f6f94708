"""Read a form off a page the way a browser would send it: hidden fields, the values
already filled in, checked boxes and chosen options (tests then change what a person
would type)."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

_TEXT_INPUTS = {"", "text", "hidden", "email", "number", "date", "datetime-local", "time",
                "password", "url", "search", "tel"}


class _FormReader(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form" and attributes.get("method", "get").lower() == "post":
            action = urlsplit(attributes.get("action") or self.page_path).path
            self._fields = []
            self.forms.append((action, self._fields))
        if self._fields is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "").lower()
            if kind in _TEXT_INPUTS or (kind in ("checkbox", "radio") and "checked" in attributes):
                default = "on" if kind in ("checkbox", "radio") else ""
                self._fields.append((name, attributes.get("value", default)))
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields.append((name, ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes, [], [])
        elif tag == "option" and self._select is not None:
            self._option = attributes.get("value", "")
            self._select[2].append(self._option)
            if "selected" in attributes:
                self._select[3].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None and self._fields:
            name, text = self._fields[-1]
            self._fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            name, multiple, options, chosen = self._select
            if not chosen and options and not multiple:
                chosen = options[:1]  # a browser sends the first option
            self._fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._fields = None


def form_on(page_html: str, page_path: str, action: str) -> dict[str, str | list[str]]:
    """The fields of the page's POST form that posts to ``action`` (a path), as sent.

    Names that occur more than once (checkboxes of one group) become lists.
    """
    reader = _FormReader(page_path)
    reader.feed(page_html)
    wanted = urlsplit(action).path
    for form_action, fields in reader.forms:
        if form_action == wanted:
            values: dict[str, str | list[str]] = {}
            for name, value in fields:
                if name in values:
                    earlier = values[name]
                    values[name] = [*earlier, value] if isinstance(earlier, list) \
                        else [earlier, value]
                else:
                    values[name] = value
            return values
    actions = sorted({form_action for form_action, _ in reader.forms})
    raise AssertionError(f"no form posting to {wanted} on {page_path} (forms: {actions})")
