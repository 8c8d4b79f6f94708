"""Each main page sends as many SQL statements with twenty more needs, a dozen more
companies, their registrations, questions, bookings, alerts and PCP contracts as it
does on the demo data alone, and never more than its ceiling: a query per row (an N+1)
cannot come back unseen.

Per role, every page is opened once to warm up (first-request work such as compiling
the translations is not the page's), counted on the demo data, the data is grown
(``tests/perf/growth.py``), and the page is counted again. The two sizes must give the
same count. That alone misses a query per row of a paginated list, which has a full
page at both sizes (the audit trail has over a hundred events on the demo data and
shows 25): so each page also has an absolute ceiling, its count on the grown data when
the ceiling was set. A page that needs more statements for a good reason raises its
ceiling in the same change, where a reviewer sees it. Counts are the same on SQLite and
PostgreSQL today; a ceiling may be given per dialect (``{"sqlite": n, "postgresql":
m}``) where they come to differ.

Each page also names a text only the grown data puts on it: it must be missing before
the data grows and there after, so the second count is known to be of a longer page
(a text that is there anyway, like a digit a CSRF token may hold, proves nothing).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from procure.core import kept
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.ideas.models import Idea
from tests.conftest import ACCOUNTS, sign_in
from tests.dialogues.participation import ONE_TO_ONE, add_participation
from tests.perf.growth import TARGET_FOLLOW_UP, TARGET_IDEA_TITLE, TARGET_NEED, TARGET_PCP, grow
from tests.perf.querycount import count_queries


@dataclass(frozen=True)
class Page:
    url: str
    # The most statements the page may send: one number, or one per dialect.
    ceiling: int | Mapping[str, int]
    # A text only the grown data adds to the page ("" for binary files and aggregates).
    grown_text: str = ""

    def ceiling_on(self, dialect: str) -> int:
        if isinstance(self.ceiling, Mapping):
            return self.ceiling[dialect]
        return self.ceiling


def _ids(app) -> dict[str, int]:
    with app.app_context():
        ids = {"one_to_one": db.session.execute(db.select(Dialogue.id).filter_by(
            title=ONE_TO_ONE)).scalar_one(),
               "reported": db.session.execute(db.select(Dialogue.id).filter_by(
                   status="reported")).scalar_one(),
               "idea": db.session.execute(db.select(Idea.id).filter_by(
                   title=TARGET_IDEA_TITLE)).scalar_one()}
    return ids


# Pages by who opens them; {one_to_one} and {reported} are demo dialogue ids, {idea} the
# demo idea the grown data supports and comments.
PAGES = {
    "anonymous": [
        Page("/dialogues/", 3, "Dialog om växande behov"),
        Page("/dialogues/?division=55&kind=one_to_one&past=1", 3, "Dialog om växande behov"),
        # Answers are for those taking part: the public part of the page lists nothing
        # the grown data adds. Two for "About the need": which version the market
        # reads, and that approved revision's text. One for the changes told to the
        # market since publication (#16).
        Page("/dialogues/{one_to_one}", 7),
        Page("/dialogues/{reported}/report", 8, "Svar 1."),
        Page("/dialogues/{reported}/report.pdf", 11),
        Page("/dialogues/feed.atom", 1, "Dialog om växande behov"),
        Page("/api/v1/dialogues", 2, "Dialog om v"),
        # Two more since #18: every need's tender and award, read in one statement, and
        # its outcomes' targets with their latest measurements, in another.
        Page("/api/v1/ocds/releases.json", 12, "Tillväxt 1 AB"),
        # The case library and the demo's published case (#18).
        Page("/cases/", 3),
        Page(f"/cases/{TARGET_FOLLOW_UP}", 10),
    ],
    "supplier": [
        # One for the changes told to the market since publication (#16).
        Page("/dialogues/{one_to_one}", 13, "Svar 1."),
        Page("/suppliers/organisation", 6, "Colleague 1"),
        Page("/alerts", 5, "Dialog om växande behov"),
        # The demo company has no PCP contract; growing gives it four, in two PCPs.
        Page("/pcp/contracts", 8, "Lägre energianvändning i skolbyggnader"),
    ],
    # Every staff page counts, in the menu, the needs waiting for the person's review:
    # one statement more than before the start pages (#16).
    "officer": [
        Page("/needs/", 5, "Växande behov"),
        Page("/needs/?status=approved", 5, "Växande behov"),
        # Built: the kept statement part's key, then its rows; read again, 8 in all.
        Page(f"/needs/{TARGET_NEED}", 14, "Tillagt krav 7"),
        Page(f"/needs/{TARGET_NEED}/history", 6),
        # Withdrawing is confirmed first; the page counts the need's published dialogues.
        Page(f"/needs/{TARGET_NEED}/withdraw", 4),
        Page(f"/needs/{TARGET_NEED}/statement", 15, "Tillagt krav 7"),
        Page(f"/needs/{TARGET_NEED}/statement.pdf", 16),
        # Two more for "About the need" (the version the market reads, its text).
        # One more on each for the changes told to the market since publication (#16).
        Page("/dialogues/{one_to_one}", 14, "Tillväxt 1 AB"),
        Page("/dialogues/{one_to_one}/log", 5, "Fråga 1?"),
        # 7: reading input marked as a trade secret is recorded for its supplier (#21).
        # 8: and the menu's count of needs to review (#16).
        Page("/dialogues/{one_to_one}/inputs", 8, "Vårt inspel 1."),
        # The dashboard shows aggregates: no row of its own to look for.
        Page("/dashboard", 18),
        Page("/dashboard?year=2026&division=55", 18),
        # A CSV file reads the page's figures: kept from the page's request in production,
        # computed here (the tests keep no figures), with the session's and export's own.
        Page("/dashboard/needs-by-status.csv", 16),
        Page("/dashboard.pdf", 17),
        # Ideas in, risks, follow-up and the portfolio (#18). An idea's page read each
        # comment's author on its own before (7 statements became 15 with 8 comments).
        Page("/ideas/", 6, "Växande idé"),
        Page("/ideas/{idea}", 7, "Växande kommentar"),
        Page(f"/needs/{TARGET_NEED}/risks", 5, "Växande risk"),
        Page(f"/needs/{TARGET_FOLLOW_UP}/follow-up", 10, "Växande mätkälla"),
        Page("/portfolio", 12, "Växande behov"),
    ],
    "admin": [
        Page("/admin/users", 5, "Staff 1"),
        Page("/admin/users?role=supplier", 5, "Grow 1"),
        Page("/admin/audit", 3, "UTB-2026-015"),
        Page("/admin/audit.csv", 4, "UTB-2026-015"),
        Page("/dashboard", 18),
        Page(f"/needs/{TARGET_PCP}/pcp", 23),
        Page(f"/needs/{TARGET_PCP}/pcp/phases/1", 17, "Tillväxt 1 AB"),
        Page(f"/needs/{TARGET_PCP}/pcp/phases/2", 20, "Tillväxt 1 AB"),
        Page("/needs/UTB-2026-002/pcp/phases/1", 18, "Tillväxt 1 AB"),
    ],
}


@pytest.fixture
def app_config(tmp_path):
    # A PDF cache of this test's own, emptied before each PDF is counted (see _count).
    return {"PDF_CACHE_DIR": str(tmp_path / "pdf-cache")}


def _uncached(app) -> None:
    """Empty the PDF cache: a PDF's statements are counted as a miss (content read and
    built) on both sides; a hit reads a fixed few (tests/perf/test_pdf_cache_keys.py)."""
    with app.app_context():
        kept.store().clear()  # likewise the kept parts of pages (the need page's statement)
    folder = Path(app.config["PDF_CACHE_DIR"])
    if folder.is_dir():
        for path in folder.iterdir():
            path.unlink()


def engine_of(app):
    """The app's engine, taken out of an app context: requests must each push their own
    (one held open across requests would share one session, and its identity map would
    hide statements)."""
    with app.app_context():
        return db.engine


def _count(client, url: str, engine):
    _uncached(client.application)
    with count_queries(engine) as log:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return log, response.get_data(as_text=not response.mimetype.endswith("pdf"))


@pytest.mark.parametrize("role", PAGES)
def test_pages_send_as_many_statements_for_more_data(seeded, make_client, role):
    if role == "supplier":
        add_participation(seeded)  # the supplier's company takes part in {one_to_one}
    client = make_client()
    if role != "anonymous":
        sign_in(client, ACCOUNTS[role])
    ids = _ids(seeded)
    urls = [page.url.format(**ids) for page in PAGES[role]]
    engine = engine_of(seeded)
    dialect = engine.dialect.name
    for url in urls:
        client.get(url)  # warm-up
    before = {url: _count(client, url, engine) for url in urls}
    grow(seeded)
    failures = []
    for page, url in zip(PAGES[role], urls):
        (counted, body_before), ceiling = before[url], page.ceiling_on(dialect)
        after, body = _count(client, url, engine)
        if page.grown_text and page.grown_text in body_before:
            failures.append(f"{url}: {page.grown_text!r} is on the page before the data "
                            "grows: choose a text only the grown data adds")
        if page.grown_text and page.grown_text not in body:
            failures.append(f"{url}: the grown data is not on the page "
                            f"({page.grown_text!r} missing)")
        print(f"{role:9} {url}: {counted.count} statements, {after.count} when grown "
              f"(ceiling {ceiling})")
        if after.count != counted.count:
            failures.append(f"{url}: {counted.count} statements on the demo data, "
                            f"{after.count} with more rows:\n{after.report()}")
        elif after.count > ceiling:
            failures.append(f"{url}: {after.count} statements, more than its ceiling of "
                            f"{ceiling} on {dialect}:\n{after.report()}")
    assert not failures, "\n\n".join(failures)
