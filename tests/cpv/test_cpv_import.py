"""``flask --app procure import-cpv PATH`` through the CLI runner."""
import time

import pytest

from procure.audit.models import AuditEvent
from procure.cpv.models import CpvCode
from procure.cpv.services import search_codes
from procure.extensions import db
from tests.cpv.conftest import FULL_LIST, SMALL_COUNT, SMALL_CSV


def import_cpv(app, path):
    return app.test_cli_runner().invoke(args=["import-cpv", str(path)])


def count_codes(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(CpvCode)).scalar_one()


def test_a_good_file_is_imported_with_counts(app, write_csv):
    result = import_cpv(app, write_csv(SMALL_CSV))
    assert result.exit_code == 0, result.output
    assert f"{SMALL_COUNT} codes read" in result.output
    assert f"{SMALL_COUNT} added, 0 updated, 0 unchanged" in result.output
    with app.app_context():
        trees = db.session.get(CpvCode, "03452000-3")
        assert (trees.parent_code, trees.kind, trees.level) == ("03450000-9", "supplies", 4)
        assert trees.label("sv") == "Träd" and trees.label("en") == "Trees"
        assert trees.search_sv == "träd" and trees.division == "03"
        assert db.session.get(CpvCode, "73000000-2").parent_code is None
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(action="cpv.imported"))
        assert event.detail == {"source": "cpv.csv", "added": SMALL_COUNT, "updated": 0,
                                "unchanged": 0}


def test_importing_again_changes_nothing(app, write_csv):
    path = write_csv(SMALL_CSV)
    import_cpv(app, path)
    again = import_cpv(app, path)
    assert again.exit_code == 0, again.output
    assert f"0 added, 0 updated, {SMALL_COUNT} unchanged" in again.output
    assert count_codes(app) == SMALL_COUNT
    with app.app_context():
        # Nothing changed, so nothing more for the audit trail.
        events = db.session.execute(db.select(db.func.count()).select_from(AuditEvent))
        assert events.scalar_one() == 1


def test_a_changed_label_is_updated_and_counted(app, write_csv):
    import_cpv(app, write_csv(SMALL_CSV))
    changed = SMALL_CSV.replace("Trees,Träd", "Trees,Stadsträd") + (
        "73120000-9,73100000-3,services,Experimental development services,"
        "Experimentell utveckling\n")
    result = import_cpv(app, write_csv(changed, name="cpv-2.csv"))
    assert result.exit_code == 0, result.output
    assert f"1 added, 1 updated, {SMALL_COUNT - 1} unchanged" in result.output
    with app.app_context():
        assert db.session.get(CpvCode, "03452000-3").label_sv == "Stadsträd"
        # The search column follows the label.
        assert [found.code for found in search_codes("STADSTRÄD", "sv")] == ["03452000-3"]


def test_a_malformed_file_is_refused_and_nothing_is_written(app, write_csv):
    bad = SMALL_CSV.replace("73110000-6,73100000-3,services,Research services,Forskning",
                            "73110000-6,73100000-3,services,Research services,")
    result = import_cpv(app, write_csv(bad))
    assert result.exit_code == 1
    assert "was not imported (1 problem)" in result.output
    assert "line 8: the Swedish label is empty" in result.output
    assert count_codes(app) == 0


def test_a_missing_file_is_refused(app, tmp_path):
    result = import_cpv(app, tmp_path / "nowhere.csv")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_the_whole_cpv_2008_list(app):
    started = time.perf_counter()
    result = import_cpv(app, FULL_LIST)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert "9454 added, 0 updated, 0 unchanged" in result.output
    assert count_codes(app) == 9454
    with app.app_context():
        assert db.session.get(CpvCode, "55523100-3").label("sv") == "Servering av skolmåltider"
        assert db.session.get(CpvCode, "03452000-3").label("sv") == "Träd"
        assert search_codes("skolmåltider", "sv")[0].code == "15894210-6"  # "Skolmåltider"
    # Bulk writes, not a query per row: seconds, with plenty of margin for slow CI.
    assert elapsed < 30, f"importing took {elapsed:.1f} s"
    again = import_cpv(app, FULL_LIST)
    assert "0 added, 0 updated, 9454 unchanged" in again.output
