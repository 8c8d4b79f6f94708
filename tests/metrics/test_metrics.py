"""Every dashboard figure against a small data set whose answers are known by hand.

A department of its own (TST) keeps the demo data out of the figures: the department
filter is part of what is tested.
"""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from procure.departments.models import Department
from procure.dialogues.models import Dialogue, Message, Question, Registration
from procure.extensions import db
from procure.metrics import queries
from procure.metrics.queries import Filters, Share
from procure.needs.models import NeedStatusChange
from procure.needs.services import create_need
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role
from tests.perf.querycount import count_queries

EMPTY = "Inget att visa i diagram för det här urvalet: alla värden är noll eller saknas."
DAY0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def day(n):
    return DAY0 + timedelta(days=n)


@pytest.fixture
def known(seeded):
    """Four needs in TST:
    N1 created day 0, approved 10, tendered 40; PCP; 1 000 000; a dialogue published day 20
       with three new organisations (micro, large, small) and two questions, one answered
       after 4 days.
    N2 created day 0, approved 20, tendered 80; pilot; 500 000; no dialogue.
    N3 created day 5, approved 35; open procedure; 2 000 000.
    N4 a draft; PCP; 9 000 000.
    """
    with seeded.app_context():
        department = Department(code="TST", name_sv="Testförvaltningen",
                                name_en="Test department")
        db.session.add(department)
        officer = user_by_role("admin")
        needs = []
        for index, (created, steps, procedure, value) in enumerate([
                (0, [("in_review", 5), ("approved", 10), ("in_dialogue", 20),
                     ("in_procurement", 40)], "pcp", 1_000_000),
                (0, [("in_review", 15), ("approved", 20), ("in_procurement", 80)], "pilot",
                 500_000),
                (5, [("in_review", 30), ("approved", 35)], "open_functional", 2_000_000),
                (0, [], "pcp", 9_000_000)]):
            need = create_need(title=f"Behov {index + 1}", department=department,
                               officer=officer, language="sv", actor=officer, year=2026)
            need.created_at = day(created)
            need.procedure, need.estimated_value_sek = procedure, value
            need.cpv_main, need.cpv_division = "73110000-6", "73"
            for target, when in steps:
                need.status_changes.append(NeedStatusChange(
                    from_status=need.status, to_status=target, at=day(when)))
                need.status = target
            needs.append(need)
        db.session.flush()
        dialogue = Dialogue(need_id=needs[0].id, kind="request_for_information", title="Dialog 1",
                            status="closed", published_at=day(20), closed_at=day(30),
                            registration_deadline=day(25), questions_deadline=day(25),
                            input_deadline=day(28))
        db.session.add(dialogue)
        organisations = [SupplierOrganisation(name=f"Ny {size} AB", country="SE",
                                              identifier=f"99{index}000-0000", size=size)
                         for index, size in enumerate(("micro", "large", "small"))]
        db.session.add_all(organisations)
        db.session.flush()
        registrations = [Registration(dialogue_id=dialogue.id, organisation_id=o.id,
                                      attendees="X", created_at=day(21)) for o in organisations]
        db.session.add_all(registrations)
        db.session.flush()
        answer = Message(dialogue_id=dialogue.id, kind="answer", question="Q", body="A",
                         published_at=day(25), recipients=3)
        db.session.add(answer)
        db.session.flush()
        db.session.add_all([
            Question(dialogue_id=dialogue.id, registration_id=registrations[0].id, text="Q1",
                     answer_id=answer.id, created_at=day(21)),
            Question(dialogue_id=dialogue.id, registration_id=registrations[1].id, text="Q2",
                     created_at=day(22))])
        db.session.commit()
        return Filters(department_id=department.id)


