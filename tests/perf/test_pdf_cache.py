"""PDFs cached by the hash of their content: built once, revalidated with an ETag,
rebuilt when the content or the language changes, safe with several writers."""
from __future__ import annotations

import io
import multiprocessing
import os
from datetime import date

import pypdf
import pytest

from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs import sections
from procure.needs.queries import by_reference
from procure.needs.statement import statement_document, statement_pdf_key
from procure.pdf.cache import PdfCache, canonical, content_key
from tests.conftest import user_by_role

NEED = "UTB-2026-001"


@pytest.fixture
def app_config(tmp_path):
    # A cache of this test's own: the session's instance folder is shared by all tests.
    return {"PDF_CACHE_DIR": str(tmp_path / "pdf-cache")}


@pytest.fixture
def builds(monkeypatch):
    """Counts the builder runs of the need statement, the report and the dashboard."""
    counted = {"statement": 0, "report": 0, "dashboard": 0}

    def counting(name, module, attribute):
        original = getattr(module, attribute)

        def build(*args, **kwargs):
            counted[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, attribute, build)

    from procure.dialogues import report_views
    from procure.metrics import views as metric_views
    from procure.needs import statement

    counting("statement", statement, "build_need_statement")
    counting("report", report_views, "build_consultation_report")
    counting("dashboard", metric_views, "build_dashboard_pdf")
    return counted


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_second_download_is_not_built_again(login, builds):
    officer = login("officer")
    first = officer.get(f"/needs/{NEED}/statement.pdf")
    second = officer.get(f"/needs/{NEED}/statement.pdf")
    assert first.status_code == second.status_code == 200
    assert builds["statement"] == 1
    assert second.data == first.data and "Mindre matsvinn" in text_of(second.data)
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Content-Disposition"].startswith("attachment;")
    # A statement is staff-only: not left in a shared computer's browser cache.
    assert first.headers["Cache-Control"] == "private, no-store"


