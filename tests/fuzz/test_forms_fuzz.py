"""Hostile input never breaks a form (issue #9): every form of the app, found from the URL
map, gets random and hostile values (very long text, control characters, right-to-left
and combined unicode, markup and script, SQL fragments, numbers at and past every bound,
impossible and reversed dates, fields left out and sent twice). Each form gets the four
troubles of ``values.TROUBLES`` first (a NUL, a row of nines, 10,000 more characters,
markup, each in every field at once), then random submissions.

For each post: no server error; no markup from the input comes back live; a redirect
stays on the site and the page it leads to renders; a refusal (400) says what to fix and
gives every typed value back. The filter and search forms (GET) get the same values:
no server error, no live markup. Each example runs in a transaction rolled back
afterwards (tests/fuzz/isolation.py), so all start from the demo data.
``PROCURE_FUZZ_EXAMPLES`` sets the number of random examples per form (CI keeps the
default; a few hundred find more on a quiet afternoon).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from werkzeug.datastructures import MultiDict

from tests.fuzz import checks
from tests.fuzz.forms import form_for
from tests.fuzz.isolation import joined_to_one_transaction
from tests.fuzz.targets import GET_TARGETS, NOT_YET_FUZZED, TARGETS, cases, post_rules
from tests.fuzz.values import as_form_data, submissions, troubled_submissions

# Random examples per form, after the four of values.TROUBLES.
EXAMPLES = int(os.environ.get("PROCURE_FUZZ_EXAMPLES", "8"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example])


def test_every_post_rule_has_a_fuzz_target(fuzz_app):
    assert post_rules(fuzz_app) - set(TARGETS) - NOT_YET_FUZZED == set(), \
        "POST rules without a fuzz target"
    assert set(TARGETS) - post_rules(fuzz_app) == set(), "fuzz targets for rules that are gone"
    assert NOT_YET_FUZZED <= post_rules(fuzz_app) - set(TARGETS), "a fuzzed rule still listed"


@pytest.mark.parametrize(("rule", "target"), cases(),
                         ids=[target.label(rule) for rule, target in cases()])
def test_hostile_input_never_breaks_a_form(world, rule, target):
    client = world.client(target.role)
    page_url = world.url(target.page or rule)
    token = client.csrf_token()

    with joined_to_one_transaction(world.app) as isolation:
        with isolation.example():
            page = client.get(page_url)
        assert page.status_code == 200, f"{page_url} as {target.role}: {page.status_code}"
        form = form_for(page.get_data(as_text=True), page_url, rule)
        assert form is not None, f"no form on {page_url} posts to {rule}"
        where = f"POST {form.action} as {target.role}"

        @FUZZ_SETTINGS
        @given(submissions(form))
        def post(pairs):
            with isolation.example():
                # The session as it was: a logout or password change is rolled back too.
                world.restore_session(target.role)
                response = client.post(form.action, data=MultiDict(as_form_data(pairs, token)))
                assert response.status_code < 500, f"{where}: {response.status_code}"
                checks.assert_no_raw_markup(response, where)
                if response.status_code in (301, 302, 303, 307, 308):
                    follow_redirect(client, response, where)
                elif response.status_code == 400 and form.filled_in:
                    html = response.get_data(as_text=True)
                    checks.assert_explains_refusal(html, where)
                    if checks.page_values_intact(pairs, form):
                        lost = checks.lost_values(html, form.action, rule, pairs, form)
                        assert not lost, f"{where}: input lost on refusal: {lost}"

        for pairs in troubled_submissions(form):
            post = example(pairs)(post)
        post()


def follow_redirect(client, response, where: str) -> None:
    """The page a successful post leads to renders, without live markup from the input."""
    checks.assert_stays_on_site(response, where)
    target = response.headers["Location"]
    landed = client.get(target)
    assert landed.status_code < 500, f"{where} → GET {target}: {landed.status_code}"
    checks.assert_no_raw_markup(landed, f"{where} → GET {target}")


@pytest.mark.parametrize("rule", sorted(GET_TARGETS))
def test_hostile_filters_never_break_a_page(world, rule):
    target = GET_TARGETS[rule]
    client = world.client(target.role)
    page_url = world.url(target.page)

    with joined_to_one_transaction(world.app) as isolation:
        with isolation.example():
            page = client.get(page_url)
        form = form_for(page.get_data(as_text=True), page_url, rule, method="get")
        assert form is not None, f"no filter form on {page_url} sends to {rule}"
        where = f"GET {form.action} as {target.role}"

        @FUZZ_SETTINGS
        @given(submissions(form))
        def search(pairs):
            with isolation.example():
                response = client.get(form.action.split("?")[0], query_string=MultiDict(pairs))
                assert response.status_code < 500, f"{where}: {response.status_code}"
                checks.assert_no_raw_markup(response, where)

        for pairs in troubled_submissions(form):
            search = example(pairs)(search)
        search()