def test_each_figure_by_hand(seeded, known):
    with seeded.app_context():
        assert queries.needs_by_status(known) == [("approved", 1), ("draft", 1),
                                                  ("in_procurement", 2)]
        assert queries.median_days_to_approval(known) == Decimal("20.0")  # 10, 20, 30
        assert queries.median_days_to_tender(known) == Decimal("45.0")  # 30 and 60
        assert queries.innovation_value_sek(known) == 1_500_000  # N1 and N2
        assert queries.dialogue_before_tender(known) == Share(1, 2)
        assert queries.organisations_per_dialogue(known) == [("Dialog 1", 3)]
        assert queries.sme_share(known) == Share(2, 3)
        assert queries.new_organisations(known) == Share(3, 3)
        figures = queries.questions(known)
        assert (figures.asked, figures.answered) == (2, 1)
        assert figures.median_days_to_answer == Decimal("4.0")
        assert queries.procedures(known) == [("open_functional", 1), ("pcp", 1), ("pilot", 1)]
        assert [(q, n) for q, n, _m in queries.findings_by_approval_quarter(known)] == [
            ("2026-Q1", 3)]
        assert queries.pcp_funnel(known) == [(1, 0, 0), (2, 0, 0), (3, 0, 0)]
        assert queries.contract_terms(known) == []


def test_an_organisation_seen_before_is_not_new(seeded, known):
    with seeded.app_context():
        first = db.session.execute(db.select(Registration).join(SupplierOrganisation).filter(
            SupplierOrganisation.name == "Ny micro AB")).scalar_one()
        earlier = db.session.execute(db.select(Dialogue).filter_by(status="reported")).scalar_one()
        db.session.add(Registration(dialogue_id=earlier.id, organisation_id=first.organisation_id,
                                    attendees="X", created_at=day(-100)))
        db.session.commit()
        assert queries.new_organisations(known) == Share(2, 3)


def test_the_year_and_division_filters(seeded, known):
    with seeded.app_context():
        other_year = Filters(department_id=known.department_id, year=2025)
        assert queries.needs_by_status(other_year) == []
        other_division = Filters(department_id=known.department_id, cpv_division="45")
        assert queries.innovation_value_sek(other_division) == 0


def test_the_dashboard_page_pdf_and_csv(seeded, known, login, make_client):
    admin = login("admin")
    page = admin.get(f"/dashboard?department={known.department_id}").get_data(as_text=True)
    assert "Testförvaltningen" in page and "1\u00a0500\u00a0000" in page
    # The PCP funnel and the language findings are all noughts here: said, not drawn.
    assert page.count('role="img"') == 2
    assert page.count(EMPTY) == 2
    csv = admin.get(f"/dashboard/needs-by-status.csv?department={known.department_id}")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "Godkänd" in csv.data.decode("utf-8-sig")
    assert csv.headers["Content-Disposition"].startswith("attachment")
    pdf = admin.get(f"/dashboard.pdf?department={known.department_id}")
    assert pdf.headers["Cache-Control"] == "private, no-store"  # staff-only figures
    assert pdf.data.startswith(b"%PDF")
    assert admin.get("/dashboard/no-such-table.csv").status_code == 404
    # An officer sees only their own department, whatever the query string says.
    officer = make_client("officer")
    mine = officer.get(f"/dashboard?department={known.department_id}").get_data(as_text=True)
    assert "Testförvaltningen" not in mine and "Utbildningsförvaltningen" in mine


def test_the_dashboard_runs_a_bounded_number_of_queries(seeded, known, login):
    admin = login("admin")

    def statements():
        with seeded.app_context():
            engine = db.engine
        with count_queries(engine) as sent:
            assert admin.get("/dashboard").status_code == 200
        return sent.count

    statements()  # the first builds the departments' options, which the next ones reuse
    few = statements()
    with seeded.app_context():
        department = db.session.get(Department, known.department_id)
        officer = user_by_role("admin")
        for index in range(10):
            create_need(title=f"Fler {index}", department=department, officer=officer,
                        language="sv", actor=officer, year=2026)
        db.session.commit()
    assert statements() == few


def test_a_reopened_need_still_counts_as_going_ahead(seeded, known):
    from procure.needs.models import Need

    with seeded.app_context():
        reopened = db.session.execute(db.select(Need).filter_by(
            department_id=known.department_id, title="Behov 2")).scalar_one()
        reopened.status, reopened.version = "draft", 2
        db.session.commit()
        assert queries.innovation_value_sek(known) == 1_500_000
        assert ("pilot", 1) in queries.procedures(known)


