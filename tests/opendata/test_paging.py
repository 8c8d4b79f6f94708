"""The OCDS API in pages (links.next, since, ETag) and the export written as a stream."""
import gzip
import json
from datetime import timedelta

import pytest

from procure.extensions import db
from procure.opendata import ocds, services
from tests.opendata.test_ocds import URL, export, validator  # noqa: F401

SMALL_PAGES = {"OCDS_PAGE_SIZE": 2}


def _follow(client, url: str) -> list[dict]:
    """Every page from ``url`` on, following links.next (given under PUBLIC_URL)."""
    pages = []
    while url:
        response = client.get(url.removeprefix("http://localhost:5000"))
        assert response.status_code == 200, response.get_data(as_text=True)
        pages.append(response.get_json())
        url = pages[-1].get("links", {}).get("next")
    return pages


@pytest.mark.parametrize("app_config", [SMALL_PAGES])
def test_pages_follow_links_next_to_the_whole_export(seeded, validator):  # noqa: F811
    whole = export(seeded)
    pages = _follow(seeded.test_client(), URL)
    assert len(pages) > 1 and all(0 < len(page["releases"]) <= 2 for page in pages)
    assert [release for page in pages for release in page["releases"]] == whole["releases"]
    for page in pages:
        assert not list(validator.iter_errors(page))
    first, last = pages[0], pages[-1]
    assert first["links"]["next"] == (
        "http://localhost:5000" + URL + "?after=" + first["releases"][-1]["tender"]["id"])
    # Each page declares the extensions it uses: Pagination while a page follows, and
    # partyScale where one of its parties has a scale.
    for page in pages:
        scale = [ocds.PARTY_SCALE_EXTENSION] if any(
            "scale" in party.get("details", {}) for release in page["releases"]
            for party in release["parties"]) else []
        paged = [ocds.PAGINATION_EXTENSION] if page is not last else []
        assert page.get("extensions", []) == paged + scale
    assert "links" not in last
    assert pages[1]["uri"] == first["links"]["next"]


@pytest.mark.parametrize("app_config", [SMALL_PAGES])
def test_since_keeps_the_releases_changed_from_then(seeded):
    releases = export(seeded)["releases"]
    dates = sorted({release["date"] for release in releases})
    middle = dates[len(dates) // 2]
    pages = _follow(seeded.test_client(), f"{URL}?since={middle}")
    kept = [release for page in pages for release in page["releases"]]
    assert kept == [release for release in releases if release["date"] >= middle]
    assert 0 < len(kept) < len(releases)
    assert all("since=" in page["links"]["next"] for page in pages[:-1])

    later = _follow(seeded.test_client(), f"{URL}?since=2999-01-01")
    assert [page["releases"] for page in later] == [[]]


def test_a_since_that_is_no_date_is_refused(seeded):
    response = seeded.test_client().get(URL + "?since=last-tuesday")
    assert response.status_code == 400
    assert "ISO 8601" in response.get_json()["error"]


def test_an_unchanged_page_answers_304(seeded):
    client = seeded.test_client()
    first = client.get(URL)
    assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    again = client.get(URL, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_batches_give_the_same_releases_as_one_read(seeded):
    with seeded.app_context():
        one = ocds.build_package(services.iter_public_needs(), services.publication())
        db.session.remove()
        in_twos = ocds.build_package(
            services.iter_public_needs(batch_size=2, release_memory=True),
            services.publication())
    assert in_twos == one


def test_the_command_streams_a_compressed_bulk_file(seeded, tmp_path):
    path = tmp_path / "releases.json.gz"
    result = seeded.test_cli_runner().invoke(args=["export-ocds", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert "Wrote 5 releases" in result.output
    assert json.loads(gzip.decompress(path.read_bytes())) == export(seeded)


def test_a_streamed_package_reads_as_the_built_one():
    """The writer's JSON, pieced together release by release, parses to the builder's."""
    import io
    from datetime import UTC, datetime

    need = ocds.NeedRelease(
        reference="UTB-2026-009", language="sv", status="approved", withdrawn_from=None,
        version=1, title="Mindre matsvinn", buyer=ocds.Buyer(key="UTB", name="Utbildning"),
        changed=datetime(2026, 3, 1, tzinfo=UTC), approved=datetime(2026, 3, 1, tzinfo=UTC),
        background="", problem="", outcomes=(), contract_kind="services",
        procedure_name="", procedure_reason="", estimated_value_sek=None, cpv=(),
        dialogues=(), market_studies=())
    later = ocds.NeedRelease(**{**need.__dict__, "reference": "UTB-2026-010",
                                "changed": need.changed + timedelta(days=2)})
    publication = ocds.Publication(prefix="ocds-abc123", publisher="Staden", uri="u",
                                   license=None, publication_policy=None)
    out = io.StringIO()
    assert ocds.write_package(out, [need, later], publication) == 2
    assert json.loads(out.getvalue()) == ocds.build_package([need, later], publication)
    empty = io.StringIO()
    ocds.write_package(empty, [], publication)
    assert json.loads(empty.getvalue()) == ocds.build_package([], publication)
