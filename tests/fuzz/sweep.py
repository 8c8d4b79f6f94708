"""Hostile text in every free-text column of the demo data, and a crawl of what shows it.

Which columns people write is read from the data, not listed: a text column is free
text when one of its demo values has a space in it (titles, descriptions, names,
minutes, reasons...), which codes, statuses, e-mail addresses, links and hashes never
do. So a new text column is swept without a change here. The audit trail's details and
the need revisions' saved contents (JSON) get the text in their string values.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import sqlalchemy as sa

from procure.extensions import db
from tests.browser.test_accessibility import page_kind

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
# Starts with "=": every CSV export must neutralise it (procure/csvexport.py). The vertical
# tab, which XML cannot carry, stands for text stored before requests were cleaned of
# such characters (procure/core/request_text.py) or arriving by another way (imports).
HOSTILE = f"=1+2 {SCRIPT} {IMG}\x0b "
DOWNLOADS = (".pdf", ".csv", ".json", ".atom", ".xml")
MAX_PAGES = 80  # per role
PER_KIND = 2  # pages of one kind (same template) per role, as the accessibility crawl


def free_text_columns() -> list[sa.Column]:
    """Text columns holding what people wrote: some demo value has a space in it."""
    columns = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String) and not isinstance(column.type, sa.Enum):
                spaced = db.session.execute(
                    sa.select(column).where(column.contains(" ")).limit(1)).first()
                if spaced is not None:
                    columns.append(column)
    return columns


def hostile(text: str, length: int | None) -> str:
    """``text`` with the hostile text in front, within the column's length."""
    value = HOSTILE + text
    return value[:length] if length else value


def inject_everywhere() -> list[str]:
    """Write the hostile text into every free-text value; the columns, as ``table.column``."""
    if db.session.get_bind().dialect.name == "postgresql":
        # The audit trail is append-only in the database (a trigger refuses UPDATE): the
        # sweep changes this test's copy of it all the same, as the superuser it runs as.
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    columns = free_text_columns()
    for column in columns:
        table, length = column.table, column.type.length
        rows = db.session.execute(sa.select(*table.primary_key.columns, column)
                                  .where(column.is_not(None), column != "")).all()
        for *key, text in rows:
            where = [part == value for part, value in zip(table.primary_key.columns, key)]
            db.session.execute(table.update().where(*where)
                               .values({column.name: hostile(text, length)}))
    _inject_into_json("audit_events", "detail")
    _inject_into_json("need_revisions", "content")
    return [f"{column.table.name}.{column.name}" for column in columns]


def _inject_into_json(table_name: str, column_name: str) -> None:
    """String values of a JSON object column get the hostile text (the details shown in the
    audit trail, the saved sections a revision comparison shows)."""
    table = db.metadata.tables[table_name]
    column = table.c[column_name]
    for row_id, content in db.session.execute(sa.select(table.c.id, column)).all():
        if isinstance(content, dict):
            changed = {key: HOSTILE + value if isinstance(value, str) and " " in value
                       else value for key, value in content.items()}
            changed.setdefault("note", HOSTILE)
            db.session.execute(table.update().where(table.c.id == row_id)
                               .values({column_name: changed}))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def same_site_links(html: str) -> list[str]:
    """Paths (with query) of the page's links that stay on the site."""
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if not parts.path.startswith("/static/"):
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


@dataclass
class Crawl:
    """What one role's crawl reached: HTML pages by path, the downloads it found, and the
    problems ``check_page`` saw."""

    pages: dict[str, str] = field(default_factory=dict)
    downloads: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def crawl(client, start_paths: list[str], check_page) -> Crawl:
    """Follow the links of ``client``'s pages from ``start_paths``, a few of each kind.

    ``check_page(path, response)`` returns the problems of one page; downloads are
    collected, not fetched.
    """
    result, queue, kinds, seen = Crawl(), list(start_paths), Counter(), set()
    while queue and len(result.pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or (path not in start_paths and kinds[page_kind(path)] >= PER_KIND):
            continue
        seen.add(path)
        if urlsplit(path).path.endswith(DOWNLOADS) or path.startswith("/api/"):
            result.downloads.add(path)
            continue
        kinds[page_kind(path)] += 1
        response = client.get(path)
        result.failures.extend(check_page(path, response))
        if response.mimetype == "text/html":
            html = result.pages[path] = response.get_data(as_text=True)
            queue.extend(link for link in same_site_links(html) if link not in seen)
        else:  # a download without a telling name, such as an attachment
            result.downloads.add(path)
    return result
