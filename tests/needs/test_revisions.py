"""What changed between two revisions (pure module)."""
from procure.needs.revisions import as_text, compare


def test_outcomes_and_requirements_read_as_lines_in_the_statement_language():
    outcomes = [{"description": "Mindre svinn", "indicator": "Andel slängd mat",
                 "baseline": "25 %", "target": "12 %", "when": "2028"},
                {"description": "Nöjda barn", "indicator": "", "baseline": "", "target": "",
                 "when": ""}]
    assert as_text(outcomes, "sv") == ("1. Mindre svinn (Andel slängd mat: 25 % → 12 %, 2028)\n"
                                       "2. Nöjda barn")
    requirements = [{"text": "Vägning varje dag", "must": False, "outcomes": [1]}]
    assert as_text(requirements, "sv") == "1. [bör] Vägning varje dag (→ 1)"
    assert as_text(requirements, "en") == "1. [should] Vägning varje dag (→ 1)"
    assert (as_text(True, "sv"), as_text(False, "en")) == ("ja", "no")


def test_a_changed_word_shows_as_that_word():
    changes = compare({"background": "Barnen äter lunch."}, {"background": "Barnen äter frukost."})
    assert [c.field for c in changes] == ["background"]
    assert ("removed", "lunch.") in changes[0].segments and ("added", "frukost.") in changes[0].segments


def test_identical_revisions_have_no_changes():
    content = {"title": "A", "outcomes": [], "solution_exists": None}
    assert compare(content, dict(content)) == []
