"""The shared pages: start, health, headers, languages and error pages."""
import pytest

from procure import create_app
from procure.core.security import CONTENT_SECURITY_POLICY


def test_start_page_is_swedish_by_default(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Innovationsupphandling för staden" in html
    assert "Gå till huvudinnehållet" in html


def test_language_switch_is_remembered_for_the_browser(client):
    response = client.post_form("/language", {"lang": "en", "next": "/accessibility"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/accessibility"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Innovation procurement for the city" in html


def test_language_switch_refuses_foreign_redirects(client):
    response = client.post_form("/language", {"lang": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_is_remembered_on_the_account(login, make_client):
    client = login("officer")
    client.post_form("/language", {"lang": "en"})
    # A new browser for the same person opens in English.
    other = make_client("officer")
    assert '<html lang="en">' in other.get("/account").get_data(as_text=True)


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    broken = create_app({
        "TESTING": True, "SECRET_KEY": "x",
        # A database in a folder that does not exist cannot be opened.
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "missing" / "db.sqlite3"),
    })
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "down"


def test_security_headers_on_every_response(client):
    for url in ("/", "/login", "/healthz", "/no-such-page", "/static/css/procure.css"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(seeded, client):
    client.post_form("/login", {"email": "officer@procure.example",
                                "password": "procure-demo-2026"})
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only
    assert cookie.same_site == "Lax"


def test_production_needs_a_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PROCURE_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    try:
        create_app()
    except RuntimeError as error:
        assert "SECRET_KEY" in str(error)
    else:
        raise AssertionError("production started without a SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-key")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "p.sqlite3"))
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    # Without PUBLIC_URL, links in feeds and mail would point at localhost: refused.
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app()
    monkeypatch.setenv("PUBLIC_URL", "https://procure.stad.example/")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PUBLIC_URL"] == "https://procure.stad.example"


@pytest.mark.parametrize("url", ["procure.stad.example", "javascript:alert(1)",
                                 "https://procure.stad.example/?next=x"])
def test_a_public_url_that_is_no_web_address_is_refused(monkeypatch, url):
    monkeypatch.setenv("PUBLIC_URL", url)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app()


def test_development_secret_key_is_generated_once(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PROCURE_ENV", "development")
    monkeypatch.setenv("PROCURE_INSTANCE_PATH", str(tmp_path))
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_postgres_spelling_uses_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1/x")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/x"


def test_error_pages_in_both_languages_show_no_internals(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Sidan hittades inte" in page.get_data(as_text=True)
    client.post_form("/language", {"lang": "en"})
    page = client.get("/no-such-page")
    assert "The page was not found" in page.get_data(as_text=True)


def test_unexpected_errors_render_a_plain_500(app, client):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internal detail")

    page = client.get("/boom-for-test")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Något gick fel hos oss" in html
    assert "secret internal detail" not in html and "Traceback" not in html


def test_accessibility_statement_is_public(client):
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert "EN 301 549" in page.get_data(as_text=True)


def test_behind_a_proxy_rate_limits_count_per_client(tmp_path, database_url):
    from tests.conftest import app_for_tests, empty_and_close

    app = app_for_tests(database_url, PROXY_COUNT=1, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()

    def attempt(address):
        return client.post_form("/login", {}, headers={"X-Forwarded-For": address}).status_code

    try:
        assert [attempt("203.0.113.1") for _ in range(3)] == [400, 400, 429]
        assert attempt("203.0.113.2") == 400  # another person is not locked out
    finally:
        # The refused sign-ins wrote audit events: the next test starts from empty tables.
        empty_and_close(app)


def test_every_page_names_its_favicon_and_the_icon_is_served(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
