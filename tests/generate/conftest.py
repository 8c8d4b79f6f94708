"""A tiny generated data set for the tests of this package: generated once through the
command, kept as rows, and copied back into the tables for each test module (as the
demo data is for ``seeded``), so every module starts from the same data and leaves
empty tables behind."""
from __future__ import annotations

import pytest

from procure import create_app
from tests.conftest import (
    BrowserLikeClient,
    app_for_tests,
    config_for_tests,
    copy_rows,
    empty_and_close,
    sign_in,
    table_rows,
)

AS_OF = "2026-11-01"
SEED = 7


def generate(app, *args: str):
    """Run ``generate-data --scale tiny`` on ``app``'s database; return the CLI result."""
    return app.test_cli_runner().invoke(
        args=["generate-data", "--scale", "tiny", "--as-of", AS_OF, *args])


@pytest.fixture(scope="session")
def generated_rows(database_url) -> dict[str, list[dict]]:
    """Every row ``--scale tiny --seed 7`` writes, by table."""
    app = create_app(config_for_tests(database_url))
    result = generate(app, "--seed", str(SEED))
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = table_rows()
    empty_and_close(app)
    return rows


@pytest.fixture(scope="module")
def generated(database_url, generated_rows):
    """The app on the test database, holding the generated data."""
    app = app_for_tests(database_url)
    with app.app_context():
        copy_rows(generated_rows)
    yield app
    empty_and_close(app)


@pytest.fixture
def signed_in(generated):
    """``signed_in("officer1@utb.example")``: a client signed in as a generated user."""

    def _client(email: str) -> BrowserLikeClient:
        client = generated.test_client()
        sign_in(client, email)
        return client

    return _client
