"""The adviser adds up the city's direct awards of the same CPV group in the financial
year (from the award records) before it says a pilot fits under the limit."""
from datetime import date

from procure.awards.models import Award, Tender
from procure.awards.services import direct_awards_sum
from procure.db import utcnow
from procure.departments.models import Department
from procure.extensions import db
from procure.needs.services import city_date, create_need
from tests.conftest import user_by_role


def _need(title, cpv, procedure="pilot", value=None):
    officer = user_by_role("officer")
    department = db.session.execute(db.select(Department).filter_by(code="UTB")).scalar_one()
    need = create_need(title=title, department=department, officer=officer, language="sv",
                       actor=officer, year=2026)
    need.cpv_main, need.cpv_division = cpv, cpv[:2]
    need.procedure, need.estimated_value_sek = procedure, value
    db.session.flush()
    return need


def _award(need, amount, signed, tender_procedure=None):
    if tender_procedure:
        db.session.add(Tender(need_id=need.id, source="none", procedure=tender_procedure))
    db.session.add(Award(need_id=need.id, amount_sek=amount, signed_on=signed,
                         starts_on=signed, ends_on=date(signed.year + 1, 12, 31)))


def test_only_direct_awards_of_the_group_in_the_year_count(seeded):
    with seeded.app_context():
        counted = _need("Asfalt 1", "45233000-9")
        _award(counted, 250_000, date(2031, 2, 1))  # a pilot without a tender record
        tendered = _need("Asfalt 2", "45233100-0", procedure="open_functional")
        _award(tendered, 100_000.4, date(2031, 12, 31), tender_procedure="direct_award")
        other_group = _need("Byggplats", "45100000-8")
        _award(other_group, 90_000, date(2031, 3, 1))
        last_year = _need("Asfalt 3", "45233000-9")
        _award(last_year, 80_000, date(2030, 12, 31))
        advertised = _need("Asfalt 4", "45233000-9")
        _award(advertised, 70_000, date(2031, 5, 1), tender_procedure="open")
        db.session.flush()
        assert direct_awards_sum("452", 2031) == 350_001  # rounded up to whole kronor
        assert direct_awards_sum("452", 2031, excluding_need_id=counted.id) == 100_001
        assert direct_awards_sum("451", 2031) == 90_000
        assert direct_awards_sum("452", 2030) == 80_000
        assert direct_awards_sum("999", 2031) == 0
        db.session.rollback()


def test_the_need_page_refuses_the_direct_route_when_the_sum_passes_the_limit(seeded,
                                                                            login):
    with seeded.app_context():
        year = city_date(utcnow()).year
        pilot = _need("Ny pilot", "45233000-9", value=300_000)
        earlier = _need("Tidigare pilot", "45233200-1")
        _award(earlier, 350_000, date(year, 1, 15))
        db.session.commit()
        reference, earlier_id = pilot.reference, earlier.id
    officer = login("officer")
    with officer.session_transaction() as session:
        session["lang"] = "en"
    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    assert f"CPV group 452 in {year} add up to SEK\u00a0350,000" in page
    assert "SEK\u00a0650,000, still below the limit" in page
    with seeded.app_context():
        db.session.get(Award, db.session.execute(db.select(Award.id).filter_by(
            need_id=earlier_id)).scalar_one()).amount_sek = 400_000
        db.session.commit()
    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    assert "already add up to SEK\u00a0400,000" in page
    assert "SEK\u00a0700,000, which is not below the limit" in page
    assert "cannot be awarded directly" in page