def test_the_browsers_copy_is_confirmed_with_304(login, builds):
    officer = login("officer")
    etag = officer.get(f"/needs/{NEED}/statement.pdf").headers["ETag"]
    again = officer.get(f"/needs/{NEED}/statement.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other = officer.get(f"/needs/{NEED}/statement.pdf", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.data.startswith(b"%PDF")
    assert builds["statement"] == 1


def test_a_changed_need_gives_a_new_pdf(seeded, login, make_need, builds):
    reference = make_need(background="Köken väger inte svinnet.")
    officer = login("officer")
    before = officer.get(f"/needs/{reference}/statement.pdf")
    with seeded.app_context():
        need = by_reference(reference)
        texts = {name: getattr(need, name) for name in sections.SECTION_FIELDS["description"]}
        sections.save_section(need, "description",
                              {**texts, "background": "Ny bakgrund om kökens vågar."},
                              expected_lock_version=need.lock_version,
                              actor=user_by_role("officer"))
        db.session.commit()
    after = officer.get(f"/needs/{reference}/statement.pdf")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert builds["statement"] == 2
    assert "Ny bakgrund om kökens vågar." in text_of(after.data)
    assert "Ny bakgrund" not in text_of(before.data)
    # The old ETag no longer matches: the browser gets the new PDF, not a 304.
    revalidated = officer.get(f"/needs/{reference}/statement.pdf",
                              headers={"If-None-Match": before.headers["ETag"]})
    assert revalidated.status_code == 200 and revalidated.data == after.data


def test_the_statements_language_gives_another_pdf(seeded, login, make_need, builds):
    reference = make_need()
    officer = login("officer")
    swedish = officer.get(f"/needs/{reference}/statement.pdf")
    with seeded.app_context():
        need = by_reference(reference)
        sections.save_section(need, "basics", {
            "title": need.title, "language": "en", "officer_id": need.officer_id,
            "estimated_value_sek": need.estimated_value_sek, "timeline": need.timeline},
            expected_lock_version=need.lock_version, actor=user_by_role("officer"))
        db.session.commit()
    english = officer.get(f"/needs/{reference}/statement.pdf")
    assert english.headers["ETag"] != swedish.headers["ETag"]
    assert "BEHOVSBESKRIVNING" in text_of(swedish.data)
    assert "NEED STATEMENT" in text_of(english.data) and "10 Timeline" in text_of(english.data)
    assert builds["statement"] == 2


def test_the_dashboard_pdf_follows_the_page_language(login, builds):
    officer = login("officer")
    swedish = officer.get("/dashboard.pdf")
    assert officer.get("/dashboard.pdf").data == swedish.data and builds["dashboard"] == 1
    officer.post_form("/language", {"lang": "en"})
    english = officer.get("/dashboard.pdf")
    assert english.headers["ETag"] != swedish.headers["ETag"] and builds["dashboard"] == 2
    assert "Median days" in text_of(english.data)
    assert "Median days" not in text_of(swedish.data)


def test_the_consultation_report_pdf_is_cached_for_everyone(seeded, client, make_client,
                                                           builds):
    with seeded.app_context():
        reported = db.session.execute(db.select(Dialogue.id).filter_by(
            status="reported")).scalar_one()
    url = f"/dialogues/{reported}/report.pdf"
    first = client.get(url)
    second = make_client("supplier").get(url)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and builds["report"] == 1
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_the_command_line_uses_the_same_cache(seeded, login, builds, tmp_path):
    downloaded = login("officer").get(f"/needs/{NEED}/statement.pdf").data
    out = tmp_path / "statement.pdf"
    result = seeded.test_cli_runner().invoke(args=["need-pdf", NEED, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == downloaded and builds["statement"] == 1


def test_the_key_is_the_content_the_version_and_the_language(seeded):
    with seeded.app_context():
        document = statement_document(by_reference(NEED))
        key = statement_pdf_key(by_reference(NEED))
        assert statement_pdf_key(by_reference(NEED)) == key
    assert content_key(document, builder="b", version="1", language="sv") != \
        content_key(document, builder="b", version="2", language="sv")
    assert content_key(document, builder="b", version="1", language="sv") != \
        content_key(document, builder="b", version="1", language="en")
    with pytest.raises(TypeError):
        canonical(object())  # never keyed by a repr that holds an address


def _pdf(number: int, size: int = 40_000) -> bytes:
    return b"%PDF-1.4\n" + bytes([65 + number % 26]) * size + b"\n%%EOF\n"


def test_least_recently_used_pdfs_go_first(tmp_path):
    cache = PdfCache(tmp_path, max_bytes=100_000)  # room for two
    keys = [content_key(n, builder="b", version="1", language="sv") for n in range(3)]
    cache.put(keys[0], _pdf(0))
    cache.put(keys[1], _pdf(1))
    os.utime(cache.path(keys[0]), (1, 1))
    os.utime(cache.path(keys[1]), (2, 2))
    assert cache.get(keys[0]) == _pdf(0)  # a use: now the most recent
    cache.put(keys[2], _pdf(2))
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) == _pdf(0) and cache.get(keys[2]) == _pdf(2)


def test_a_key_that_is_not_a_hash_never_reaches_the_disk(tmp_path):
    with pytest.raises(ValueError):
        PdfCache(tmp_path).get("../../etc/passwd")


WRITERS = 6
ROUNDS = 40


def _write_and_read(folder: str, writer: int) -> list[str]:
    """One worker process: stores and reads PDFs under shared and own keys."""
    cache = PdfCache(folder, max_bytes=300_000)
    problems = []
    for round_number in range(ROUNDS):
        number = (writer + round_number) % 10  # keys shared between the writers
        key = content_key(number, builder="b", version="1", language="sv")
        data = cache.get_or_build(key, lambda number=number: _pdf(number))
        if data != _pdf(number):
            problems.append(f"writer {writer}: key {number} read {len(data)} bytes")
    return problems


def test_the_cache_survives_concurrent_writers(tmp_path):
    context = multiprocessing.get_context("fork")
    with context.Pool(WRITERS) as pool:
        results = pool.starmap(_write_and_read, [(str(tmp_path), w) for w in range(WRITERS)])
    assert [problem for result in results for problem in result] == []
    names = os.listdir(tmp_path)
    assert not [name for name in names if name.endswith(".tmp")], "a temporary file was left"
    cache = PdfCache(tmp_path, max_bytes=300_000)
    for name in names:
        key = name.removesuffix(".pdf")
        number = next(n for n in range(10)
                      if content_key(n, builder="b", version="1", language="sv") == key)
        assert cache.get(key) == _pdf(number)
    assert sum(os.path.getsize(tmp_path / name) for name in names) <= 300_000 + 40_020


def test_the_sample_statement_is_keyed_stably():
    from bench.sample_need import sample_need

    first = content_key(sample_need(), builder="b", version="1", language="sv")
    assert first == content_key(sample_need(), builder="b", version="1", language="sv")
    assert first != content_key(sample_need(version=4), builder="b", version="1",
                                language="sv")
    assert canonical(sample_need(issued=date(2026, 1, 2)))["fields"]["issued"] == {
        "date": "2026-01-02"}


def test_the_builder_version_covers_every_source_file_the_fonts_and_the_libraries(
        tmp_path, monkeypatch):
    """No list of modules to fall behind: a change anywhere in the package, to a font
    or to ReportLab or Babel is a new version (so new keys after an upgrade)."""
    from procure.pdf import cache

    names = [name for name, _path in cache._source_files()]
    # The data models and helpers the builders use, which no list named before.
    for module in ("needs/document.py", "dialogues/report.py", "formatting.py",
                   "pdf/style.py", "charts.py", "metrics/dashboard.py",
                   "translations/sv/LC_MESSAGES/messages.po",
                   "templates/needs/_page_part.html"):
        assert module in names
    assert {"fonts/Vera.ttf", "fonts/VeraBd.ttf"} <= {name for name, _ in cache._font_files()}

    package = tmp_path / "procure"
    (package / "needs").mkdir(parents=True)
    (package / "needs" / "document.py").write_text("TITLE = 'Behov'\n")
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    versions = [cache.builder_version.__wrapped__()]
    (package / "needs" / "document.py").write_text("TITLE = 'Behovet'\n")
    versions.append(cache.builder_version.__wrapped__())
    # The PDFs' texts are in the catalogue: a changed translation is a new version too.
    (package / "messages.po").write_text('msgid "Need"\nmsgstr "Behov"\n')
    versions.append(cache.builder_version.__wrapped__())
    # So is a changed template: kept parts of pages are keyed by the same version.
    (package / "templates").mkdir()
    (package / "templates" / "part.html").write_text("<p>{{ need.title }}</p>\n")
    versions.append(cache.builder_version.__wrapped__())
    monkeypatch.setattr(cache.babel, "__version__", "99.0")
    versions.append(cache.builder_version.__wrapped__())
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    vera = next(path for name, path in cache._font_files() if name == "fonts/Vera.ttf")
    changed_font = fonts / "Vera.ttf"
    changed_font.write_bytes(vera.read_bytes() + b"\0")
    monkeypatch.setattr(cache, "_font_files", lambda: iter([("fonts/Vera.ttf", changed_font)]))
    versions.append(cache.builder_version.__wrapped__())
    assert len(set(versions)) == 6


def test_a_changed_translation_is_a_new_builder_version(tmp_path, monkeypatch):
    """The PDFs' words come from the catalogue: a corrected translation must not be
    served from PDFs built with the old one."""
    from procure.pdf import cache

    assert "translations/sv/LC_MESSAGES/messages.po" in [
        name for name, _path in cache._source_files()]
    catalogue = tmp_path / "procure" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('msgid "DRAFT"\nmsgstr "UTKAST"\n', encoding="utf-8")
    monkeypatch.setattr(cache, "PACKAGE_DIR", tmp_path / "procure")
    before = cache.builder_version.__wrapped__()
    catalogue.write_text('msgid "DRAFT"\nmsgstr "UTKAST!"\n', encoding="utf-8")
    assert cache.builder_version.__wrapped__() != before


def test_the_version_is_worked_out_once_per_process(seeded, login, monkeypatch):
    from procure.pdf import cache

    cache.builder_version()
    monkeypatch.setattr(cache, "_source_files", lambda: pytest.fail("hashed again"))
    officer = login("officer")
    assert officer.get(f"/needs/{NEED}/statement.pdf").status_code == 200
    assert officer.get("/dashboard.pdf").status_code == 200


def test_a_float_and_the_text_that_reads_the_same_are_other_content():
    assert canonical(0.1) != canonical("0.1")
    assert content_key({"share": 0.1}, builder="b", version="1", language="sv") != \
        content_key({"share": "0.1"}, builder="b", version="1", language="sv")
    assert canonical(0.1) == canonical(1 / 10)


def test_a_cache_that_cannot_be_used_still_serves_the_pdf(seeded, login, builds, tmp_path,
                                                         caplog):
    # The folder's place is a file (as a broken mount or a wrong setting leaves it).
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")
    seeded.config["PDF_CACHE_DIR"] = str(blocked / "pdf-cache")
    officer = login("officer")
    with caplog.at_level("WARNING", logger="procure.pdf.cache"):
        responses = [officer.get(f"/needs/{NEED}/statement.pdf") for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]
    assert responses[0].data == responses[1].data
    assert "Mindre matsvinn" in text_of(responses[1].data)
    assert builds["statement"] == 2, "no cache, so each download is built"
    assert "PDF cache: cannot store" in caplog.text


def test_a_cached_file_that_cannot_be_read_is_a_miss(tmp_path):
    cache = PdfCache(tmp_path)
    key = content_key(1, builder="b", version="1", language="sv")
    cache.path(key).mkdir()  # reading it fails with an OSError (IsADirectoryError)
    assert cache.get(key) is None
    assert cache.get_or_build(key, lambda: _pdf(1)) == _pdf(1)  # stored it cannot be


def test_a_hit_stays_a_hit_when_its_time_cannot_be_touched(tmp_path, monkeypatch):
    cache = PdfCache(tmp_path)
    key = content_key(1, builder="b", version="1", language="sv")
    cache.put(key, _pdf(1))

    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "utime", refuse)
    assert cache.get_or_build(key, lambda: pytest.fail("built again")) == _pdf(1)


def test_the_cache_folder_and_size_come_from_the_environment(tmp_path, monkeypatch):
    from procure.config import load_config

    monkeypatch.delenv("PDF_CACHE_DIR", raising=False)
    monkeypatch.delenv("PDF_CACHE_MAX_BYTES", raising=False)
    defaults = load_config(str(tmp_path))
    assert (defaults["PDF_CACHE_DIR"], defaults["PDF_CACHE_MAX_BYTES"]) == (
        str(tmp_path / "pdf-cache"), 100 * 1024 * 1024)
    monkeypatch.setenv("PDF_CACHE_DIR", "/srv/shared/pdf-cache")
    monkeypatch.setenv("PDF_CACHE_MAX_BYTES", "5000000")
    config = load_config(str(tmp_path))
    assert (config["PDF_CACHE_DIR"], config["PDF_CACHE_MAX_BYTES"]) == (
        "/srv/shared/pdf-cache", 5_000_000)


def test_an_etag_opens_no_door(seeded, make_client, builds):
    """A person who may not have the PDF gets the refusal, whatever ETag they send:
    never a 304 that would confirm what the PDF is."""
    with seeded.app_context():
        closed = db.session.execute(db.select(Dialogue.id).filter_by(
            status="closed")).scalar_one()
    officer, admin = make_client("officer"), make_client("admin")
    cases = [
        # A need with no published dialogue: none of the market's business (404).
        (officer, "/needs/UTB-2026-003/statement.pdf", {None: 404, "supplier": 404}),
        (officer, "/dashboard.pdf", {None: 302, "supplier": 403}),
        # A consultation report in the making is the officers' own.
        (admin, f"/dialogues/{closed}/report.pdf", {None: 404, "supplier": 404}),
    ]
    for allowed, url, refusals in cases:
        etag = allowed.get(url).headers["ETag"]
        assert allowed.get(url, headers={"If-None-Match": etag}).status_code == 304
        for role, status in refusals.items():
            response = make_client(role).get(url, headers={"If-None-Match": etag})
            assert response.status_code == status, (url, role)
            assert b"%PDF" not in response.data and "ETag" not in response.headers
