"""Steps that stand on a page of their own: checking a need before sending it for review
(every section with its "Ändra" link, one button that sends), and withdrawing a need,
which says what will happen and asks why before anything is done."""
import re

from procure.extensions import db
from procure.needs.models import Need, NeedOutcome, NeedRequirement, StaffAlert

PROBLEM = "Äldre faller i hemmet och ligger länge innan någon kommer."


def _complete_draft(make_need, seeded) -> str:
    reference = make_need(problem=PROBLEM, estimated_value_sek=2_500_000,
                          cpv_main="33196200-2", timeline="Upphandling 2027.")
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        need.outcomes.append(NeedOutcome(position=1, description="Färre fallolyckor.",
                                         indicator="Fall per år", baseline="35", target="25",
                                         when="2028"))
        need.requirements.append(NeedRequirement(position=1, must=True,
                                                 text="Ett fall upptäcks inom fem minuter."))
        db.session.commit()
    return reference


def _status(seeded, reference) -> str:
    with seeded.app_context():
        return db.session.execute(db.select(Need.status).filter_by(
            reference=reference)).scalar_one()


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def test_submitting_goes_through_a_page_that_shows_every_section(make_need, login, seeded):
    reference = _complete_draft(make_need, seeded)
    officer = login("officer")
    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    # The need page's next step is a link to the check page, not a button that sends.
    assert f'<a class="button" href="/needs/{reference}/submit">Skicka till granskning</a>' \
        in page
    assert 'value="in_review"' not in page

    check = officer.get(f"/needs/{reference}/submit")
    assert check.status_code == 200
    html = _main(check.get_data(as_text=True))
    assert "<h1>Kontrollera behovet innan du skickar det till granskning</h1>" in html
    # Every section's content, each with its "Ändra" link to its form.
    for text in (PROBLEM, "2\u00a0500\u00a0000\u00a0kr", "Färre fallolyckor.",
                 "Ett fall upptäcks inom fem minuter.", "33196200-2", "Upphandling 2027."):
        assert text in html, text
    for section in ("basics", "description", "outcomes", "requirements", "cpv", "procedure"):
        assert re.search(rf'href="/needs/{reference}/edit/{section}">Ändra<span', html), section
    assert "Prova rådgivaren" not in html  # the adviser stays on the need page
    # One button, in a form with the CSRF token, that sends the need.
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    assert len(forms) == 1 and 'name="csrf_token"' in forms[0]
    assert re.findall(r"<button[^>]*>([^<]*)</button>", forms[0]) == ["Skicka till granskning"]
    told = int(re.search(r"(\d+) (?:annan|andra) handläggare på förvaltningen får en avisering",
                         html).group(1))

    # Nothing has happened yet; the button sends it, with the comment for the reviewer.
    assert _status(seeded, reference) == "draft"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', forms[0]).group(1)
    response = officer.post(f"/needs/{reference}/status", data={
        "csrf_token": token, "target": "in_review", "comment": "Klar att läsa."})
    assert response.status_code == 303
    assert _status(seeded, reference) == "in_review"
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert need.status_changes[-1].comment == "Klar att läsa."
        assert db.session.execute(db.select(db.func.count()).select_from(StaffAlert).filter_by(
            need_id=need.id, kind="review_requested")).scalar_one() == told >= 1
    # Sent, the check page is no longer a way forward.
    again = officer.get(f"/needs/{reference}/submit")
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/needs/{reference}")


def test_the_check_page_of_an_incomplete_draft_says_what_is_missing_and_cannot_send(
        make_need, login):
    reference = make_need()
    html = _main(login("officer").get(f"/needs/{reference}/submit").get_data(as_text=True))
    assert "5 saker saknas innan behovet kan skickas till granskning." in html
    assert "Huvudkod (CPV)" in html
    assert "<button" not in html and 'method="post"' not in html


def test_check_and_confirmation_pages_are_for_those_who_may_take_the_step(make_need, make_client,
                                                                         seeded):
    reference = make_need()
    other = make_need(department="MHF", author="admin")
    officer = make_client("officer")
    # Another department's need: read, but not changed, by this officer.
    assert officer.get(f"/needs/{other}").status_code == 200
    assert officer.get(f"/needs/{other}/submit").status_code == 403
    assert officer.get(f"/needs/{other}/withdraw").status_code == 403
    assert officer.get("/needs/UTB-1999-999/submit").status_code == 404
    # A supplier does not reach the needs at all.
    supplier = make_client("supplier")
    assert supplier.get(f"/needs/{reference}/submit").status_code in (403, 404)
    assert supplier.get(f"/needs/{reference}/withdraw").status_code in (403, 404)


def test_withdrawing_is_a_secondary_button_to_a_page_that_says_what_will_happen(
        make_need, login, seeded):
    reference = make_need()
    officer = login("officer")
    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    link = re.search(rf'<a class="([^"]+)" href="/needs/{reference}/withdraw">([^<]+)</a>', page)
    assert link and set(link.group(1).split()) == {"button", "secondary", "warning"}
    assert link.group(2) == "Återkalla behovet…"
    assert 'value="withdrawn"' not in page  # no button on the need page withdraws
    # The submit link comes first: the next step before the one that ends the need.
    assert page.index(f"/needs/{reference}/submit") < page.index(f"/needs/{reference}/withdraw")

    html = _main(officer.get(f"/needs/{reference}/withdraw").get_data(as_text=True))
    assert "<h1>Återkalla behovet</h1>" in html
    assert "Det går inte att ångra." in html
    assert "Ingen får någon avisering" in html
    assert "öppna data" not in html  # a draft was never public
    assert re.search(r'<button type="submit" class="warning">Återkalla behovet</button>', html)
    assert f'href="/needs/{reference}">Gå tillbaka utan att ändra något</a>' in html
    assert _status(seeded, reference) == "draft"

    # Without a reason: the same page again, asking why, and nothing done.
    refused = officer.post_form(f"/needs/{reference}/status", {"target": "withdrawn",
                                                              "comment": "  "})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "<h1>Återkalla behovet</h1>" in text and "Ange varför behovet återkallas." in text
    assert 'aria-invalid="true"' in text
    assert _status(seeded, reference) == "draft"
    done = officer.post_form(f"/needs/{reference}/status", {
        "target": "withdrawn", "comment": "Täcks av ett befintligt avtal."})
    assert done.status_code == 303 and _status(seeded, reference) == "withdrawn"
    assert officer.get(f"/needs/{reference}/withdraw").status_code == 303


def test_withdrawing_an_approved_need_in_dialogue_says_what_stays_public(login, seeded):
    # The demo's need in market dialogue has a published dialogue.
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(status="in_dialogue")).scalars().first()
        reference = need.reference
    html = _main(login("officer").get(f"/needs/{reference}/withdraw").get_data(as_text=True))
    assert "Stadens öppna data visar från och med nu behovet som återkallat." in html
    assert re.search(r"\d+ marknadsdialog(er)? om behovet är fortfarande publicerad", html)


def test_a_refused_comment_comes_back_on_the_check_page_kept(make_need, login, seeded):
    reference = _complete_draft(make_need, seeded)
    comment = "Klar för granskning. " * 100  # past the 2,000 characters a comment holds
    response = login("officer").post_form(f"/needs/{reference}/status",
                                          {"target": "in_review", "comment": comment})
    assert response.status_code == 400
    html = _main(response.get_data(as_text=True))
    assert "<h1>Kontrollera behovet innan du skickar det till granskning</h1>" in html
    assert 'class="field-error"' in html and comment.strip() in html
    assert _status(seeded, reference) == "draft"
