"""A stored script tag comes back as text everywhere (issue #9).

``<script>alert("x")</script>`` and ``"><img src=x onerror=alert(1)>``, after a leading
``=1+2``, go into every free-text value of the demo data (tests/fuzz/sweep.py). Then,
per role, every page a link reaches (a few of each kind, as the accessibility crawl)
renders with the text escaped and nothing of it live; every need statement PDF and the
other PDFs read back with the literal text; every CSV export neutralises the leading
``=``; the JSON and Atom exports parse and carry the text as it was written.
"""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from procure.extensions import db
from procure.needs.models import Need
from tests.browser.test_accessibility import EXTRA_PAGES
from tests.fuzz import sweep
from tests.fuzz.checks import markup_problems

ROLES = ("anonymous", "supplier", "officer", "admin")
FEEDS = ("/api/v1/dialogues", "/api/v1/ocds/releases.json", "/dialogues/feed.atom")
ESCAPED = "&lt;script&gt;alert("
# Spreadsheet formulas start so; a number may start with "-" (csvexport.neutralise).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def swept(world):
    """The world with hostile text everywhere, crawled by each role (rolled back after)."""
    with world.rolled_back():
        with world.app.app_context():
            columns = sweep.inject_everywhere()
            db.session.commit()
            statements = [f"/needs/{reference}/statement.pdf" for reference in
                          db.session.execute(sa.select(Need.reference)).scalars()]
        crawls = {role: sweep.crawl(world.client(role), ["/", *EXTRA_PAGES[role]], page_problems)
                  for role in ROLES}
        wanted = {path: role for role in ROLES for path in crawls[role].downloads}
        wanted.update({path: "admin" for path in (*FEEDS, *statements)})
        downloads = {path: fetched(world.client(role), path) for path, role in wanted.items()}
        yield columns, crawls, downloads


def fetched(client, path: str):
    """The response, read at once: a streamed export must finish before the next request."""
    response = client.get(path)
    response.get_data()
    return response


def page_problems(path: str, response) -> list[str]:
    if response.status_code >= 500:
        return [f"{path}: {response.status_code}"]
    if response.mimetype != "text/html":
        return []
    return [f"{path}: {problem}" for problem in markup_problems(response.get_data(as_text=True))]


def test_the_hostile_text_went_into_what_people_write(swept):
    columns, _, _ = swept
    for written in ("needs.title", "needs.problem", "need_outcomes.description",
                    "need_requirements.text", "dialogues.title", "dialogues.description",
                    "dialogue_questions.text", "dialogue_messages.body", "meeting_minutes.text",
                    "supplier_organisations.name", "departments.name_en", "users.name",
                    "pcp_contracts.deliverables", "pcp_gate_decisions.reasons",
                    "contract_scenarios.name", "dialogue_inputs.answers"):
        assert written in columns


@pytest.mark.parametrize("role", ROLES)
def test_every_page_shows_the_text_escaped(swept, role):
    _, crawls, _ = swept
    crawl = crawls[role]
    assert not crawl.failures, "\n".join(crawl.failures[:20])
    showing = [path for path, html in crawl.pages.items() if ESCAPED in html]
    # A signed-in person's name is on every page; anonymous visitors read the dialogues.
    assert len(showing) >= (1 if role == "anonymous" else len(crawl.pages)), \
        sorted(set(crawl.pages) - set(showing))


def test_every_pdf_carries_the_literal_text(swept):
    _, crawls, downloads = swept
    pdfs = {path: response for path, response in downloads.items() if path.endswith(".pdf")}
    statements = {path for path in pdfs if path.endswith("/statement.pdf")}
    assert len(statements) >= 8 and any("report.pdf" in path for path in pdfs)
    for path, response in pdfs.items():
        assert response.status_code == 200, f"{path}: {response.status_code}"
        reader = PdfReader(io.BytesIO(response.data))
        text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
        assert sweep.SCRIPT in text, f"{path} lost the text: {text[:300]!r}"


def test_every_csv_export_neutralises_formulas(swept):
    _, _, downloads = swept
    files = {path: response for path, response in downloads.items() if ".csv" in path}
    assert "/admin/audit.csv" in {path.split("?")[0] for path in files}
    assert sum(path.startswith("/dashboard/") for path in files) >= 5
    carried = 0
    for path, response in files.items():
        assert response.status_code == 200, f"{path}: {response.status_code}"
        text = response.data.decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            for cell in row:
                assert not (cell.startswith(FORMULA_STARTS) and not _is_number(cell)), \
                    f"{path}: a cell a spreadsheet would evaluate: {cell[:60]!r}"
                carried += sweep.SCRIPT in cell
    assert carried, "no CSV carries the written text"


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_json_and_atom_carry_the_text_as_written(swept):
    _, _, downloads = swept
    for path in FEEDS:
        response = downloads[path]
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if path.endswith(".atom"):
            texts = [element.text or "" for element in ET.fromstring(response.data).iter()]
        else:
            texts = list(_strings(json.loads(response.data)))
        assert any(sweep.SCRIPT in text and sweep.IMG in text for text in texts), \
            f"{path} does not carry the text as written"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