def _numeric(cell: str, decimal_sign: str) -> bool:
    """A cell a spreadsheet reads as a plain number: digits, an optional sign and at most
    one decimal sign, nothing else (no unit, no thousands separator, no space)."""
    import re
    return re.fullmatch(r"-?\d+(" + re.escape(decimal_sign) + r"\d+)?", cell) is not None


def _read_csv(response):
    import csv
    import io
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""),
                           delimiter=";"))


def test_the_csv_files_hold_numbers_a_spreadsheet_can_sum(seeded, known, login):
    admin = login("admin")
    query = f"?department={known.department_id}&year=2026"
    swedish = _read_csv(admin.get("/dashboard/key-figures.csv" + query))
    header, rows = swedish[0], {row[0]: row for row in swedish[1:]}
    assert header == ["Mått", "Värde", "Enhet", "Kommentar"]
    value = rows["Uppskattat värde i innovationsupphandling"]
    assert value[1:3] == ["1500000", "SEK"]  # not "1 500 000 kr"
    sme = rows["Små och medelstora företag bland deltagarna"]
    assert _numeric(sme[1], ",") and sme[2] == "%"
    assert rows["Ställda frågor"][1:3] == ["2", "frågor"]
    assert rows["Besvarade frågor"][1] == "1"
    # Every value is a plain number or empty; no cell of the file carries a unit.
    assert all(_numeric(row[1], ",") or row[1] == "" for row in swedish[1:])
    findings = _read_csv(admin.get("/dashboard/language-findings.csv" + query))
    assert findings[1][0] == "2026-Q1" and _numeric(findings[1][1], ",")
    assert _numeric(findings[1][2], ",")
    admin.post_form("/language", {"lang": "en"})
    english = _read_csv(admin.get("/dashboard/key-figures.csv" + query))
    assert english[0] == ["Figure", "Value", "Unit", "Note"]
    assert all(_numeric(row[1], ".") or row[1] == "" for row in english[1:])
    median = next(row for row in english if row[0] == "Median days from draft to approval")
    assert median[2] == "days" and (median[1] == "" or _numeric(median[1], "."))


def test_the_dashboard_page_shows_key_figures_first_and_folds_each_table_under_its_chart(
        seeded, known, login):
    import re
    admin = login("admin")
    page = admin.get(f"/dashboard?department={known.department_id}").get_data(as_text=True)
    main = page[page.index('<main'):]
    assert main.index('class="key-figures"') < main.index('role="img"')
    sections = re.findall(r'<section aria-labelledby="table-([a-z-]+)" class="dashboard-block">'
                          r'(.*?)</section>', main, re.S)
    charted = {key: body for key, body in sections if 'role="img"' in body}
    assert set(charted) == {"needs-by-status", "procedures"}
    said = {key: body for key, body in sections if EMPTY in body}
    assert set(said) == {"pcp-funnel", "language-findings"}
    for key, body in said.items():  # the noughts are still there to read, folded
        assert "<svg" not in body and body.index(EMPTY) < body.index("<details")
    for key, body in charted.items():
        # The section's heading names the chart; the drawing does not say it again, while
        # the SVG's <title> still names the image for screen readers.
        heading = re.search(r"<h2[^>]*>([^<]+)</h2>", body).group(1)
        svg = body[body.index("<svg"):body.index("</svg>")]
        title = re.search(r"<title[^>]*>([^<]+)</title>", svg).group(1)
        assert title == heading
        assert heading not in re.sub(r"<title[^>]*>.*?</title>|<desc[^>]*>.*?</desc>", "",
                                     svg, flags=re.S)
    for key, body in charted.items():
        # The chart, then its figures folded in <details> under it, then the CSV file.
        assert body.index('role="img"') < body.index("<details") < body.index("<table")
        assert "<details class=\"figures\">" in body  # folded: not open
        assert "<summary>Siffrorna som tabell</summary>" in body
        assert body.index("</details>") < body.index(f"/dashboard/{key}.csv")
    # Each chart's title is said once, as its section's heading, and no table is shown twice.
    assert main.count('<table') == len([body for _key, body in sections if "<table" in body])


