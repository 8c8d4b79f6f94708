"""The bulk file: `export-ocds --bulk` publishes every release in one compressed file,
which /open-data offers with its size and date, audited like the API's pages."""
import gzip
import json

import pytest

from procure.audit.models import AuditEvent
from procure.extensions import db
from procure.formatting import format_file_size
from tests.opendata.test_ocds import schema_errors, validator  # noqa: F401

BULK = "/open-data/ocds-releases.json.gz"


@pytest.fixture
def app_config(tmp_path):
    return {"OPEN_DATA_DIR": str(tmp_path / "open-data")}


def publish(app):
    result = app.test_cli_runner().invoke(args=["export-ocds", "--bulk"])
    assert result.exit_code == 0, result.output
    return result


def downloads(app) -> list[dict]:
    with app.app_context():
        return [event.detail for event in db.session.execute(db.select(AuditEvent).filter_by(
            action="export.ocds")).scalars() if event.detail.get("via") == "bulk download"]


def test_before_the_first_bulk_file_the_page_says_so(seeded, client):
    page = client.get("/open-data").get_data(as_text=True)
    assert "har inte publicerats än" in page and BULK not in page
    assert client.get(BULK).status_code == 404


def test_the_bulk_file_is_valid_ocds_and_offered_with_its_size_and_date(
        seeded, client, tmp_path, validator):  # noqa: F811
    assert "Wrote 5 releases" in publish(seeded).output
    path = tmp_path / "open-data" / "ocds-releases.json.gz"
    package = json.loads(gzip.decompress(path.read_bytes()))
    assert len(package["releases"]) == 5 and schema_errors(validator, package) == []

    page = client.get("/open-data").get_data(as_text=True)
    assert f'href="{BULK}"' in page
    assert format_file_size(path.stat().st_size, "sv") in page
    assert "<dt>Utgåvor</dt><dd>5</dd>" in page
    client.post_form("/language", {"lang": "en"})
    english = client.get("/open-data").get_data(as_text=True)
    assert "Everything in one file" in english and format_file_size(
        path.stat().st_size, "en") in english


def test_a_download_is_audited_and_a_harvester_can_revalidate_or_resume(seeded, client,
                                                                        tmp_path):
    publish(seeded)
    content = (tmp_path / "open-data" / "ocds-releases.json.gz").read_bytes()
    answer = client.get(BULK)
    assert answer.status_code == 200 and answer.data == content
    assert answer.mimetype == "application/gzip"
    assert "attachment" in answer.headers["Content-Disposition"]
    assert downloads(seeded) == [{"releases": 5, "via": "bulk download"}]
    unchanged = client.get(BULK, headers={"If-None-Match": answer.headers["ETag"]})
    assert unchanged.status_code == 304
    resumed = client.get(BULK, headers={"Range": "bytes=10-"})
    assert resumed.status_code == 206 and resumed.data == content[10:]
    assert client.head(BULK).status_code == 200
    assert len(downloads(seeded)) == 2  # neither the 304 nor the HEAD sent the file


def test_a_note_of_another_file_is_not_believed(seeded, client, tmp_path):
    publish(seeded)
    (tmp_path / "open-data" / "ocds-releases.about.json").write_text(
        json.dumps({"releases": 99, "bytes": 1}), "utf-8")
    page = client.get("/open-data").get_data(as_text=True)
    assert "<dt>Utgåvor</dt>" not in page and f'href="{BULK}"' in page


@pytest.mark.parametrize("arguments", [[], ["--bulk", "--out", "x.json"]])
def test_the_command_wants_a_file_or_the_bulk_file(seeded, arguments):
    result = seeded.test_cli_runner().invoke(args=["export-ocds", *arguments])
    assert result.exit_code == 2 and "Give --out FILE or --bulk" in result.output