@pytest.fixture
def loop(seeded, known):
    """The innovation loop on top of ``known`` (all in TST, 2026):
    ideas: I1 (staff: officer, 2026-01-02) became N1; I2 (public, 2026-02-01) became N2;
       I3 (staff: reviewer) declined; I4 (public) came in 2025 (outside the year).
       The admin supports I3 in 2026.
    N1 contracted on 2026-03-03 (60 days after I1); N2 contracted on 2026-06-01
       (120 days after I2): median 90 days.
    Outcomes: N1's first met (latest 30 ≤ target 40, baseline 100), its second not met
       (latest 5 < target 10, baseline 0, an earlier 12 does not count); N2's has a
       target but no measurement (not followed up).
    Decisions: N1 scaled, N2 stopped, N3 continued.
    Resources: N1 400 000 earmarked, 100 000 used; N2 600 000 and 50 000.
    N3's review was decided by the reviewer.
    Staff engaged: admin (author of every need, supporter), officer (I1), reviewer (I3,
    review): 3.
    """
    from datetime import date

    from procure.awards.models import Award
    from procure.followup.models import ImplementationDecision, Measurement, OutcomeTarget
    from procure.ideas.models import Idea, IdeaSupport
    from procure.needs.models import Need, NeedOutcome
    from procure.portfolio.models import InitiativeResources

    with seeded.app_context():
        needs = {n.title: n for n in db.session.execute(db.select(Need).filter_by(
            department_id=known.department_id)).scalars()}
        n1, n2, n3 = needs["Behov 1"], needs["Behov 2"], needs["Behov 3"]
        officer, reviewer, admin = (user_by_role(r) for r in ("officer", "reviewer", "admin"))

        def idea(number, created, origin, status, need=None, by=None):
            made = Idea(token=f"loop-token-{number}", fingerprint=f"loop-{number}",
                        origin=origin, status=status, title=f"Idé {number}", problem="P",
                        department_id=known.department_id, need_id=need and need.id,
                        submitted_by_id=by and by.id)
            made.created_at = created
            db.session.add(made)
            return made

        idea(1, datetime(2026, 1, 2, 23, 30, tzinfo=timezone.utc), "staff", "accepted", n1,
             officer)
        idea(2, datetime(2026, 2, 1, 8, tzinfo=timezone.utc), "public", "accepted", n2)
        declined = idea(3, datetime(2026, 3, 1, tzinfo=timezone.utc), "staff", "declined",
                        by=reviewer)
        idea(4, datetime(2025, 12, 31, tzinfo=timezone.utc), "public", "submitted")
        db.session.flush()
        db.session.add(IdeaSupport(idea_id=declined.id, user_id=admin.id,
                                   at=datetime(2026, 3, 2, tzinfo=timezone.utc)))
        for need, signed in ((n1, date(2026, 3, 3)), (n2, date(2026, 6, 1))):
            db.session.add(Award(need_id=need.id, amount_sek=100_000, signed_on=signed,
                                 starts_on=signed, ends_on=date(2027, 6, 1)))
        outcomes = [NeedOutcome(need_id=n1.id, position=1, description="Färre"),
                    NeedOutcome(need_id=n1.id, position=2, description="Fler"),
                    NeedOutcome(need_id=n2.id, position=1, description="Annat")]
        db.session.add_all(outcomes)
        db.session.flush()
        for outcome, baseline, target in ((outcomes[0], 100, 40), (outcomes[1], 0, 10),
                                          (outcomes[2], 0, 10)):
            db.session.add(OutcomeTarget(outcome_id=outcome.id, unit="count",
                                         baseline_value=baseline, target_value=target,
                                         target_on=date(2027, 1, 1)))
        for outcome, on, value in ((outcomes[0], date(2026, 5, 1), 60),
                                   (outcomes[0], date(2026, 9, 1), 30),
                                   (outcomes[1], date(2026, 5, 1), 12),
                                   (outcomes[1], date(2026, 9, 1), 5)):
            db.session.add(Measurement(outcome_id=outcome.id, measured_on=on, value=value,
                                       source="Mätning"))
        for need, decision, count in ((n1, "scaled", 5), (n2, "stopped", None),
                                      (n3, "continued", None)):
            db.session.add(ImplementationDecision(
                need_id=need.id, decision=decision, scale_count=count,
                scale_unit="sites" if count else None, lessons="L",
                decided_on=date(2026, 11, 1)))
        for need, planned, used in ((n1, 400_000, 100_000), (n2, 600_000, 50_000)):
            db.session.add(InitiativeResources(need_id=need.id, budget_planned_sek=planned,
                                               budget_used_sek=used))
        review = next(c for c in n3.status_changes if c.from_status == "in_review")
        review.actor_id = reviewer.id
        db.session.commit()
    return known


def test_the_innovation_loop_figures_by_hand(seeded, loop):
    from procure.metrics import loop as loop_queries
    from procure.metrics.loop import Budget, Decisions

    with seeded.app_context():
        assert loop_queries.ideas_to_needs(loop) == Share(2, 4)
        this_year = Filters(department_id=loop.department_id, year=2026)
        assert loop_queries.ideas_to_needs(this_year) == Share(2, 3)  # I4 came in 2025
        assert loop_queries.median_days_idea_to_contract(loop) == Decimal("90.0")
        assert loop_queries.outcomes_met(loop) == Share(1, 2)
        assert loop_queries.implementation_decisions(loop) == Decisions(1, 1, 1)
        assert loop_queries.innovation_budget(loop) == Budget(1_000_000, 150_000)
        assert loop_queries.staff_engaged(loop) == 3
        # The dashboard asks for them all (and the estimated value) in one statement.
        assert loop_queries.loop_figures(loop) == loop_queries.LoopFigures(
            1_500_000, Share(2, 4), Decimal("90.0"), Share(1, 2), Decisions(1, 1, 1),
            Budget(1_000_000, 150_000), 3)
        # Another division: no need of it, so no idea that became one, nothing measured.
        elsewhere = Filters(department_id=loop.department_id, cpv_division="45")
        assert loop_queries.ideas_to_needs(elsewhere) == Share(0, 0)
        assert loop_queries.median_days_idea_to_contract(elsewhere) is None
        assert loop_queries.outcomes_met(elsewhere) == Share(0, 0)
        assert loop_queries.innovation_budget(elsewhere) == Budget(0, 0)
        assert loop_queries.staff_engaged(elsewhere) == 0
        assert loop_queries.staff_engaged(Filters(department_id=loop.department_id,
                                                  year=2025)) == 0


def test_the_loop_figures_on_the_page_in_the_csv_and_the_pdf(seeded, loop, login):
    import io

    from pypdf import PdfReader

    admin = login("admin")
    query = f"?department={loop.department_id}&year=2026"
    page = admin.get("/dashboard" + query).get_data(as_text=True)
    assert "Inkomna idéer och idéer som blivit behov" in page and "3 / 2" in page
    assert "Mediantid i dagar från idé till kontrakt" in page and "90,0" in page
    assert "Uppföljda effektmål som nåtts" in page
    assert "Initiativ som skalats upp och avbrutits" in page
    assert "Fortsätter som förut: " in page
    assert "150\u00a0000\u00a0kr använt av 1\u00a0000\u00a0000\u00a0kr öronmärkt" in page
    assert "Engagerade medarbetare" in page
    rows = {row[0]: row for row in _read_csv(admin.get("/dashboard/key-figures.csv" + query))}
    assert rows["Inkomna idéer"][1:3] == ["3", "idéer"]
    assert rows["Idéer som blivit behov"][1] == "2"
    assert rows["Mediantid i dagar från idé till kontrakt"][1:3] == ["90,0", "dagar"]
    assert rows["Uppföljda effektmål som nåtts"][1:3] == ["50,0", "%"]
    assert rows["Initiativ som skalats upp"][1] == "1"
    assert rows["Initiativ som avbrutits"][1] == "1"
    assert rows["Öronmärkt innovationsbudget"][1:3] == ["1000000", "SEK"]
    assert rows["Använd innovationsbudget"][1] == "150000"
    assert rows["Engagerade medarbetare"][1:3] == ["3", "personer"]
    pdf = admin.get("/dashboard.pdf" + query)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    text = " ".join(text.split())
    assert "Engagerade medarbetare" in text and "Öronmärkt innovationsbudget" in text
    assert "Mediantid i dagar från idé till kontrakt" in text
